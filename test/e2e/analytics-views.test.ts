import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import type { ZResponseInput } from "../../src/surveys/schema.js";
import { addDays, presetPeriod } from "../../web/src/lib/dates.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";

const EMAIL = "analyst@example.com";
const PASSWORD = "analytics-pass-2026";
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: "en-US" };

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const [database] = testDatabases();
if (!database) throw new Error("no test database");

/**
 * 90 answers, one every 20 hours back from now: the newer half scores higher than the older, Pro
 * customers a point higher than Basic; every third customer lives in Kazan.
 */
function answers(surveyId: string, now: Date): z.input<typeof ZResponseInput>[] {
  const newer = [10, 9, 9, 8, 7, 10, 6];
  const older = [3, 5, 9, 7, 2, 6, 10];
  return Array.from({ length: 90 }, (_, i) => {
    const pro = i % 2 === 1;
    const base = (i < 45 ? newer : older)[i % 7] ?? 7;
    return {
      externalId: `a-${i}`,
      surveyId,
      channel: i % 4 === 0 ? "email" : "link",
      submittedAt: new Date(now.getTime() - (i + 1) * 20 * 3_600_000),
      customer: { externalId: `c-${i % 30}`, attributes: { city: i % 3 === 0 ? "Kazan" : "Moscow" } },
      attributes: { product: pro ? "Pro" : "Basic" },
      answers: { nps: pro ? Math.min(10, base + 1) : base },
    };
  });
}

interface Score {
  value: number | null;
  n: number;
  ci: [number, number] | null;
  lowSample: boolean;
}
interface Comparison {
  a: Score;
  b: Score;
  diff: number | null;
  pValue: number | null;
  significant: boolean;
}

