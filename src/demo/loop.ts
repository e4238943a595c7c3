/**
 * The demo's close-the-loop story, written through the modules' own services so every row is what the
 * product would have produced: a routing rule sends detractors about delivery to the logistics team
 * (48 h, sorry-bonus code from a pool), alerts go to the demo user, a Monday digest to three people,
 * early warnings watch NPS by country and the delivery share, promoters get referral links. The last two
 * weeks of answers then arrive one by one at their own time (so cases, alerts and customer messages carry
 * real timestamps), with a courier failure in Kazakhstan in the last week that the early warning catches,
 * and the team works the cases into every state, some left overdue.
 */
import { createDigest } from "../alerts/digests.js";
import { createWarningRule, runRuleNow } from "../alerts/early-warning.js";
import { setReferralSettings } from "../alerts/referrals.js";
import { createAlertRule } from "../alerts/service.js";
import type { Db } from "../db/connection.js";
import { correctCategories, listCategories } from "../feedback/service.js";
import type { TCaseStatus } from "../loop/schema.js";
import { addNote, createPool, createRule, listCases, transitionCase } from "../loop/service.js";
import { ingestResponses } from "../surveys/responses-service.js";
import type { TResponseInput } from "../surveys/schema.js";
import { COMMENTS } from "./comments.js";
import {
  CASE_STEPS,
  CUSTOMER_NAMES,
  DELIVERY_COMPLAINTS,
  type Lang,
  UNCATEGORIZED_COMPLAINT,
} from "./loop-texts.js";
import type { Rng } from "./random.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface LoopCustomer {
  externalId: string;
  country: string;
  city: string;
  product: string;
  segment: string;
  language: Lang;
}

export interface LoopContext {
  workspaceId: string;
  ownerId: string;
  ownerEmail: string;
  npsSurveyId: string;
  customers: LoopCustomer[];
}

/** Recent answers per day (besides the Kazakhstan wave), and the wave's detractors per day. */
const DAILY_ANSWERS = 5;
const WAVE_PER_DAY = 5;
const DAYS = 14;

export async function seedFeedbackLoop(db: Db, ctx: LoopContext, r: Rng, now: Date) {
  const ws = ctx.workspaceId;
  const setupAt = new Date(now.getTime() - (DAYS + 1) * DAY);
  const categories = await listCategories(db, ws);
  const delivery = categories.find((c) => c.key === "service.delivery");
  if (!delivery) throw new Error("the default taxonomy has no service.delivery");

  const codes = Array.from({ length: 80 }, (_, i) => `SORRY-${(4096 + i * 7919).toString(36).toUpperCase()}`);
  const pool = await createPool(db, ws, { name: "Sorry bonus 500 ₽", codes }, setupAt);
  await createRule(
    db,
    ws,
    {
      name: "Detractors about delivery → Logistics",
      position: 0,
      enabled: true,
      conditions: { groups: ["detractor"], categoryIds: [delivery.id] },
      team: "Logistics",
      ownerId: ctx.ownerId,
      dueHours: 48,
      promoPoolId: pool.id,
    },
    setupAt,
  );
  await createRule(
    db,
    ws,
    {
      name: "Other detractors → Customer care",
      position: 1,
      enabled: true,
      conditions: { groups: ["detractor"] },
      team: "Customer care",
      ownerId: null,
      dueHours: 72,
      promoPoolId: null,
    },
    setupAt,
  );
  await setReferralSettings(
    db,
    ws,
    { enabled: true, landingUrl: "https://shop.example.com/invite" },
    setupAt,
  );
  await createAlertRule(
    db,
    ws,
    {
      name: "Detractors, overdue cases and early warnings",
      enabled: true,
      events: ["detractor", "case_overdue", "early_warning"],
      surveyIds: null,
      emails: [ctx.ownerEmail],
      webhook: null,
    },
    setupAt,
  );
  await createDigest(
    db,
    ws,
    {
      name: "Monday digest",
      enabled: true,
      frequency: "weekly",
      weekday: 1,
      hour: 9,
      recipients: [ctx.ownerEmail, "maria.ivanova@demo.otklik.local", "alex.kim@demo.otklik.local"],
      language: "en",
      surveyIds: null,
    },
    setupAt,
  );
  const npsByCountry = await createWarningRule(
    db,
    ws,
    {
      name: "NPS drop by country",
      enabled: true,
      metric: "nps",
      surveyId: ctx.npsSurveyId,
      categoryId: null,
      segmentBy: ["country"],
      windowDays: 7,
      baselineDays: 28,
      minN: 30,
    },
    setupAt,
  );
  await createWarningRule(
    db,
    ws,
    {
      name: "Delivery complaints spike",
      enabled: true,
      metric: "category_share",
      surveyId: null,
      categoryId: delivery.id,
      segmentBy: [],
      windowDays: 7,
      baselineDays: 28,
      minN: 30,
    },
    setupAt,
  );

  const uncategorized = await ingestRecentAnswers(db, ctx, r, now);
  // The CX lead corrects the comment the rules missed; the classifier learns «самокатчик» from it.
  if (uncategorized)
    await correctCategories(db, ws, uncategorized, { categoryIds: [delivery.id] }, ctx.ownerId, now);
  await workCases(db, ctx, r, now);
  // The hourly check would find the drop within the hour; running it now puts the warning on screen.
  await runRuleNow(db, ws, npsByCountry.id, now);
}

