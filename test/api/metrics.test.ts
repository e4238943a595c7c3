import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import {
  type CsatScale,
  cesFromScores,
  compareNps,
  csatFromScores,
  type Interval,
  npsFromScores,
} from "../../src/metrics/index.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;

interface Point {
  value: number | null;
  n: number;
  ci: Interval | null;
  lowSample: boolean;
}

/** The API's number equals the kernel's, up to the order floating-point sums are taken in. */
function expectSamePoint(actual: Point, expected: { value: number | null; n: number; ci: Interval | null }) {
  expect(actual.n).toBe(expected.n);
  if (expected.value === null) expect(actual.value).toBeNull();
  else expect(actual.value).toBeCloseTo(expected.value, 9);
  if (expected.ci === null) expect(actual.ci).toBeNull();
  else {
    expect(actual.ci?.[0]).toBeCloseTo(expected.ci[0], 9);
    expect(actual.ci?.[1]).toBeCloseTo(expected.ci[1], 9);
  }
}

/** A survey with one NPS, one CSAT (on the given scale and threshold) and one CES question. */
async function scoreSurvey(t: Tenant, scale: CsatScale, positiveThreshold?: number): Promise<string> {
  const res = await t.call("POST", "/api/v1/surveys", {
    name: "Scores",
    kind: "transactional",
    definition: {
      languages: ["en"],
      defaultLanguage: "en",
      questions: [
        { id: "nps", type: "nps", title: { en: "Recommend?" } },
        { id: "csat", type: "csat", scale, positiveThreshold, title: { en: "Satisfied?" } },
        { id: "ces", type: "ces", title: { en: "Easy?" } },
      ],
      thankYou: { title: { en: "Thanks" } },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function ingest(t: Tenant, responses: object[]) {
  for (let i = 0; i < responses.length; i += 1000) {
    const res = await t.call("POST", "/api/v1/responses", { responses: responses.slice(i, i + 1000) });
    expect(res.statusCode, res.body).toBe(201);
  }
}

describe.each(testDatabases())("metrics on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  async function metric(t: Tenant, name: string, query: string) {
    const res = await t.call("GET", `/api/v1/metrics/${name}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it("computes NPS, CSAT and CES exactly as the metrics kernel does", async () => {
    const answer = (max: number, min: number) =>
      fc.record({ score: fc.integer({ min, max }), daysAgo: fc.integer({ min: 0, max: 59 }) });
    const scales: CsatScale[] = [2, 3, 5, 7, 10];
    const data = fc.constantFrom(...scales).chain((scale) =>
      fc.record({
        scale: fc.constant(scale),
        threshold: fc.option(fc.integer({ min: 1, max: scale }), { nil: undefined }),
        nps: fc.array(answer(10, 0), { maxLength: 200 }),
        csat: fc.array(answer(scale, 1), { maxLength: 200 }),
        ces: fc.array(answer(7, 1), { maxLength: 200 }),
        hour: fc.integer({ min: 0, max: 23 }),
      }),
    );
    // The window [from, to) ends at NOW's day and starts 30 days before, at a time of day that is
    // not midnight, so both the daily rollups (all time) and the raw answers (window) are exercised.
    await fc.assert(
      fc.asyncProperty(data, async ({ scale, threshold, nps, csat, ces, hour }) => {
        const t = await makeTenant(world);
        const surveyId = await scoreSurvey(t, scale, threshold);
        const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY - 3_600_000);
        const length = Math.max(nps.length, csat.length, ces.length);
        const responses = Array.from({ length }, (_, i) => {
          const answers: Record<string, number> = {};
          const ats: number[] = [];
          for (const [q, list] of [
            ["nps", nps],
            ["csat", csat],
            ["ces", ces],
          ] as const) {
            const a = list[i];
            if (a) {
              answers[q] = a.score;
              ats.push(a.daysAgo);
            }
          }
          return { surveyId, answers, daysAgo: ats[0] ?? 0 };
        });
        // One response carries all its answers at one time, so the kernel side uses that time too.
        await ingest(
          t,
          responses.map((r) => ({ surveyId, answers: r.answers, submittedAt: at(r.daysAgo).toISOString() })),
        );
        const from = new Date(NOW.getTime() - 30 * DAY + hour * 3_600_000);
        const inWindow = (r: (typeof responses)[number]) => at(r.daysAgo) >= from && at(r.daysAgo) < NOW;
        const scores = (q: "nps" | "csat" | "ces", filter: (r: (typeof responses)[number]) => boolean) =>
          responses.flatMap((r) => (filter(r) && r.answers[q] !== undefined ? [r.answers[q] ?? 0] : []));
        const window = `from=${from.toISOString()}&to=${NOW.toISOString()}`;

        for (const [query, filter] of [
          ["", () => true],
          [window, inWindow],
        ] as const) {
          const q = `surveyId=${surveyId}${query ? `&${query}` : ""}`;
          const n = npsFromScores(scores("nps", filter));
          expectSamePoint(await metric(t, "nps", q), n);
          const c = csatFromScores(scores("csat", filter), scale, threshold).percent;
          expectSamePoint(await metric(t, "csat", q), c);
          const e = cesFromScores(scores("ces", filter));
          expectSamePoint(await metric(t, "ces", q), { value: e.mean, n: e.n, ci: e.ci });
        }
      }),
      { numRuns: 15 },
    );
  });

  it("groups by month in the workspace time zone (Europe/Moscow)", async () => {
    const moscow = await makeTenant(world, { timeZone: "Europe/Moscow" });
    const utc = await makeTenant(world, { timeZone: "UTC" });
    const rows = [
      ["2025-12-31T20:30:00Z", 0], // 23:30 on 31 December in Moscow: before the period
      ["2025-12-31T21:30:00Z", 10], // 00:30 on 1 January in Moscow
      ["2026-01-31T20:30:00Z", 9], // 23:30 on 31 January in Moscow
      ["2026-01-31T23:30:00Z", 3], // 02:30 on 1 February in Moscow, still January in UTC
      ["2026-02-28T20:59:59Z", 6], // 23:59:59 on 28 February in Moscow
      ["2026-02-28T21:00:00Z", 10], // 1 March in Moscow: after the period
    ] as const;
    const results = [];
    for (const t of [moscow, utc]) {
      const surveyId = (await createSurvey(t)).id;
      await ingest(
        t,
        rows.map(([submittedAt, nps]) => ({ surveyId, submittedAt, answers: { nps } })),
      );
      results.push(
        await metric(t, "nps", `surveyId=${surveyId}&from=2026-01-01&to=2026-03-01&groupBy=month`),
      );
      results.push(
        await metric(
          t,
          "nps",
          `surveyId=${surveyId}&from=2025-12-31T21:00:00Z&to=2026-02-28T21:00:00Z&groupBy=month`,
        ),
      );
    }
    const [mskDates, mskInstants, utcDates] = results;
    for (const r of [mskDates, mskInstants]) {
      expect(r.from).toBe("2025-12-31T21:00:00.000Z");
      expect(r.to).toBe("2026-02-28T21:00:00.000Z");
      expect(r.n).toBe(4);
      expect(r.series.map((s: { period: string }) => s.period)).toEqual(["2026-01-01", "2026-02-01"]);
      expectSamePoint(r.series[0], npsFromScores([10, 9]));
      expectSamePoint(r.series[1], npsFromScores([3, 6]));
    }
    // The same instants in a UTC workspace: 23:30 UTC on 31 January stays in January.
    expect(utcDates.from).toBe("2026-01-01T00:00:00.000Z");
    expect(utcDates.series.map((s: { period: string }) => s.period)).toEqual(["2026-01-01", "2026-02-01"]);
    expectSamePoint(utcDates.series[0], npsFromScores([9, 3]));
    expectSamePoint(utcDates.series[1], npsFromScores([6, 10]));
    expectSamePoint(utcDates, npsFromScores([9, 3, 6, 10]));
  });

  it("compares with the previous period of equal length as compareNps does", async () => {
    const t = await makeTenant(world, { timeZone: "Europe/Moscow" });
    const surveyId = (await createSurvey(t)).id;
    const current = [...Array(40).fill(10), ...Array(20).fill(8), ...Array(10).fill(2)];
    const previous = [...Array(15).fill(9), ...Array(15).fill(7), ...Array(30).fill(0)];
    const responses = [
      // February in Moscow is 28 days; the previous period is 4–31 January (Moscow days).
      ...current.map((nps, i) => ({ submittedAt: new Date(Date.UTC(2026, 1, 1 + (i % 27), 9)), nps })),
      ...previous.map((nps, i) => ({ submittedAt: new Date(Date.UTC(2026, 0, 4 + (i % 27), 9)), nps })),
      // Just outside: 3 January in Moscow, and the first minutes of 1 March in Moscow.
      { submittedAt: new Date("2026-01-03T20:59:00Z"), nps: 10 },
      { submittedAt: new Date("2026-02-28T21:05:00Z"), nps: 0 },
    ];
    await ingest(
      t,
      responses.map((r) => ({ surveyId, submittedAt: r.submittedAt.toISOString(), answers: { nps: r.nps } })),
    );
    const r = await metric(t, "nps", `surveyId=${surveyId}&from=2026-02-01&to=2026-03-01`);
    const a = npsFromScores(current);
    const b = npsFromScores(previous);
    const expected = compareNps(a, b);
    expectSamePoint(r, a);
    expectSamePoint(r.previous, b);
    expect(r.previous.from).toBe("2026-01-03T21:00:00.000Z");
    expect(r.previous.to).toBe("2026-01-31T21:00:00.000Z");
    expect(r.previous.diff).toBeCloseTo(expected.diff ?? Number.NaN, 9);
    expect(r.previous.z).toBeCloseTo(expected.z ?? Number.NaN, 9);
    expect(r.previous.pValue).toBeCloseTo(expected.pValue ?? Number.NaN, 12);
    expect(r.previous.significant).toBe(true);
    expect(expected.significant).toBe(true);

    // Two days against the two before (instants, not local days): the same mix, so no difference.
    const q = await metric(
      t,
      "nps",
      `surveyId=${surveyId}&from=2026-02-10T00:00:00Z&to=2026-02-12T00:00:00Z`,
    );
    const same = npsFromScores([10, 10, 10, 10, 2, 2]);
    expectSamePoint(q, same);
    expectSamePoint(q.previous, same);
    expect(q.previous).toMatchObject({ from: "2026-02-08T00:00:00.000Z", diff: 0, significant: false });
    expect(q.previous.z).toBeCloseTo(0, 12);
  });

  it("breaks a score down by a response attribute and by a customer attribute", async () => {
    const t = await makeTenant(world);
    const surveyId = (await createSurvey(t, "transactional-csat")).id;
    const rows = [
      { csat: 5, store: "Kazan", plan: "pro" },
      { csat: 4, store: "Kazan", plan: "free" },
      { csat: 1, store: "Kazan", plan: "free" },
      { csat: 2, store: "Moscow", plan: "pro" },
      { csat: 5, store: "Moscow", plan: "pro" },
      { csat: 3, store: null, plan: "free" },
      { csat: 5, store: "Omsk", plan: null },
    ];
    await ingest(
      t,
      rows.map((r, i) => ({
        surveyId,
        answers: { csat: r.csat },
        attributes: r.store ? { store: r.store } : {},
        customer: { externalId: `c-${i}`, attributes: r.plan ? { plan: r.plan } : {} },
      })),
    );
    const csat = (xs: number[]) => csatFromScores(xs, 5).percent;
    const byKey = (r: { breakdown: (Point & { key: string })[] }) =>
      Object.fromEntries(r.breakdown.map((b) => [b.key, b]));

    const byStore = await metric(t, "csat", `surveyId=${surveyId}&segment=store`);
    expect(byStore.breakdown.map((b: { key: string }) => b.key)).toEqual([
      "Kazan",
      "Moscow",
      "(none)",
      "Omsk",
    ]);
    const stores = byKey(byStore);
    expectSamePoint(stores.Kazan as Point, csat([5, 4, 1]));
    expectSamePoint(stores.Moscow as Point, csat([2, 5]));
    expectSamePoint(stores["(none)"] as Point, csat([3]));
    expectSamePoint(byStore, csat(rows.map((r) => r.csat)));

    const byPlan = await metric(t, "csat", `surveyId=${surveyId}&segment=plan`);
    const plans = byKey(byPlan);
    expect(Object.keys(plans).sort()).toEqual(["(none)", "free", "pro"]);
    expectSamePoint(plans.pro as Point, csat([5, 2, 5]));
    expectSamePoint(plans.free as Point, csat([4, 1, 3]));
    expectSamePoint(plans["(none)"] as Point, csat([5]));

    const top1 = await metric(t, "csat", `surveyId=${surveyId}&segment=store&top=1`);
    expect(top1.breakdown.map((b: { key: string }) => b.key)).toEqual(["Kazan", "(other)"]);
    expectSamePoint(top1.breakdown[1], csat([2, 5, 3, 5]));
  });

  it("flags scores resting on fewer than 30 answers", async () => {
    const t = await makeTenant(world);
    const surveyId = (await createSurvey(t, "support-ces")).id;
    const day1 = Array.from({ length: 29 }, (_, i) => ({ at: "2026-03-01T10:00:00Z", ces: 1 + (i % 7) }));
    const day2 = Array.from({ length: 30 }, (_, i) => ({ at: "2026-03-02T10:00:00Z", ces: 1 + (i % 7) }));
    await ingest(
      t,
      [...day1, ...day2].map((r) => ({ surveyId, submittedAt: r.at, answers: { ces: r.ces } })),
    );
    const r = await metric(t, "ces", `surveyId=${surveyId}&from=2026-03-01&to=2026-03-03&groupBy=day`);
    expect(r.lowSample).toBe(false);
    expect(r.series.map((s: Point) => [s.n, s.lowSample])).toEqual([
      [29, true],
      [30, false],
    ]);
    const e29 = cesFromScores(day1.map((x) => x.ces));
    expectSamePoint(r.series[0], { value: e29.mean, n: 29, ci: e29.ci });
    const empty = await metric(t, "ces", `surveyId=${surveyId}&from=2026-01-01&to=2026-01-02`);
    expect(empty).toMatchObject({ value: null, n: 0, ci: null, lowSample: true });
  });

  it("refuses a question of the wrong type and an empty period, naming the field", async () => {
    const t = await makeTenant(world);
    const surveyId = (await createSurvey(t)).id;
    const wrong = await t.call("GET", `/api/v1/metrics/nps?surveyId=${surveyId}&questionId=why`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe("query.questionId");
    const none = await t.call("GET", `/api/v1/metrics/csat?surveyId=${surveyId}`);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.field).toBe("query.questionId");
    const backwards = await t.call(
      "GET",
      `/api/v1/metrics/nps?surveyId=${surveyId}&from=2026-03-01&to=2026-02-01`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.field).toBe("query.from");
  });
});
