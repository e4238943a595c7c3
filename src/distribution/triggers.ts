/** Trigger rules: when, to whom and through which channel a survey goes out. */
import type { Db } from "../db/connection.js";
import { invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import { getSurvey } from "../surveys/service.js";
import * as invitationsStore from "./invitations-store.js";
import type { TTrigger, TTriggerInput, TTriggerPatch, TTriggerRule } from "./schema.js";
import { segmentAudience } from "./segment-audience.js";
import type { TriggerRow } from "./tables.js";
import { nextOccurrence } from "./timing.js";
import { configOf } from "./trigger-config.js";
import * as store from "./triggers-store.js";

export function toTrigger(r: TriggerRow): TTrigger {
  const c = configOf(r);
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    surveyId: r.survey_id,
    channel: r.channel === "sms" || r.channel === "widget" || r.channel === "link" ? r.channel : "email",
    rule: c.rule,
    samplePercent: c.samplePercent,
    recontactDays: c.recontactDays,
    quietHours: c.quietHours,
    message: c.message,
    nextRunAt: r.next_run_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Channel and rule must fit together: the widget shows surveys on pages, the other channels send them. */
function checkRule(input: TTriggerInput) {
  const { rule, channel } = input;
  if (rule.kind === "page" && channel !== "widget")
    throw invalid("channel", "a page rule (website widget) needs the widget channel");
  if (rule.kind !== "page" && channel === "widget")
    throw invalid("rule.kind", "the widget channel shows surveys on pages: use a page rule");
  if (rule.kind !== "event") {
    rule.conditions.forEach((c, i) => {
      if (!c.field.startsWith("customer."))
        throw invalid(`rule.conditions.${i}.field`, "this rule has no event: use customer.<attribute>");
    });
  }
  if (rule.kind === "page" && rule.display.mode === "inline" && !rule.display.selector)
    throw invalid("rule.display.selector", "inline mode needs the CSS selector of the element to fill");
  if (rule.kind === "page" && rule.urlMatch?.startsWith("/") && rule.urlMatch.endsWith("/")) {
    try {
      new RegExp(rule.urlMatch.slice(1, -1));
    } catch {
      throw invalid("rule.urlMatch", "not a valid regular expression");
    }
  }
}

function nextRun(rule: TTriggerRule, now: Date): Date | null {
  if (rule.kind !== "schedule") return null;
  // An occurrence at exactly `now` is still due.
  return nextOccurrence(rule, new Date(now.getTime() - 1));
}

function toWrite(input: TTriggerInput, now: Date): store.TriggerWrite {
  return {
    name: input.name,
    enabled: input.enabled,
    survey_id: input.surveyId,
    channel: input.channel,
    kind: input.rule.kind,
    event_type: input.rule.kind === "event" ? input.rule.eventType : null,
    config: {
      rule: input.rule,
      samplePercent: input.samplePercent,
      recontactDays: input.recontactDays ?? null,
      quietHours: input.quietHours ?? null,
      message: input.message,
    },
    next_run_at: nextRun(input.rule, now),
  };
}

async function checkSurvey(db: Db, workspaceId: string, surveyId: string) {
  await getSurvey(db, workspaceId, surveyId).catch(() => {
    throw invalid("surveyId", `survey ${surveyId} not found`);
  });
}

/** A campaign's segment must exist in the workspace and filter on what customer profiles have. */
async function checkSegment(db: Db, workspaceId: string, rule: TTriggerRule) {
  if (rule.kind === "schedule" && rule.segmentId)
    await segmentAudience(db, workspaceId, rule.segmentId, "rule.segmentId");
}

export async function createTrigger(db: Db, workspaceId: string, input: TTriggerInput, now: Date) {
  checkRule(input);
  await checkSurvey(db, workspaceId, input.surveyId);
  await checkSegment(db, workspaceId, input.rule);
  return toTrigger(await store.insertTrigger(db, workspaceId, newId(), toWrite(input, now), now));
}

export async function getTrigger(db: Db, workspaceId: string, id: string) {
  const row = await store.findTrigger(db, workspaceId, id);
  if (!row) throw notFound("trigger");
  return toTrigger(row);
}

export async function listTriggers(db: Db, workspaceId: string, f: { surveyId?: string; kind?: string }) {
  return (await store.listTriggers(db, workspaceId, f)).map(toTrigger);
}

/** Edits a trigger. A changed schedule starts over from its next occurrence. */
export async function updateTrigger(
  db: Db,
  workspaceId: string,
  id: string,
  patch: TTriggerPatch,
  now: Date,
) {
  const current = await getTrigger(db, workspaceId, id);
  const next: TTriggerInput = {
    name: patch.name ?? current.name,
    enabled: patch.enabled ?? current.enabled,
    surveyId: patch.surveyId ?? current.surveyId,
    channel: patch.channel ?? current.channel,
    rule: patch.rule ?? current.rule,
    samplePercent: patch.samplePercent ?? current.samplePercent,
    recontactDays: patch.recontactDays === undefined ? current.recontactDays : patch.recontactDays,
    quietHours: patch.quietHours === undefined ? current.quietHours : patch.quietHours,
    message: patch.message ?? current.message,
  };
  checkRule(next);
  if (patch.surveyId) await checkSurvey(db, workspaceId, patch.surveyId);
  if (patch.rule) await checkSegment(db, workspaceId, patch.rule);
  const write = toWrite(next, now);
  const row = await store.findTrigger(db, workspaceId, id);
  const scheduleChanged = !row || JSON.stringify(configOf(row).rule) !== JSON.stringify(next.rule);
  const updated = await store.updateTrigger(
    db,
    workspaceId,
    id,
    {
      ...write,
      next_run_at: scheduleChanged ? write.next_run_at : (row?.next_run_at ?? write.next_run_at),
      run_cursor: scheduleChanged ? null : (row?.run_cursor ?? null),
    },
    now,
  );
  if (!updated) throw notFound("trigger");
  return toTrigger(updated);
}

/** Deletes a trigger; its invitations still waiting are cancelled (suppressed: trigger_deleted). */
export async function deleteTrigger(db: Db, workspaceId: string, id: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    await invitationsStore.cancelQueued(trx, workspaceId, { triggerId: id }, "trigger_deleted", now);
    const res = await store.deleteTrigger(trx, workspaceId, id);
    if (!res.numDeletedRows) throw notFound("trigger");
  });
}
