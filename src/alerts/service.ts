/**
 * Alert rules (who is told about what), the overdue-case scan, the delivery log, and the test send.
 * The public API of the module for the routes and the job runner.
 */
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { getSettings } from "../distribution/settings.js";
import { invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import { casesFallingDue } from "../loop/delivery-store.js";
import { caseReference } from "../loop/service.js";
import { getSurvey } from "../surveys/service.js";
import * as deliveries from "./deliveries-store.js";
import { deliverMail } from "./mail.js";
import { renderAlert } from "./messages.js";
import { queueAlert } from "./queue.js";
import * as store from "./rules-store.js";
import type { TAlertRule, TAlertRuleInput, TAlertRulePatch, TDelivery, TDeliveryQuery } from "./schema.js";
import type { AlertRuleRow, DeliveryRow } from "./tables.js";
import { postWebhook } from "./webhook.js";

const EVENTS = new Set(["detractor", "low_csat", "case_overdue", "early_warning"]);

const toRule = (r: AlertRuleRow): TAlertRule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  events: r.events.filter((e): e is TAlertRule["events"][number] => EVENTS.has(e)),
  surveyIds: r.survey_ids,
  emails: r.emails,
  webhook: r.webhook_url ? { url: r.webhook_url, secretSet: Boolean(r.webhook_secret) } : null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

async function checkSurveys(db: Db, workspaceId: string, ids: string[] | null | undefined) {
  for (const id of ids ?? [])
    await getSurvey(db, workspaceId, id).catch(() => {
      throw invalid("surveyIds", `survey ${id} not found`);
    });
}

export async function listAlertRules(db: Db, workspaceId: string) {
  return (await store.listRules(db, workspaceId)).map(toRule);
}

export async function getAlertRule(db: Db, workspaceId: string, id: string) {
  const r = await store.findRule(db, workspaceId, id);
  if (!r) throw notFound("alert rule");
  return toRule(r);
}

export async function createAlertRule(db: Db, workspaceId: string, input: TAlertRuleInput, now: Date) {
  await checkSurveys(db, workspaceId, input.surveyIds);
  if (!input.emails.length && !input.webhook) throw invalid("emails", "give at least one email or a webhook");
  if (input.webhook && !input.webhook.secret) throw invalid("webhook.secret", "a new webhook needs a secret");
  const row = await store.insertRule(
    db,
    workspaceId,
    newId(),
    {
      name: input.name,
      enabled: input.enabled,
      events: [...new Set(input.events)],
      survey_ids: input.surveyIds,
      emails: [...new Set(input.emails)],
      webhook_url: input.webhook?.url ?? null,
      webhook_secret: input.webhook?.secret ?? null,
    },
    now,
  );
  return toRule(row);
}

export async function updateAlertRule(
  db: Db,
  workspaceId: string,
  id: string,
  p: TAlertRulePatch,
  now: Date,
) {
  await checkSurveys(db, workspaceId, p.surveyIds);
  const before = await store.findRule(db, workspaceId, id);
  if (!before) throw notFound("alert rule");
  const secret = p.webhook === null ? null : (p.webhook?.secret ?? before.webhook_secret);
  if (p.webhook && !secret) throw invalid("webhook.secret", "a new webhook needs a secret");
  const emails = p.emails ?? before.emails;
  const hasWebhook = p.webhook === undefined ? Boolean(before.webhook_url) : p.webhook !== null;
  if (!emails.length && !hasWebhook) throw invalid("emails", "give at least one email or a webhook");
  const row = await store.updateRule(
    db,
    workspaceId,
    id,
    {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.enabled !== undefined ? { enabled: p.enabled } : {}),
      ...(p.events !== undefined ? { events: [...new Set(p.events)] } : {}),
      ...(p.surveyIds !== undefined ? { survey_ids: p.surveyIds } : {}),
      ...(p.emails !== undefined ? { emails: [...new Set(p.emails)] } : {}),
      ...(p.webhook !== undefined ? { webhook_url: p.webhook?.url ?? null, webhook_secret: secret } : {}),
    },
    now,
  );
  if (!row) throw notFound("alert rule");
  return toRule(row);
}

export async function deleteAlertRule(db: Db, workspaceId: string, id: string) {
  if (!(await store.deleteRule(db, workspaceId, id))) throw notFound("alert rule");
}

