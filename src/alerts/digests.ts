/**
 * Digests: settings, their content (new answers, NPS of the period and of each survey's life, top
 * categories, open and overdue cases) in Russian or English, and the run that sends each due period
 * once — claimed by a conditional update in the transaction that queues its emails.
 */
import { computeMetric } from "../analytics/service.js";
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { categoryStats } from "../feedback/stats.js";
import { notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import { openCaseCounts } from "../loop/delivery-store.js";
import { getSurvey } from "../surveys/service.js";
import { insertDeliveries } from "./deliveries-store.js";
import * as store from "./digests-store.js";
import { type Lang, langOf } from "./messages.js";
import { latestOccurrence } from "./schedule.js";
import type { TDigest, TDigestContent, TDigestInput, TDigestPatch } from "./schema.js";
import type { DigestRow } from "./tables.js";

const toDigest = (r: DigestRow, timeZone: string, now: Date): TDigest => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  frequency: r.frequency === "daily" ? "daily" : "weekly",
  weekday: r.weekday,
  hour: r.hour,
  recipients: r.recipients,
  language: langOf(r.language),
  surveyIds: r.survey_ids,
  lastPeriodEnd: r.last_period_end?.toISOString() ?? null,
  nextSendAt: r.enabled ? latestOccurrence(r, now, timeZone).next.toISOString() : null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const timeZoneOf = async (db: Db, workspaceId: string) => (await getWorkspace(db, workspaceId)).time_zone;

async function checkSurveys(db: Db, workspaceId: string, ids: string[] | null | undefined) {
  for (const id of ids ?? [])
    await getSurvey(db, workspaceId, id).catch(() => {
      throw Object.assign(notFound(`survey ${id}`), { field: "surveyIds" });
    });
}

export async function listDigests(db: Db, workspaceId: string, now: Date) {
  const tz = await timeZoneOf(db, workspaceId);
  return (await store.listDigests(db, workspaceId)).map((r) => toDigest(r, tz, now));
}

export async function getDigest(db: Db, workspaceId: string, id: string, now: Date) {
  const row = await store.findDigest(db, workspaceId, id);
  if (!row) throw notFound("digest");
  return toDigest(row, await timeZoneOf(db, workspaceId), now);
}

export async function createDigest(db: Db, workspaceId: string, input: TDigestInput, now: Date) {
  await checkSurveys(db, workspaceId, input.surveyIds);
  const tz = await timeZoneOf(db, workspaceId);
  const write = {
    name: input.name,
    enabled: input.enabled,
    frequency: input.frequency,
    weekday: input.weekday,
    hour: input.hour,
    recipients: [...new Set(input.recipients)],
    language: input.language,
    survey_ids: input.surveyIds,
  };
  // The period already due is not sent at once: the first digest goes out at the next scheduled time.
  const row = await store.insertDigest(
    db,
    workspaceId,
    newId(),
    write,
    latestOccurrence(write, now, tz).to,
    now,
  );
  return toDigest(row, tz, now);
}

export async function updateDigest(db: Db, workspaceId: string, id: string, patch: TDigestPatch, now: Date) {
  await checkSurveys(db, workspaceId, patch.surveyIds);
  const before = await store.findDigest(db, workspaceId, id);
  if (!before) throw notFound("digest");
  const tz = await timeZoneOf(db, workspaceId);
  const merged = { ...before, ...patch };
  const scheduleChanged =
    merged.frequency !== before.frequency || merged.weekday !== before.weekday || merged.hour !== before.hour;
  const row = await store.updateDigest(
    db,
    workspaceId,
    id,
    {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.frequency !== undefined ? { frequency: patch.frequency } : {}),
      ...(patch.weekday !== undefined ? { weekday: patch.weekday } : {}),
      ...(patch.hour !== undefined ? { hour: patch.hour } : {}),
      ...(patch.recipients !== undefined ? { recipients: [...new Set(patch.recipients)] } : {}),
      ...(patch.language !== undefined ? { language: patch.language } : {}),
      ...(patch.surveyIds !== undefined ? { survey_ids: patch.surveyIds } : {}),
      // A new schedule (or switching it back on) starts from the next occurrence, not a backlog.
      ...(scheduleChanged || (patch.enabled && !before.enabled)
        ? { last_period_end: latestOccurrence(merged, now, tz).to }
        : {}),
    },
    now,
  );
  if (!row) throw notFound("digest");
  return toDigest(row, tz, now);
}

export async function deleteDigest(db: Db, workspaceId: string, id: string) {
  if (!(await store.deleteDigest(db, workspaceId, id))) throw notFound("digest");
}

const T = {
  ru: {
    subject: (from: string, to: string) => `Сводка отзывов за ${from} — ${to}`,
    answers: "Новых ответов",
    nps: "NPS",
    period: "за период",
    life: "за всё время",
    none: "нет данных",
    categories: "Главные категории",
    noCategories: "Комментариев с категориями не было.",
    cases: "Обращения",
    open: "открыто",
    overdue: "просрочено",
  },
  en: {
    subject: (from: string, to: string) => `Feedback digest ${from} — ${to}`,
    answers: "New answers",
    nps: "NPS",
    period: "this period",
    life: "all time",
    none: "no data",
    categories: "Top categories",
    noCategories: "No categorized comments.",
    cases: "Cases",
    open: "open",
    overdue: "overdue",
  },
};

