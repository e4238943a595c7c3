/**
 * Predictive CLV end to end: the CDNOW sample imported as orders through the CSV API, fitted with the
 * 39-week calibration ending 1997-09-30, reproduces the published BG/NBD and Gamma-Gamma estimates.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { runCli, serve } from "../helpers/cli.js";
import { testDatabases } from "../helpers/db.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/cdnow");
const NOW = new Date("1998-07-01T00:00:00Z");

/** `customer_id sample_id YYYYMMDD cds dollars` → an orders CSV; the customer is the sample id. */
function cdnowOrdersCsv(): string {
  const lines = ["external_id,customer_id,ordered_at,amount,quantity"];
  readFileSync(resolve(FIXTURES, "CDNOW_sample.txt"), "utf8")
    .trim()
    .split("\n")
    .forEach((line, i) => {
      const [, sample = "", date = "", cds = "", dollars = ""] = line.trim().split(/\s+/);
      lines.push(
        `t${i + 1},${sample},${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)},${dollars},${cds}`,
      );
    });
  return `${lines.join("\n")}\n`;
}

const within = (actual: number | undefined, expected: number, tolerance = 0.01) =>
  expect(Math.abs((actual ?? Number.NaN) / expected - 1), `${actual} vs ${expected}`).toBeLessThan(tolerance);

describe.each(testDatabases())("predictive CLV on CDNOW on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    const res = await world.app.inject({
      method: "POST",
      url: "/api/v1/imports/orders",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "text/csv" },
      payload: cdnowOrdersCsv(),
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  });
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("says so before the first fit", async () => {
    const other = await makeTenant(world);
    expect((await other.call("GET", "/api/v1/clv/fit")).statusCode).toBe(404);
  });

  it("reproduces the published BG/NBD and Gamma-Gamma estimates", async () => {
    const res = await t.call("POST", "/api/v1/clv/fit", { calibrationEnd: "1997-09-30" });
    expect(res.statusCode, res.body).toBe(201);
    const fit = res.json();
    expect(fit.totals).toMatchObject({ customers: 2357, repeatBuyers: 946 });
    expect(fit.purchases.converged).toBe(true);
    within(fit.purchases.params.r, 0.243);
    within(fit.purchases.params.alpha, 4.414);
    within(fit.purchases.params.a, 0.793);
    within(fit.purchases.params.b, 2.426);
    expect(Math.abs(fit.purchases.logLikelihood + 9582.4)).toBeLessThan(0.5);
    within(fit.spend.params.p, 6.25);
    within(fit.spend.params.q, 3.74);
    within(fit.spend.params.gamma, 15.44);
    expect((await t.call("GET", "/api/v1/clv/fit")).json()).toEqual(fit);
  });

  it("lists per-customer predictions by page and exports them all as CSV", async () => {
    const first = (await t.call("GET", "/api/v1/clv/customers?limit=5")).json();
    expect(first.total).toBe(2357);
    expect(first.items).toHaveLength(5);
    const clvs = first.items.map((c: { clv: number }) => c.clv);
    expect([...clvs].sort((a, b) => b - a)).toEqual(clvs);
    const next = (await t.call("GET", "/api/v1/clv/customers?limit=5&offset=5")).json();
    expect(next.items[0].clv).toBeLessThanOrEqual(clvs[4]);
    for (const c of first.items) {
      expect(c.probabilityAlive).toBeGreaterThan(0);
      expect(c.probabilityAlive).toBeLessThanOrEqual(1);
      expect(c.expectedPurchases).toBeGreaterThan(0);
    }
    const byAlive = (await t.call("GET", "/api/v1/clv/customers?sort=probabilityAlive&limit=3")).json();
    expect(byAlive.items[0].probabilityAlive).toBeGreaterThanOrEqual(byAlive.items[2].probabilityAlive);

    const csv = await t.call("GET", "/api/v1/clv/customers.csv");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const rows = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2357);
    expect(rows[0]?.external_id).toBe(first.items[0].externalId);
    expect(Number(rows[0]?.clv)).toBeCloseTo(clvs[0], 6);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(2357);

    const xlsx = await t.call("GET", "/api/v1/clv/customers.xlsx");
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-disposition"]).toContain(".xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet?.rowCount).toBe(2358);
    expect(sheet?.getRow(1).getCell(1).value).toBe("external_id");
    expect(sheet?.getRow(2).getCell(1).value).toBe(first.items[0].externalId);
    expect(Number(sheet?.getRow(2).getCell(10).value)).toBeCloseTo(clvs[0], 6);
  });

  it("otklik clv fit prints the fit, or its JSON", async () => {
    const url = await serve(world);
    const text = await runCli(["clv", "fit", "--calibration-end", "1997-09-30", "--top", "3"], {
      url,
      key: t.key,
    });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/BG\/NBD\s+r=0\.24\d α=4\.4\d\d a=0\.79\d b=2\.4\d\d/);
    expect(text.stdout).toMatch(/log-likelihood -958[23]\.\d, n=2357, converged/);
    expect(text.stdout).toMatch(/Gamma-Gamma\s+p=6\.\d+ q=3\.\d+ γ=15\.\d+/);
    expect(
      text.stdout.split("\n").filter((l) => /^\d{4}\s/.test(l) || /^\S+\s+\d\.\d{3}\s+\d/.test(l)),
    ).toHaveLength(3);

    const json = await runCli(["clv", "fit", "--calibration-end", "1997-09-30", "--json", "--top", "2"], {
      url,
      key: t.key,
    });
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    within(out.fit.purchases.params.r, 0.243);
    expect(out.top).toHaveLength(2);
    const bad = await runCli(["clv", "fit", "--calibration-end", "2999-01-01"], { url, key: t.key });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/future/);
  });
});