/** Sends a sample alert to every target of the rule now, reporting each answer (nothing is queued). */
export async function testAlertRule(db: Db, workspaceId: string, id: string, now: Date) {
  const rule = await store.findRule(db, workspaceId, id);
  if (!rule) throw notFound("alert rule");
  const w = await getWorkspace(db, workspaceId);
  const m = { event: "test" as const, data: { workspaceName: w.name } };
  const rendered = renderAlert(m, w.default_language, w.time_zone);
  const settings = await getSettings(db, workspaceId);
  const results = [];
  for (const to of rule.emails) {
    const o = await deliverMail(
      db,
      workspaceId,
      settings,
      { to, subject: rendered.subject, text: rendered.text },
      now,
    );
    results.push({
      channel: "email",
      target: to,
      ok: o.kind === "sent" || o.kind === "kept",
      detail: o.detail,
    });
  }
  if (rule.webhook_url) {
    const body = JSON.stringify({
      text: rendered.slack.text,
      blocks: rendered.slack.blocks,
      otklik: { event: "test", workspaceId },
    });
    const o = await postWebhook(
      rule.webhook_url,
      rule.webhook_secret,
      body,
      { event: "test", deliveryId: newId() },
      now,
    );
    results.push({ channel: "webhook", target: rule.webhook_url, ok: o.ok, detail: o.detail });
  }
  return { results };
}

const WATERMARK = "case_overdue";
/** A first scan looks back this far, so cases that fell due just before alerts were set up are told. */
const FIRST_LOOKBACK_MS = 86_400_000;
/**
 * Each scan also re-reads this much before its watermark: a case change stamped by one server's clock
 * just before another server's scan may commit after that scan read the table. Re-read cases queue
 * nothing twice (the dedupe key is the case and its due time).
 */
const OVERLAP_MS = 5 * 60_000;

/**
 * Alerts for cases that became overdue since the last scan: each workspace with a `case_overdue` rule
 * keeps a watermark; the scan that moves it from w to now (a conditional update, so one server wins)
 * owns the cases that fell due in (w, now], or changed in it while past due (a due time moved into the
 * past), and queues their alerts in the same transaction.
 */
export async function scanOverdueCases(db: Db, now: Date) {
  let queued = 0;
  for (const ws of await store.workspacesWithEvent(db, "case_overdue")) {
    const stored = await store.getWatermark(db, ws, WATERMARK);
    const from = stored ?? new Date(now.getTime() - FIRST_LOOKBACK_MS);
    if (from >= now) continue;
    queued += await db.transaction().execute(async (trx) => {
      if (!(await store.advanceWatermark(trx, ws, WATERMARK, stored, now))) return 0;
      let n = 0;
      for (const c of await casesFallingDue(trx, ws, new Date(from.getTime() - OVERLAP_MS), now, 1000)) {
        n += await queueAlert(
          trx,
          ws,
          {
            event: "case_overdue",
            data: {
              caseId: c.id,
              reference: caseReference(c.id),
              dueAt: c.due_at.toISOString(),
              status: c.status,
              team: c.team,
              ownerId: c.owner_id,
              summary: c.summary,
              surveyId: c.survey_id,
            },
          },
          `case_overdue:${c.id}:${c.due_at.toISOString()}`,
          c.survey_id,
          now,
        );
      }
      return n;
    });
  }
  return queued;
}

const toDelivery = (d: DeliveryRow): TDelivery => ({
  id: d.id,
  kind: d.kind,
  channel: d.channel === "webhook" ? "webhook" : "email",
  target: d.target,
  ruleId: d.rule_id,
  digestId: d.digest_id,
  subject: d.subject,
  status:
    (["pending", "sending", "sent", "kept", "failed"] as const).find((s) => s === d.status) ?? "pending",
  attempts: d.attempts,
  nextAttemptAt: d.next_attempt_at.toISOString(),
  sentAt: d.sent_at?.toISOString() ?? null,
  detail: d.detail,
  createdAt: d.created_at.toISOString(),
});

export async function listDeliveries(db: Db, workspaceId: string, q: TDeliveryQuery) {
  let cursor: { at: Date; id: string } | undefined;
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, "base64url").toString().split("|");
    const d = new Date(at ?? "");
    if (!id || Number.isNaN(d.getTime())) throw invalid("query.cursor", "malformed cursor");
    cursor = { at: d, id };
  }
  const rows = await deliveries.listDeliveries(db, workspaceId, {
    status: q.status,
    kind: q.kind,
    cursor,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toDelivery),
    nextCursor:
      rows.length > q.limit && last
        ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString("base64url")
        : null,
  };
}