function renderDigest(c: Omit<TDigestContent, "subject" | "text">, timeZone: string) {
  const lang: Lang = c.language;
  const t = T[lang];
  const locale = lang === "ru" ? "ru-RU" : "en-GB";
  const day = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(new Date(iso));
  const num = (v: number | null) =>
    v === null ? t.none : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  const lastDay = new Date(new Date(c.to).getTime() - 1).toISOString();
  const lines = [`${t.answers}: ${c.answers}`, ""];
  for (const s of c.nps)
    lines.push(
      `${t.nps} · ${s.surveyName}: ${num(s.period.value)} ${t.period} (n = ${s.period.n}); ${num(s.lifetime.value)} ${t.life} (n = ${s.lifetime.n})`,
    );
  if (c.nps.length) lines.push("");
  lines.push(`${t.categories}:`);
  if (!c.topCategories.length) lines.push(t.noCategories);
  for (const cat of c.topCategories) lines.push(`• ${cat.name}: ${cat.volume} (${num(cat.share)}%)`);
  lines.push("", `${t.cases}: ${c.cases.open} ${t.open}, ${c.cases.overdue} ${t.overdue}`);
  return { subject: t.subject(day(c.from), day(lastDay)), text: lines.join("\n") };
}

/** The digest's content for [from, to), as of `now` for the cases. */
export async function digestContent(
  db: Db,
  workspaceId: string,
  d: Pick<DigestRow, "language" | "survey_ids">,
  from: Date,
  to: Date,
  now: Date,
): Promise<TDigestContent> {
  const timeZone = await timeZoneOf(db, workspaceId);
  const language = langOf(d.language);
  const facts = await store.answerFacts(db, workspaceId, from, to, d.survey_ids);
  const nps = [];
  for (const surveyId of facts.npsSurveys) {
    const survey = await getSurvey(db, workspaceId, surveyId);
    const q = { surveyId, top: 20 };
    const period = await computeMetric(db, workspaceId, "nps", {
      ...q,
      from: from.toISOString(),
      to: to.toISOString(),
    });
    const lifetime = await computeMetric(db, workspaceId, "nps", { ...q, to: to.toISOString() });
    nps.push({
      surveyId,
      surveyName: survey.name,
      period: { value: period.value, n: period.n },
      lifetime: { value: lifetime.value, n: lifetime.n },
    });
  }
  nps.sort((a, b) => b.period.n - a.period.n);
  const onlySurvey = d.survey_ids?.length === 1 ? d.survey_ids[0] : undefined;
  const stats = await categoryStats(db, workspaceId, { surveyId: onlySurvey, from, to, interval: "week" });
  const topCategories = stats.categories
    .filter((c) => c.parentId !== null && c.volume > 0)
    .sort((a, b) => b.volume - a.volume)
    .slice(0, 5)
    .map((c) => ({ id: c.id, name: c.name[language] || c.name.en, volume: c.volume, share: c.share }));
  const cases = await openCaseCounts(db, workspaceId, now, d.survey_ids);
  const content = {
    from: from.toISOString(),
    to: to.toISOString(),
    language,
    answers: facts.answers,
    nps,
    topCategories,
    cases,
  };
  return { ...content, ...renderDigest(content, timeZone) };
}

export async function previewDigest(db: Db, workspaceId: string, id: string, now: Date) {
  const row = await store.findDigest(db, workspaceId, id);
  if (!row) throw notFound("digest");
  const { from, to } = latestOccurrence(row, now, await timeZoneOf(db, workspaceId));
  return digestContent(db, workspaceId, row, from, to, now);
}

/** Sends every digest whose latest occurrence has passed and whose period was not sent yet. */
export async function runDigests(db: Db, now: Date, onError: (what: string, err: unknown) => void) {
  let queued = 0;
  const zones = new Map<string, string>();
  for (const d of await store.enabledDigests(db)) {
    try {
      queued += await sendDigestIfDue(db, d, zones, now);
    } catch (err) {
      onError(`digest ${d.id} of workspace ${d.workspace_id}`, err);
    }
  }
  return queued;
}

/** Queues the digest's emails when a period has ended since the last one; the number queued. */
async function sendDigestIfDue(db: Db, d: DigestRow, zones: Map<string, string>, now: Date) {
  let tz = zones.get(d.workspace_id);
  if (!tz) {
    tz = await timeZoneOf(db, d.workspace_id);
    zones.set(d.workspace_id, tz);
  }
  const occ = latestOccurrence(d, now, tz);
  if (d.last_period_end && d.last_period_end >= occ.to) return 0;
  // Composed before the claim (reads only); the claim and the emails then commit together.
  const content = await digestContent(db, d.workspace_id, d, occ.from, occ.to, now);
  return db.transaction().execute(async (trx) => {
    if (!(await store.claimPeriod(trx, d.workspace_id, d.id, occ.to))) return 0;
    return insertDeliveries(
      trx,
      d.workspace_id,
      d.recipients.map((to) => ({
        id: newId(),
        dedupe_key: `digest:${d.id}:${occ.to.toISOString()}|email|${to}`,
        kind: "digest",
        channel: "email" as const,
        target: to,
        rule_id: null,
        digest_id: d.id,
        subject: content.subject,
        text: content.text,
        html: null,
        payload: null,
      })),
      now,
    );
  });
}
