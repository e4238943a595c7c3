/**
 * Turning events into deliveries: each alert goes to every enabled rule that listens for its event (and
 * whose survey filter takes it), one delivery per email address and one for the webhook, all keyed by
 * the event's dedupe key so a retried write or a second server queues nothing twice.
 */
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import type { Categorized } from "../feedback/service.js";
import { newId } from "../ids.js";
import type { TCase } from "../loop/schema.js";
import { getSurvey } from "../surveys/service.js";
import { type DeliveryWrite, insertDeliveries } from "./deliveries-store.js";
import { type AlertMessage, renderAlert } from "./messages.js";
import * as rulesStore from "./rules-store.js";
import type { AlertRuleRow } from "./tables.js";

/** Answers stored later than this after they were given (history imports) do not alert. */
const STALE_MS = 2 * 86_400_000;

const takesSurvey = (rule: AlertRuleRow, surveyId: string | null) =>
  !rule.survey_ids || surveyId === null || rule.survey_ids.includes(surveyId);

/** The webhook body: Slack's `{ text, blocks }` plus our own structured copy. */
function webhookPayload(
  m: AlertMessage,
  rendered: ReturnType<typeof renderAlert>,
  workspaceId: string,
  id: string,
) {
  return {
    text: rendered.slack.text,
    blocks: rendered.slack.blocks,
    otklik: { event: m.event, workspaceId, deliveryId: id, data: m.data },
  };
}

/** Deliveries of one alert to the given rules (rendered once per rule language, i.e. the workspace's). */
export function deliveriesFor(
  rules: AlertRuleRow[],
  m: AlertMessage,
  key: string,
  workspace: { id: string; language: string; timeZone: string },
): DeliveryWrite[] {
  const rendered = renderAlert(m, workspace.language, workspace.timeZone);
  const out: DeliveryWrite[] = [];
  for (const rule of rules) {
    for (const email of rule.emails) {
      out.push({
        id: newId(),
        dedupe_key: `${key}|${rule.id}|email|${email}`,
        kind: m.event,
        channel: "email",
        target: email,
        rule_id: rule.id,
        digest_id: null,
        subject: rendered.subject,
        text: rendered.text,
        html: null,
        payload: null,
      });
    }
    if (rule.webhook_url) {
      const id = newId();
      out.push({
        id,
        dedupe_key: `${key}|${rule.id}|webhook`,
        kind: m.event,
        channel: "webhook",
        target: rule.webhook_url,
        rule_id: rule.id,
        digest_id: null,
        subject: rendered.subject,
        text: rendered.text,
        html: null,
        payload: webhookPayload(m, rendered, workspace.id, id),
      });
    }
  }
  return out;
}

async function workspaceInfo(db: Db, workspaceId: string) {
  const w = await getWorkspace(db, workspaceId);
  return { id: workspaceId, language: w.default_language, timeZone: w.time_zone };
}

/** Queues one alert to the rules listening for its event; returns the number of new deliveries. */
export async function queueAlert(
  db: Db,
  workspaceId: string,
  m: AlertMessage,
  key: string,
  surveyId: string | null,
  now: Date,
) {
  const rules = (await rulesStore.listRules(db, workspaceId, { event: m.event })).filter((r) =>
    takesSurvey(r, surveyId),
  );
  if (!rules.length) return 0;
  const rows = deliveriesFor(rules, m, key, await workspaceInfo(db, workspaceId));
  return insertDeliveries(db, workspaceId, rows, now);
}

/**
 * Detractor and low-CSAT alerts for freshly stored answers, in the transaction that stores them (called
 * from the loop pipeline), so an answer never commits without its alert and a retry queues none again.
 */
export async function queueAnswerAlerts(
  db: Db,
  workspaceId: string,
  items: Categorized[],
  cases: TCase[],
  now: Date,
) {
  const candidates = items.filter((i) => {
    const s = i.digest.score;
    if (!s || now.getTime() - i.digest.submittedAt.getTime() > STALE_MS) return false;
    return (s.kind === "nps" && s.group === "detractor") || (s.kind === "csat" && s.group === "low");
  });
  if (!candidates.length) return 0;
  const [detractorRules, csatRules] = await Promise.all([
    rulesStore.listRules(db, workspaceId, { event: "detractor" }),
    rulesStore.listRules(db, workspaceId, { event: "low_csat" }),
  ]);
  if (!detractorRules.length && !csatRules.length) return 0;
  const workspace = await workspaceInfo(db, workspaceId);
  const caseOf = new Map(cases.map((c) => [c.responseId, c]));
  const surveyNames = new Map<string, string>();
  const rows: DeliveryWrite[] = [];
  for (const item of candidates) {
    const d = item.digest;
    const s = d.score;
    if (!s) continue;
    const event = s.kind === "nps" ? "detractor" : "low_csat";
    const rules = (event === "detractor" ? detractorRules : csatRules).filter((r) =>
      takesSurvey(r, d.surveyId),
    );
    if (!rules.length) continue;
    let surveyName = surveyNames.get(d.surveyId);
    if (surveyName === undefined) {
      surveyName = (await getSurvey(db, workspaceId, d.surveyId)).name;
      surveyNames.set(d.surveyId, surveyName);
    }
    const c = caseOf.get(d.id);
    const m: AlertMessage = {
      event,
      data: {
        event,
        responseId: d.id,
        surveyId: d.surveyId,
        surveyName,
        score: { kind: s.kind, value: s.value },
        text: d.text,
        customer: d.customerId,
        caseId: c?.id ?? null,
        caseReference: c?.reference ?? null,
      },
    };
    rows.push(...deliveriesFor(rules, m, `${event}:${d.id}`, workspace));
  }
  return insertDeliveries(db, workspaceId, rows, now);
}