/** The last two weeks of NPS answers, each stored at its own time; returns the one to correct by hand. */
async function ingestRecentAnswers(db: Db, ctx: LoopContext, r: Rng, now: Date) {
  const kazakhs = ctx.customers.filter((c) => c.country === "Kazakhstan");
  const others = ctx.customers.filter((c) => c.country !== "Kazakhstan");
  const answers: TResponseInput[] = [];
  const answer = (c: LoopCustomer, at: Date, score: number, text: string): TResponseInput => ({
    externalId: `demo-loop-${answers.length}`,
    surveyId: ctx.npsSurveyId,
    submittedAt: at,
    channel: "email",
    language: c.language,
    complete: true,
    customer: {
      externalId: c.externalId,
      language: c.language,
      name: r.pick(CUSTOMER_NAMES[c.language]),
      email: `${c.externalId.toLowerCase()}@customers.demo.otklik.local`,
      attributes: { country: c.country, city: c.city, product: c.product, segment: c.segment },
    },
    attributes: { order_total: r.int(10, 500) * 10 },
    answers: { nps: score, why: text },
  });
  for (let day = DAYS - 1; day >= 0; day--) {
    const at = () => new Date(now.getTime() - day * DAY - r.int(10, day === 0 ? 6 * 60 : 23 * 60) * 60_000);
    // The courier failure: every day of the last complete week (the early warning's window).
    if (day >= 1 && day <= 7) {
      for (let i = 0; i < WAVE_PER_DAY; i++) {
        const c = r.pick(kazakhs);
        answers.push(answer(c, at(), r.int(0, 5), r.pick(DELIVERY_COMPLAINTS[c.language])));
      }
    }
    for (let i = 0; i < DAILY_ANSWERS; i++) {
      const c = r.pick(others);
      const kind = r.weighted([
        ["delivery", 2],
        ["detractor", 2],
        ["passive", 2],
        ["promoter", 4],
      ] as const);
      if (kind === "delivery")
        answers.push(answer(c, at(), r.int(1, 6), r.pick(DELIVERY_COMPLAINTS[c.language])));
      else if (kind === "detractor")
        answers.push(answer(c, at(), r.int(0, 6), r.pick(COMMENTS.detractor[c.language])));
      else if (kind === "passive")
        answers.push(answer(c, at(), r.int(7, 8), r.pick(COMMENTS.passive[c.language])));
      else answers.push(answer(c, at(), r.int(9, 10), r.pick(COMMENTS.promoter[c.language])));
    }
    if (day === 3) {
      const c = r.pick(others);
      answers.push(answer(c, at(), 2, UNCATEGORIZED_COMPLAINT[c.language]));
    }
  }
  answers.sort((a, b) => (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0));
  let uncategorized: string | null = null;
  for (const a of answers) {
    // Stored a few minutes after it was given, as the survey page would: alerts and cases follow then.
    const storedAt = new Date(
      Math.min(now.getTime(), (a.submittedAt?.getTime() ?? 0) + r.int(1, 5) * 60_000),
    );
    const [stored] = await ingestResponses(db, ctx.workspaceId, [a], { now: storedAt });
    const text = a.answers.why;
    if (stored && (text === UNCATEGORIZED_COMPLAINT.ru || text === UNCATEGORIZED_COMPLAINT.en))
      uncategorized = stored.id;
  }
  return uncategorized;
}

/** Which state a case is left in: old ones mostly done, some forgotten (overdue), fresh ones just taken. */
function targetState(ageHours: number, i: number): TCaseStatus {
  const cycle: readonly TCaseStatus[] =
    ageHours >= 7 * 24
      ? ["closed", "closed", "resolved", "closed", "in_progress", "new"]
      : ageHours >= 48
        ? ["resolved", "in_progress", "acknowledged", "closed", "resolved"]
        : ["new", "acknowledged", "in_progress"];
  return cycle[i % cycle.length] ?? "new";
}

const PATH: TCaseStatus[] = ["acknowledged", "in_progress", "resolved", "closed"];

async function workCases(db: Db, ctx: LoopContext, r: Rng, now: Date) {
  const ws = ctx.workspaceId;
  const { items } = await listCases(db, ws, { limit: 500 }, now);
  const cases = items.toReversed();
  for (const [i, c] of cases.entries()) {
    const created = new Date(c.createdAt).getTime();
    const target = targetState((now.getTime() - created) / HOUR, i);
    const steps = PATH.slice(0, PATH.indexOf(target) + 1);
    const texts = CASE_STEPS[c.language === "ru" ? "ru" : "en"];
    const gaps = { acknowledged: [1, 6], in_progress: [2, 12], resolved: [6, 30], closed: [24, 72] } as const;
    let at = created;
    for (const to of steps) {
      const [lo, hi] = gaps[to as keyof typeof gaps];
      // Never in the future, never before the previous step.
      at = Math.min(
        now.getTime(),
        Math.max(at + 60_000, Math.min(now.getTime() - 60_000, at + r.int(lo * 60, hi * 60) * 60_000)),
      );
      const note =
        to === "acknowledged"
          ? r.pick(texts.acknowledged)
          : to === "in_progress"
            ? r.pick(texts.inProgress)
            : to === "closed"
              ? r.pick(texts.closed)
              : undefined;
      const customerMessage = to === "resolved" ? r.pick(texts.resolved) : undefined;
      await transitionCase(db, ws, c.id, { to, note, customerMessage }, ctx.ownerId, new Date(at));
    }
    // A forgotten case says what it waits for.
    if ((target === "in_progress" || target === "acknowledged") && i % 2 === 0)
      await addNote(
        db,
        ws,
        c.id,
        r.pick(texts.pending),
        ctx.ownerId,
        new Date(Math.min(now.getTime(), at + HOUR)),
      );
  }
}
