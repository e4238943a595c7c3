import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAlerts } from "../../src/alerts/jobs.js";
import { insertRule } from "../../src/alerts/warnings-store.js";
import type { DbHandle } from "../../src/db/connection.js";
import { newId } from "../../src/ids.js";
import { startSmtp, type TestSmtp } from "../distribution/helpers.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

/**
 * Monday 2026-03-09 10:00 in Moscow. The rules' window is then the local days 2–8 March
 * ([2026-03-01T21:00Z, 2026-03-08T21:00Z)) and the 28-day baseline the days before it.
 */
const NOW = new Date("2026-03-09T07:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW_FROM = "2026-03-01T21:00:00.000Z";
const BASELINE_FROM = "2026-02-01T21:00:00.000Z";

interface Mix {
  promoters?: number;
  passives?: number;
  detractors?: number;
}

interface Warning {
  id: string;
  ruleId: string;
  metric: string;
  segment: { name: string; value: string } | null;
  window: { from: string; to: string };
  baseline: { from: string; to: string };
  current: { value: number; n: number };
  previous: { value: number; n: number };
  diff: number;
  z: number;
  pValue: number;
}

const segmentOf = (w: Warning) => (w.segment ? `${w.segment.name}=${w.segment.value}` : "*");

describe.each(testDatabases())("early warnings on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let smtp: TestSmtp;
  let npsSurvey: string;
  let commentSurvey: string;
  let seq = 0;

  const run = (at: Date) => {
    world.setNow(at);
    return runAlerts(world.ctx, at);
  };

  /**
   * Answers spread evenly over the local days [firstDay, firstDay + days) (as Moscow noon), with the
   * country on the answer or, for `on: "customer"`, only on the customer's profile.
   */
  async function answer(
    surveyId: string,
    country: string,
    on: "response" | "customer",
    firstDay: Date,
    days: number,
    scores: number[],
    text: (i: number) => string | undefined = () => undefined,
  ) {
    const responses = scores.map((nps, i) => {
      const id = `a${++seq}`;
      const day = Math.floor((i * days) / scores.length);
      const why = text(i);
      return {
        surveyId,
        externalId: id,
        submittedAt: new Date(firstDay.getTime() + day * DAY + 9 * HOUR).toISOString(),
        attributes: on === "response" ? { country } : {},
        customer: { externalId: `c-${id}`, ...(on === "customer" ? { attributes: { country } } : {}) },
        answers: why ? { nps, why } : { nps },
      };
    });
    const res = await t.call("POST", "/api/v1/responses", { responses });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }

  /** Scores for a mix of promoters (10), passives (8) and detractors (3), interleaved over the days. */
  const scores = ({ promoters = 0, passives = 0, detractors = 0 }: Mix) => {
    const out: number[] = [];
    for (let i = 0; i < Math.max(promoters, passives, detractors); i++) {
      if (i < promoters) out.push(10);
      if (i < passives) out.push(8);
      if (i < detractors) out.push(3);
    }
    return out;
  };

  const warnings = async (ruleId: string): Promise<Warning[]> => {
    const res = await t.call("GET", `/api/v1/alerts/warnings?ruleId=${ruleId}&limit=100`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };

  const createRule = async (body: Record<string, unknown>) => {
    const res = await t.call("POST", "/api/v1/alerts/warning-rules", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  // Midnight (Moscow) of 2 February, of the window's first day and of 10 March, as UTC instants.
  const baselineStart = new Date(BASELINE_FROM);
  const windowStart = new Date(WINDOW_FROM);
  const afterCoolDown = new Date("2026-03-09T21:00:00Z");

  let dropRule: string;
  let strictRule: string;
  let shareRule: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
    npsSurvey = (await createSurvey(t, "relational-nps", { name: "Relationship NPS" })).id;
    commentSurvey = (await createSurvey(t, "relational-nps", { name: "Delivery NPS" })).id;
    const smtpRes = await t.call("PUT", "/api/v1/distribution/smtp", {
      host: "127.0.0.1",
      port: smtp.port,
      from: "Acme <cx@acme.test>",
    });
    expect(smtpRes.statusCode, smtpRes.body).toBe(200);
    const alerts = await t.call("POST", "/api/v1/alerts/rules", {
      name: "Early warnings to the lead",
      events: ["early_warning"],
      emails: ["lead@acme.test"],
    });
    expect(alerts.statusCode, alerts.body).toBe(201);

    // NPS: 60 answers per country over the 28 baseline days (NPS 33.3 each). In the window Germany
    // drops to −30, France rises, Russia holds: the whole scope stays flat (33.3 → 30.8).
    // Germany's country is on the customers' profiles only.
    const baseline = scores({ promoters: 30, passives: 20, detractors: 10 });
    await answer(npsSurvey, "DE", "customer", baselineStart, 28, baseline);
    await answer(npsSurvey, "FR", "response", baselineStart, 28, baseline);
    await answer(npsSurvey, "RU", "response", baselineStart, 28, baseline);
    await answer(
      npsSurvey,
      "DE",
      "customer",
      windowStart,
      7,
      scores({ promoters: 8, passives: 12, detractors: 20 }),
    );
    await answer(npsSurvey, "FR", "response", windowStart, 7, scores({ promoters: 36, passives: 4 }));
    await answer(
      npsSurvey,
      "RU",
      "response",
      windowStart,
      7,
      scores({ promoters: 20, passives: 13, detractors: 7 }),
    );

    // Comments: delivery is 20% of the categorized comments in the baseline; in the window it is 60%
    // in Germany (country on the customer) and still 20% in France.
    const delivery = "The courier was late and the parcel got lost";
    const price = "The price is far too expensive";
    const fifth = (i: number) => (i % 5 === 0 ? delivery : price);
    await answer(commentSurvey, "DE", "customer", baselineStart, 28, Array(60).fill(8), fifth);
    await answer(commentSurvey, "FR", "response", baselineStart, 28, Array(60).fill(8), fifth);
    await answer(commentSurvey, "DE", "customer", windowStart, 7, Array(40).fill(8), (i) =>
      i % 5 < 3 ? delivery : price,
    );
    await answer(commentSurvey, "FR", "response", windowStart, 7, Array(40).fill(8), fifth);
  });

  afterAll(async () => {
    await world.app.close();
    await handle.close();
    await smtp.close();
  });

  it("validates warning rules and names the field", async () => {
    const noCategory = await t.call("POST", "/api/v1/alerts/warning-rules", {
      name: "Delivery share",
      metric: "category_share",
    });
    expect(noCategory.statusCode).toBe(400);
    expect(noCategory.json().error.field).toBe("categoryId");
    const lowN = await t.call("POST", "/api/v1/alerts/warning-rules", { name: "x", metric: "nps", minN: 3 });
    expect(lowN.statusCode).toBe(400);
    expect(lowN.json().error.field).toBe("minN");
    const unknownSurvey = await t.call("POST", "/api/v1/alerts/warning-rules", {
      name: "x",
      metric: "nps",
      surveyId: "00000000-0000-7000-8000-000000000000",
    });
    expect(unknownSurvey.json().error.field).toBe("surveyId");
    const noCsat = await t.call("POST", "/api/v1/alerts/warning-rules", {
      name: "x",
      metric: "csat",
      surveyId: npsSurvey,
    });
    expect(noCsat.statusCode).toBe(400);
    expect(noCsat.json().error).toMatchObject({
      field: "surveyId",
      message: expect.stringContaining("csat"),
    });
  });

  it("fires one warning for the country whose NPS dropped, naming the segment and the change", async () => {
    dropRule = await createRule({
      name: "NPS drop by country",
      metric: "nps",
      surveyId: npsSurvey,
      segmentBy: ["country"],
      windowDays: 7,
      baselineDays: 28,
      minN: 30,
    });
    strictRule = await createRule({
      name: "NPS drop, 50 answers or more",
      metric: "nps",
      surveyId: npsSurvey,
      segmentBy: ["country"],
      minN: 50,
    });
    const summary = await run(NOW);
    expect(summary.warnings).toBeGreaterThanOrEqual(1);

    const fired = await warnings(dropRule);
    expect(fired.map(segmentOf)).toEqual(["country=DE"]);
    const de = fired[0] as Warning;
    expect(de.window).toEqual({ from: WINDOW_FROM, to: "2026-03-08T21:00:00.000Z" });
    expect(de.baseline).toEqual({ from: BASELINE_FROM, to: WINDOW_FROM });
    expect(de.current).toEqual({ value: -30, n: 40 });
    expect(de.previous.n).toBe(60);
    expect(de.previous.value).toBeCloseTo(33.33, 1);
    expect(de.diff).toBeCloseTo(-63.33, 1);
    expect(de.z).toBeLessThan(-1.96);
    expect(de.pValue).toBeLessThan(0.05);

    // Germany has 40 answers in the window: under a minimum of 50 nothing fires.
    expect(await warnings(strictRule)).toEqual([]);

    // The alert reaches the team by email, naming the segment and the change.
    await run(new Date(NOW.getTime() + 60_000));
    const mails = smtp.messages.filter((m) => String(m.parsed.subject).includes("country = DE"));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.parsed.subject).toMatch(/^Early warning: NPS/);
    expect(String(mails[0]?.parsed.text)).toMatch(/-30.*33\.3.*-63\.3/s);
    expect(smtp.messages.some((m) => /country = (FR|RU)/.test(String(m.parsed.subject)))).toBe(false);
  });

  it("fires when a category's share spikes in a segment read from the customer's profile", async () => {
    const categories = (await t.call("GET", "/api/v1/categories")).json().items as {
      id: string;
      key: string;
    }[];
    const delivery = categories.find((c) => c.key === "service.delivery");
    expect(delivery).toBeDefined();
    shareRule = await createRule({
      name: "Delivery complaints",
      metric: "category_share",
      categoryId: delivery?.id,
      surveyId: commentSurvey,
      segmentBy: ["country"],
      minN: 30,
    });
    await run(new Date(NOW.getTime() + 2 * 60_000));
    const fired = await warnings(shareRule);
    expect(fired.map(segmentOf).sort()).toEqual(["*", "country=DE"]);
    const de = fired.find((w) => w.segment?.value === "DE") as Warning;
    expect(de.metric).toBe("category_share");
    expect(de.current).toEqual({ value: 60, n: 40 });
    expect(de.previous).toEqual({ value: 20, n: 60 });
    expect(de.diff).toBeCloseTo(40, 5);
  });

  it("does not repeat a warning on the next runs, but fires again on a new drop after the cool-down", async () => {
    const before = smtp.messages.length;
    // Later the same day, and the next day when the window has moved on but the drop is still in it.
    await run(new Date(NOW.getTime() + 2 * HOUR));
    await run(new Date(NOW.getTime() + 3 * HOUR));
    const nextDay = new Date(NOW.getTime() + DAY + 2 * HOUR);
    await run(nextDay);
    expect(await warnings(dropRule)).toHaveLength(1);
    expect(await warnings(shareRule)).toHaveLength(2);

    // The drop is still significant in the moved window: a new rule over the same answers fires, the
    // original one is held back by its cool-down.
    const twin = await createRule({
      name: "Twin",
      metric: "nps",
      surveyId: npsSurvey,
      segmentBy: ["country"],
      minN: 30,
    });
    const ran = await t.call("POST", `/api/v1/alerts/warning-rules/${twin}/run`);
    expect(ran.statusCode, ran.body).toBe(200);
    expect(ran.json().warnings.map(segmentOf)).toEqual(["country=DE"]);
    expect(ran.json().warnings[0].window.from).toBe("2026-03-02T21:00:00.000Z");
    await run(new Date(nextDay.getTime() + 2 * HOUR));
    expect(await warnings(dropRule)).toHaveLength(1);
    // Switching the twin off keeps the rest of its settings.
    const off = await t.call("PATCH", `/api/v1/alerts/warning-rules/${twin}`, { enabled: false });
    expect(off.json()).toMatchObject({
      enabled: false,
      segmentBy: ["country"],
      minN: 30,
      surveyId: npsSurvey,
    });
    const sent = smtp.messages.slice(before).map((m) => String(m.parsed.subject));
    expect(sent.filter((s) => s.startsWith("Early warning"))).toHaveLength(1); // the twin's

    // Eight days on, Germany drops again: a new warning for the new window.
    const later = new Date(NOW.getTime() + 8 * DAY);
    world.setNow(later);
    await answer(
      npsSurvey,
      "DE",
      "customer",
      afterCoolDown,
      7,
      scores({ promoters: 4, passives: 6, detractors: 30 }),
    );
    await run(later);
    const all = await warnings(dropRule);
    expect(all.map(segmentOf).filter((s) => s === "country=DE")).toHaveLength(2);
    expect(all.some((w) => w.segment && w.segment.value !== "DE")).toBe(false);
    const again = all.find((w) => w.segment?.value === "DE" && w.window.from === afterCoolDown.toISOString());
    expect(again?.current).toEqual({ value: -65, n: 40 });
    // 40 answers in the new window is still under the strict rule's minimum.
    expect(await warnings(strictRule)).toEqual([]);
  });

  it("goes on with the other jobs when one rule fails", async () => {
    // A rule the API would refuse now (CSAT over a survey without a CSAT question), stored directly.
    await insertRule(
      handle.db,
      t.workspaceId,
      newId(),
      {
        name: "Broken",
        enabled: true,
        metric: "csat",
        survey_id: npsSurvey,
        category_id: null,
        segment_by: [],
        window_days: 7,
        baseline_days: 28,
        min_n: 10,
      },
      NOW,
    );
    const test = await t.call("POST", "/api/v1/alerts/rules", {
      name: "x",
      events: ["detractor"],
      emails: ["x@acme.test"],
    });
    expect(test.statusCode).toBe(201);
    const at = new Date(NOW.getTime() + 9 * DAY);
    world.setNow(at);
    await answer(npsSurvey, "FR", "response", new Date(at.getTime() - 10 * HOUR), 1, [0]);
    const s = await run(at);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]).toContain("no csat question");
    expect(s.deliveries.sent).toBe(1);
    expect(smtp.messages.filter((m) => m.envelope.to.includes("x@acme.test"))).toHaveLength(1);
  });

  it("keeps warnings and their rules to the workspace", async () => {
    const other = await makeTenant(world);
    expect((await other.call("GET", "/api/v1/alerts/warnings")).json().items).toEqual([]);
    expect((await other.call("GET", "/api/v1/alerts/warning-rules")).json().items).toEqual([]);
    expect((await other.call("GET", `/api/v1/alerts/warning-rules/${dropRule}`)).statusCode).toBe(404);
    expect((await other.call("POST", `/api/v1/alerts/warning-rules/${dropRule}/run`)).statusCode).toBe(404);
    expect((await other.call("DELETE", `/api/v1/alerts/warning-rules/${dropRule}`)).statusCode).toBe(404);
    expect((await t.call("GET", `/api/v1/alerts/warning-rules/${dropRule}`)).statusCode).toBe(200);
  });
});