describe("analytics views", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let tenant: Tenant;
  let browser: Browser;
  let base: string;
  let surveyId: string;

  const testid = (page: Page, id: string) => page.getByTestId(id);
  const get = async <T>(url: string): Promise<T> => {
    const res = await tenant.call("GET", url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

  async function signIn(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("dialog", (d) => d.accept());
    await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
    await testid(page, "login-email").fill(EMAIL);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await page.waitForURL((u) => u.pathname === path.split("?")[0]);
    return { page, problems };
  }

  beforeAll(async () => {
    if (!existsSync(resolve(import.meta.dirname, "../../dist/web/index.html"))) {
      throw new Error("build the dashboard first: npx vite build --config web/vite.config.ts");
    }
    handle = await database.open();
    world = await startApp(handle);
    tenant = await makeTenant(world);
    await addUser(world.ctx.db, tenant.workspaceId, {
      email: EMAIL,
      name: "Analyst",
      password: PASSWORD,
      role: "admin",
    });
    const created = await tenant.call("POST", "/api/v1/surveys/from-template", {
      templateId: "relational-nps",
      language: "en",
      name: "Loyalty NPS",
    });
    expect(created.statusCode).toBe(201);
    surveyId = (created.json() as { id: string }).id;
    const ingested = await tenant.call("POST", "/api/v1/responses", {
      responses: answers(surveyId, new Date()),
    });
    expect(ingested.statusCode).toBe(201);
    base = await listen(world);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
  });

  it("creates a segment, and the segment and a typed filter narrow the score as the API does", async () => {
    const { page, problems } = await signIn("/segments");
    await testid(page, "new-segment").click();
    await testid(page, "segment-name").fill("Pro in Kazan");

    // A filter the server cannot parse: its message, with the position, shows at the field.
    await testid(page, "segment-filter").fill("product = Pro AND city");
    await poll(() => page.locator(".modal .field-error").textContent()).toContain("at the end");
    await testid(page, "segment-filter").fill("product = Pro AND city = Kazan");

    // The preview counts the segment's NPS answers over the last 12 months, as the API does.
    const year = presetPeriod("12m", "UTC");
    const preview = await get<Score>(
      `/api/v1/metrics/nps?${q({ filter: "product = Pro AND city = Kazan", from: year.from, to: year.to })}`,
    );
    expect(preview.n).toBe(15);
    await poll(() => testid(page, "preview-n").textContent()).toBe(String(preview.n));
    expect(await testid(page, "preview-nps").textContent()).toBe(preview.value?.toFixed(1));
    await testid(page, "segment-save").click();

    const row = testid(page, "segment-row");
    await poll(() => row.count()).toBe(1);
    const { items } = await get<{ items: { id: string; name: string; filter: string }[] }>(
      "/api/v1/segments",
    );
    expect(items).toEqual([
      expect.objectContaining({ name: "Pro in Kazan", filter: "product = Pro and city = Kazan" }),
    ]);
    const segmentId = items[0]?.id ?? "";
    await poll(() => testid(page, "segment-n").textContent()).toContain("15");

    // On the results page the segment narrows the headline to the API's figures for that segment.
    await page.goto(`${base}/surveys/${surveyId}`);
    await testid(page, "score-value").waitFor();
    const all = await get<Score>(`/api/v1/metrics/nps?${q({ surveyId, from: year.from, to: year.to })}`);
    await poll(() => testid(page, "score-n").textContent()).toBe(String(all.n));
    await testid(page, "scope-segment").selectOption(segmentId);
    const seg = await get<Score>(
      `/api/v1/metrics/nps?${q({ surveyId, from: year.from, to: year.to, segmentId })}`,
    );
    await poll(() => testid(page, "score-n").textContent()).toBe(String(seg.n));
    expect(await testid(page, "score-value").textContent()).toBe(seg.value?.toFixed(1));
    expect(new URL(page.url()).searchParams.get("segmentId")).toBe(segmentId);
    await testid(page, "low-sample").waitFor();
    // The answers list is narrowed too: it asks for the segment's responses.
    const listed = page.waitForRequest(
      (r) => r.url().includes("/api/v1/responses?") && r.url().includes(`segmentId=${segmentId}`),
    );
    await page.reload();
    await listed;

    // A typed filter: a mistake stays in the bar with the server's message and changes nothing…
    await testid(page, "scope-segment").selectOption("");
    await poll(() => testid(page, "score-n").textContent()).toBe(String(all.n));
    await testid(page, "scope-filter").fill("product = ");
    await testid(page, "scope-apply").click();
    await poll(() => testid(page, "scope-error").textContent()).toContain("expected a value");
    expect(new URL(page.url()).searchParams.get("filter")).toBeNull();
    expect(await testid(page, "score-n").textContent()).toBe(String(all.n));

    // …a correct one narrows the score, the breakdown and the export links.
    await testid(page, "scope-filter").fill("product = Basic");
    await testid(page, "scope-apply").click();
    const basic = await get<Score & { breakdown: { key: string; n: number }[] }>(
      `/api/v1/metrics/nps?${q({ surveyId, from: year.from, to: year.to, filter: "product = Basic", segment: "channel" })}`,
    );
    expect(basic.n).toBe(45);
    await poll(() => testid(page, "score-n").textContent()).toBe("45");
    expect(await testid(page, "score-value").textContent()).toBe(basic.value?.toFixed(1));
    await poll(() => testid(page, "breakdown").locator("tbody tr").count()).toBe(basic.breakdown.length);
    const counts = await testid(page, "breakdown").locator("tbody tr td:last-child").allTextContents();
    expect(counts.map((c) => Number.parseInt(c, 10))).toEqual(basic.breakdown.map((b) => b.n));

    const trendCsv = (await testid(page, "export-trend-csv").getAttribute("href")) ?? "";
    expect(new URL(trendCsv, base).searchParams.get("filter")).toBe("product = Basic");
    const download = await page.request.get(`${base}${trendCsv}`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toContain("text/csv");
    const xlsx = await page.request.get(
      `${base}${(await testid(page, "export-breakdown-xlsx").getAttribute("href")) ?? ""}`,
    );
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
    const answersCsv = await page.request.get(
      `${base}${(await testid(page, "export-answers-csv").getAttribute("href")) ?? ""}`,
    );
    expect(answersCsv.status()).toBe(200);
    // The answers export is narrowed like the scores: the header and the 45 Basic answers.
    expect((await answersCsv.text()).trim().split("\n")).toHaveLength(basic.n + 1);

    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("compares two segments and two periods with the API's numbers and verdict", async () => {
    const { items } = await get<{ items: { id: string }[] }>("/api/v1/segments");
    const segmentId = items[0]?.id ?? "";
    const period = presetPeriod("90d", "UTC");
    const { page, problems } = await signIn(`/surveys/${surveyId}/compare?period=90d`);
    await testid(page, "compare-prompt").waitFor();

    // Segment vs segment: a saved segment against a typed filter.
    await testid(page, "side-a-segment").selectOption(segmentId);
    await testid(page, "side-b-filter").fill("product = Basic");
    await testid(page, "side-b-apply").click();
    const seg = await get<Comparison>(
      `/api/v1/metrics/nps/compare?${q({ surveyId, from: period.from, to: period.to, aSegmentId: segmentId, b: "product = Basic" })}`,
    );
    await poll(() => testid(page, "compare-b-n").textContent()).toBe(String(seg.b.n));
    expect(await testid(page, "compare-a-n").textContent()).toBe(String(seg.a.n));
    expect(await testid(page, "compare-a-value").textContent()).toBe(seg.a.value?.toFixed(1));
    expect(await testid(page, "compare-b-value").textContent()).toBe(seg.b.value?.toFixed(1));
    expect(Number(await testid(page, "compare-diff").getAttribute("data-value"))).toBeCloseTo(
      seg.diff ?? Number.NaN,
      9,
    );
    expect(Number(await testid(page, "compare-p").getAttribute("data-value"))).toBeCloseTo(
      seg.pValue ?? Number.NaN,
      9,
    );
    expect(await testid(page, "compare-verdict").getAttribute("data-significant")).toBe(
      String(seg.significant),
    );
    expect(await testid(page, "compare-statement").textContent()).toBe(
      seg.significant ? "Significant at the 5% level" : "Not significant at the 5% level",
    );
    // Fifteen answers are few: side A says so.
    expect(seg.a.lowSample).toBe(true);
    await testid(page, "compare-a-low").waitFor();

    // A side with a mistake shows the server's message on that side.
    await testid(page, "side-b-filter").fill("product in (Basic");
    await testid(page, "side-b-apply").click();
    await poll(() => testid(page, "side-b-error").textContent()).toContain("expected");

    // Before/after a chosen day.
    await testid(page, "compare-mode-period").click();
    const split = addDays(period.to, -38);
    await testid(page, "split-date").fill(split);
    const ba = await get<Comparison>(
      `/api/v1/metrics/nps/compare?${q({ surveyId, from: period.from, to: period.to, splitAt: split })}`,
    );
    expect(ba.a.n + ba.b.n).toBe(90);
    await poll(() => testid(page, "compare-a-n").textContent()).toBe(String(ba.a.n));
    expect(await testid(page, "compare-b-n").textContent()).toBe(String(ba.b.n));
    expect(await testid(page, "compare-a-value").textContent()).toBe(ba.a.value?.toFixed(1));
    expect(await testid(page, "compare-b-value").textContent()).toBe(ba.b.value?.toFixed(1));
    const ci = await testid(page, "compare-b-ci").textContent();
    expect(ci).toContain(ba.b.ci?.[0].toFixed(1));
    expect(ci).toContain(ba.b.ci?.[1].toFixed(1));
    expect(Number(await testid(page, "compare-diff").getAttribute("data-value"))).toBeCloseTo(
      ba.diff ?? Number.NaN,
      9,
    );
    expect(await testid(page, "compare-verdict").getAttribute("data-significant")).toBe(
      String(ba.significant),
    );
    expect(new URL(page.url()).searchParams.get("split")).toBe(split);

    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("shows a portfolio of score cards per group and remembers its configuration", async () => {
    const { page, problems } = await signIn("/portfolio");
    await testid(page, "portfolio-config").waitFor();
    await testid(page, "portfolio-by").selectOption("product");
    await testid(page, "portfolio-metric-csat").uncheck();
    await testid(page, "portfolio-metric-ces").uncheck();

    const year = presetPeriod("12m", "UTC");
    const api = await get<{ rows: { key: string; cells: Record<string, Score> }[] }>(
      `/api/v1/metrics/portfolio?${q({ by: "product", metrics: "nps", from: year.from, to: year.to })}`,
    );
    expect(api.rows.map((r) => r.key).sort()).toEqual(["Basic", "Pro"]);
    const rows = testid(page, "portfolio-row");
    await poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-key")))).toEqual(
      api.rows.map((r) => r.key),
    );
    for (const r of api.rows) {
      const cell = page.locator(`[data-testid="portfolio-row"][data-key="${r.key}"] [data-metric="nps"]`);
      expect(Number(await cell.getAttribute("data-n"))).toBe(r.cells.nps?.n);
      expect(await cell.locator(".cell-value").textContent()).toBe(r.cells.nps?.value?.toFixed(1));
    }
    expect(await page.locator("[data-testid=portfolio-cell]").count()).toBe(2);

    // The configuration is in the URL, and a bare /portfolio brings it back.
    expect(new URL(page.url()).searchParams.get("by")).toBe("product");
    await testid(page, "nav-surveys").click();
    await testid(page, "nav-portfolio").click();
    await poll(() => new URL(page.url()).searchParams.get("metrics")).toBe("nps");
    expect(new URL(page.url()).searchParams.get("by")).toBe("product");
    await poll(() => rows.count()).toBe(2);

    expect(problems).toEqual([]);
    await page.context().close();
  });
});
