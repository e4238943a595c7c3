import { addUser, createWorkspace, updateWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { ingestResponses } from "../surveys/responses-service.js";
import type { TResponseInput } from "../surveys/schema.js";
import { createSurvey } from "../surveys/service.js";
import { surveyFromTemplate } from "../surveys/templates.js";
import { seedBusinessData } from "./business.js";
import { COMMENTS } from "./comments.js";
import { seedFeedbackLoop } from "./loop.js";
import { type Rng, rng } from "./random.js";
import { type DemoSupportOptions, seedSupportData } from "./support.js";

export const DEMO_LOGIN = { email: "demo@otklik.local", password: "otklik-demo-2026" };

const COUNTRIES = [
  ["Russia", 0.5, 8],
  ["Kazakhstan", 0.15, -6],
  ["Belarus", 0.1, 4],
  ["Uzbekistan", 0.1, -12],
  ["Armenia", 0.08, 10],
  ["Georgia", 0.07, 2],
] as const;
const CITIES: Record<string, string[]> = {
  Russia: ["Moscow", "Saint Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg"],
  Kazakhstan: ["Almaty", "Astana"],
  Belarus: ["Minsk"],
  Uzbekistan: ["Tashkent", "Samarkand"],
  Armenia: ["Yerevan"],
  Georgia: ["Tbilisi", "Batumi"],
};
const PRODUCTS = [
  ["Basic", 0.5, -5],
  ["Pro", 0.35, 5],
  ["Enterprise", 0.15, 12],
] as const;
const CHANNELS = [
  ["email", 0.55],
  ["link", 0.15],
  ["widget", 0.2],
  ["sms", 0.1],
] as const;
const AGENTS = ["Anna", "Boris", "Dmitry", "Elena", "Ivan", "Olga", "Pavel", "Svetlana"];

interface DemoCustomer {
  externalId: string;
  country: string;
  city: string;
  product: string;
  language: "ru" | "en";
  segment: string;
  /** Customer-level effect on scores, in NPS points. */
  effect: number;
}

function makeCustomers(r: Rng, count: number): DemoCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const [country, , cEffect] = r.weighted(COUNTRIES.map((c) => [c, c[1]] as const));
    const [product, , pEffect] = r.weighted(PRODUCTS.map((p) => [p, p[1]] as const));
    return {
      externalId: `C${String(i + 1).padStart(5, "0")}`,
      country,
      city: r.pick(CITIES[country] ?? ["—"]),
      product,
      language: r.next() < (country === "Russia" ? 0.8 : 0.5) ? "ru" : "en",
      segment: product === "Enterprise" ? "B2B" : "B2C",
      effect: cEffect + pEffect + (r.next() - 0.5) * 20,
    };
  });
}

/** A 0–10 score whose group mix shifts with the customer's effect and a slow trend over the year. */
function npsScore(r: Rng, effect: number): number {
  const promoter = Math.min(0.85, Math.max(0.05, 0.42 + effect / 200));
  const detractor = Math.min(0.8, Math.max(0.03, 0.22 - effect / 250));
  const u = r.next();
  if (u < promoter) return r.next() < 0.55 ? 10 : 9;
  if (u < promoter + detractor)
    return r.weighted([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 3],
      [6, 4],
    ] as const);
  return r.next() < 0.5 ? 7 : 8;
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)));

export interface SeedOptions {
  customers?: number;
  answers?: number;
  now?: Date;
  /** Smaller support data for tests. */
  support?: DemoSupportOptions;
  onProgress?: (done: number, total: number) => void;
}

