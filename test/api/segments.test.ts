import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { npsFromScores } from "../../src/metrics/index.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const PRODUCTS = ["Pro", "Basic"];
const CITIES = ["Kazan", "Moscow", "Nizhny Novgorod"];

interface Row {
  score: number;
  product: string;
  city: string;
  channel: string;
  day: number;
}

describe.each(testDatabases())("segments, filters and comparisons on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let other: Tenant;
  let surveyId: string;
  const rows: Row[] = [];

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: new Date("2026-07-01T00:00:00Z") });
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
    other = await makeTenant(world);
    surveyId = (await createSurvey(t)).id;
    rows.push(
      ...fc.sample(
        fc.record({
          score: fc.integer({ min: 0, max: 10 }),
          product: fc.constantFrom(...PRODUCTS),
          city: fc.constantFrom(...CITIES),
          channel: fc.constantFrom("email", "link"),
          day: fc.integer({ min: 0, max: 119 }),
        }),
        { numRuns: 400, seed: 11 },
      ),
    );
    const res = await t.call("POST", "/api/v1/responses", {
      responses: rows.map((r, i) => ({
        externalId: `r${i}`,
        surveyId,
        channel: r.channel,
        submittedAt: new Date(Date.parse("2026-03-01T12:00:00Z") + r.day * 86_400_000).toISOString(),
        customer: { externalId: `c${i % 50}`, attributes: { city: r.city } },
        attributes: { product: r.product },
        answers: { nps: r.score },
      })),
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  // Customers c0…c49 answered several times with different cities: the customer's latest city wins.
  const cityOf = (i: number) => {
    let city = "";
    for (let j = i % 50; j < rows.length; j += 50) city = rows[j]?.city ?? city;
    return city;
  };

  it("a filter gives the pure NPS of the matching answers, from rollups or raw answers alike", async () => {
    await t.call("PATCH", "/api/v1/workspace", { rollupDimensions: ["product"] });
    const cases: [string, (r: Row, i: number) => boolean][] = [
      ["product = Pro", (r) => r.product === "Pro"],
      ["product = Pro AND city = Kazan", (r, i) => r.product === "Pro" && cityOf(i) === "Kazan"],
      [`city in (Kazan, "Nizhny Novgorod")`, (_r, i) => ["Kazan", "Nizhny Novgorod"].includes(cityOf(i))],
      ["channel != email", (r) => r.channel !== "email"],
    ];
    for (const [filter, match] of cases) {
      const res = await t.call(
        "GET",
        `/api/v1/metrics/nps?surveyId=${surveyId}&from=2026-03-01&to=2026-07-01&filter=${encodeURIComponent(filter)}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const expected = npsFromScores(rows.filter(match).map((r) => r.score));
      const body = res.json();
      expect(body.n).toBe(expected.n);
      expect(body.value).toBeCloseTo(expected.value ?? Number.NaN, 9);
      expect(body.source).toBe(
        filter === "product = Pro" || filter === "channel != email" ? "rollup" : "raw",
      );
    }
    // With the pair dimension the two-attribute segment, and either attribute alone, read rollups.
    const pair = await t.call("PATCH", "/api/v1/workspace", { rollupDimensions: ["city+product"] });
    expect(pair.statusCode, pair.body).toBe(200);
    for (const [filter, match] of cases.slice(0, 3)) {
      const body = (
        await t.call(
          "GET",
          `/api/v1/metrics/nps?surveyId=${surveyId}&from=2026-03-01&to=2026-07-01&filter=${encodeURIComponent(filter)}`,
        )
      ).json();
      const expected = npsFromScores(rows.filter(match).map((r) => r.score));
      expect(body.n).toBe(expected.n);
      expect(body.value).toBeCloseTo(expected.value ?? Number.NaN, 9);
      expect(body.source).toBe("rollup");
    }
    await t.call("PATCH", "/api/v1/workspace", { rollupDimensions: ["product"] });
  });

  it("saves segments, uses them in metric calls, and refuses bad filters naming the field", async () => {
    const bad = await t.call("POST", "/api/v1/segments", { name: "Bad", filter: "product Pro" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe("filter");
    const created = await t.call("POST", "/api/v1/segments", {
      name: "Pro in Kazan",
      filter: "product=Pro and city = Kazan",
    });
    expect(created.statusCode).toBe(201);
    const seg = created.json();
    expect(seg.filter).toBe("product = Pro and city = Kazan");
    expect(
      (await t.call("POST", "/api/v1/segments", { name: "Pro in Kazan", filter: "product = Basic" }))
        .statusCode,
    ).toBe(409);
    const viaSegment = await t.call("GET", `/api/v1/metrics/nps?surveyId=${surveyId}&segmentId=${seg.id}`);
    const viaFilter = await t.call(
      "GET",
      `/api/v1/metrics/nps?surveyId=${surveyId}&filter=${encodeURIComponent("product = Pro AND city = Kazan")}`,
    );
    expect(viaSegment.json().n).toBe(viaFilter.json().n);
    expect(viaSegment.json().value).toBe(viaFilter.json().value);
    // another workspace sees nothing of it
    expect((await other.call("GET", `/api/v1/segments/${seg.id}`)).statusCode).toBe(404);
    expect((await other.call("GET", `/api/v1/metrics/nps?segmentId=${seg.id}`)).statusCode).toBe(404);
    expect((await other.call("GET", "/api/v1/segments")).json().items).toEqual([]);
    const renamed = await t.call("PATCH", `/api/v1/segments/${seg.id}`, { name: "Kazan Pro" });
    expect(renamed.json().name).toBe("Kazan Pro");
    expect((await t.call("DELETE", `/api/v1/segments/${seg.id}`)).statusCode).toBe(204);
    expect((await t.call("GET", `/api/v1/segments/${seg.id}`)).statusCode).toBe(404);
  });

  it("compares before/after a date and two segments with the z-test", async () => {
    const split = await t.call(
      "GET",
      `/api/v1/metrics/nps/compare?surveyId=${surveyId}&from=2026-03-01&to=2026-07-01&splitAt=2026-05-01`,
    );
    expect(split.statusCode, split.body).toBe(200);
    const s = split.json();
    // Answers at 12:00 UTC are 15:00 in Moscow: day index d falls before May 1st when d < 61.
    const before = npsFromScores(rows.filter((r) => r.day < 61).map((r) => r.score));
    const after = npsFromScores(rows.filter((r) => r.day >= 61).map((r) => r.score));
    expect([s.a.n, s.b.n]).toEqual([before.n, after.n]);
    expect(s.diff).toBeCloseTo((after.value ?? 0) - (before.value ?? 0), 9);
    expect(typeof s.pValue).toBe("number");
    expect(s.significant).toBe(s.pValue < 0.05 && s.a.n >= 30 && s.b.n >= 30);

    const seg = await t.call(
      "GET",
      `/api/v1/metrics/nps/compare?surveyId=${surveyId}&a=${encodeURIComponent("product = Pro")}&b=${encodeURIComponent("product = Basic")}`,
    );
    const c = seg.json();
    expect(c.a.n).toBe(rows.filter((r) => r.product === "Pro").length);
    expect(c.b.n).toBe(rows.filter((r) => r.product === "Basic").length);
    expect(c.a.n + c.b.n).toBe(rows.length);

    const wrong = await t.call(
      "GET",
      `/api/v1/metrics/nps/compare?surveyId=${surveyId}&from=2026-03-01&to=2026-07-01&splitAt=2027-01-01`,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe("query.splitAt");
  });

  it("builds a metric portfolio per customer type", async () => {
    const res = await t.call("GET", "/api/v1/metrics/portfolio?by=product&metrics=nps,csat");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.metrics).toEqual(["nps"]);
    const pro = body.rows.find((r: { key: string }) => r.key === "Pro");
    expect(pro.cells.nps.n).toBe(rows.filter((r) => r.product === "Pro").length);
  });

  it("changing the time zone or the dimensions rebuilds rollups without changing results", async () => {
    const url = `/api/v1/metrics/nps?surveyId=${surveyId}&from=2026-03-01&to=2026-07-01&groupBy=month&segment=product`;
    const first = (await t.call("GET", url)).json();
    await t.call("PATCH", "/api/v1/workspace", { rollupDimensions: ["city", "product"] });
    const second = (await t.call("GET", url)).json();
    expect(second.series).toEqual(first.series);
    expect(second.breakdown).toEqual(first.breakdown);
    const tz = await t.call("PATCH", "/api/v1/workspace", { timeZone: "Asia/Vladivostok" });
    expect(tz.statusCode).toBe(200);
    const third = (await t.call("GET", url)).json();
    expect(third.source).toBe("rollup");
    expect(third.from).toBe("2026-02-28T14:00:00.000Z");
    for (const dims of [["a b"], ["city+city"], ["city+product+plan"], ["city+product", "product+city"]]) {
      const bad = await t.call("PATCH", "/api/v1/workspace", { rollupDimensions: dims });
      expect(bad.statusCode, dims.join()).toBe(400);
      expect(bad.json().error.field).toMatch(/^rollupDimensions/);
    }
    await t.call("PATCH", "/api/v1/workspace", { timeZone: "Europe/Moscow" });
  });
});