/** Creates the demo workspace: users, four surveys, customers and a year of answers. */
export async function seedDemo(db: Db, opts: SeedOptions = {}) {
  const now = opts.now ?? new Date();
  const total = opts.answers ?? 30_000;
  const r = rng(20261125);
  const workspace = await createWorkspace(db, {
    name: "Demo Retail",
    slug: `demo-${Math.floor(now.getTime() / 1000).toString(36)}`,
    timeZone: "Europe/Moscow",
    defaultLanguage: "en",
  });
  const ownerId = await addUser(db, workspace.id, { ...DEMO_LOGIN, name: "Demo Owner", role: "owner" });
  // Breakdowns and filters by these stay on the rollups.
  await updateWorkspace(db, workspace.id, {
    rollupDimensions: ["country", "product", "segment", "product+city"],
  });
  const survey = async (template: string, name: string) => {
    const input = surveyFromTemplate(template);
    if (!input) throw new Error(`no template ${template}`);
    return createSurvey(db, workspace.id, { ...input, name }, new Date(now.getTime() - 400 * 86_400_000));
  };
  const nps = await survey("relational-nps", "Relational NPS");
  const csat = await survey("transactional-csat", "Delivery CSAT");
  const ces = await survey("support-ces", "Support CES");
  const cli = await survey("cli", "Customer Loyalty Index");
  const customers = makeCustomers(r, opts.customers ?? 5_000);

  const yearMs = 365 * 86_400_000;
  const make = (i: number): TResponseInput => {
    const c = r.pick(customers);
    const age = r.next();
    const submittedAt = new Date(now.getTime() - age * yearMs - r.int(0, 3600_000));
    // Scores improve over the year: answers a year old sit ~12 NPS points lower.
    const effect = c.effect - age * 12;
    const kind = r.weighted([
      ["nps", 16],
      ["csat", 8],
      ["ces", 4],
      ["cli", 2],
    ] as const);
    const base = {
      externalId: `demo-${i}`,
      submittedAt,
      channel: r.weighted(CHANNELS.map(([ch, w]) => [ch, w] as const)),
      language: c.language,
      complete: r.next() > 0.08,
      customer: {
        externalId: c.externalId,
        language: c.language,
        attributes: { country: c.country, city: c.city, product: c.product, segment: c.segment },
      },
    };
    if (kind === "nps") {
      const score = npsScore(r, effect);
      const group = score <= 6 ? "detractor" : score <= 8 ? "passive" : "promoter";
      const answers: TResponseInput["answers"] = { nps: score };
      if (base.complete && r.next() < 0.6) answers.why = r.pick(COMMENTS[group][c.language]);
      if (base.complete && r.next() < 0.7) {
        answers.reasons = [r.pick(["quality", "price", "support", "delivery", "website", "other"])];
      }
      return { ...base, surveyId: nps.id, attributes: { order_total: r.int(10, 500) * 10 }, answers };
    }
    if (kind === "csat") {
      const score = clamp(3.9 + effect / 25 + (r.next() - 0.5) * 3, 1, 5);
      const answers: TResponseInput["answers"] = { csat: score };
      if (score <= 3 && base.complete && r.next() < 0.7)
        answers.comment = r.pick(COMMENTS.detractor[c.language]);
      return {
        ...base,
        surveyId: csat.id,
        attributes: { courier: r.pick(["DPD", "CDEK", "Boxberry", "Own fleet"]) },
        answers,
      };
    }
    if (kind === "ces") {
      const score = clamp(5.2 + effect / 20 + (r.next() - 0.5) * 4, 1, 7);
      const answers: TResponseInput["answers"] = { ces: score };
      if (score <= 4 && base.complete && r.next() < 0.6)
        answers.hardest = r.pick(COMMENTS.detractor[c.language]);
      return { ...base, surveyId: ces.id, attributes: { agent: r.pick(AGENTS) }, answers };
    }
    const item = () => clamp(2.4 - effect / 30 + (r.next() - 0.5) * 3, 1, 6);
    return {
      ...base,
      surveyId: cli.id,
      attributes: {},
      answers: { cli: { recommend: item(), rebuy: item(), try_other: item() } },
    };
  };

  const batch = 1000;
  for (let i = 0; i < total; i += batch) {
    const rows = Array.from({ length: Math.min(batch, total - i) }, (_, k) => make(i + k));
    await ingestResponses(db, workspace.id, rows, { now });
    opts.onProgress?.(Math.min(i + batch, total), total);
  }
  // Orders, subscriptions, costs and usage for the same customers (its own random stream).
  await seedBusinessData(db, workspace.id, customers, rng(20261127), now);
  // Tickets, messages, calls, an SLA policy and ticket CSAT for the same customers (its own random stream).
  await seedSupportData(db, workspace.id, customers, rng(20261129), now, opts.support);
  // Routing, cases in every state, alerts, digest, early warnings and referrals over the last two weeks.
  await seedFeedbackLoop(
    db,
    { workspaceId: workspace.id, ownerId, ownerEmail: DEMO_LOGIN.email, npsSurveyId: nps.id, customers },
    rng(20261131),
    now,
  );
  return { workspace, surveys: { nps, csat, ces, cli }, login: DEMO_LOGIN };
}
