/**
 * Turning events and campaign occurrences into invitations. Only the plan is made here: whether a
 * customer may be contacted (unsubscribed, throttled, quiet hours, caps) is decided when the invitation
 * falls due, because that is when it is known.
 */
import type { TFilter } from "../analytics/filter.js";
import type { CustomerRow } from "../customers/tables.js";
import { newId } from "../ids.js";
import type { Attributes, SurveyDefinition } from "../surveys/schema.js";
import { allHold, type ConditionSubject } from "./conditions.js";
import type { InvitationWrite } from "./invitations-store.js";
import { inSample } from "./sampling.js";
import { inAudience } from "./segment-audience.js";
import type { TriggerRow } from "./tables.js";
import { configOf } from "./trigger-config.js";

/** An event older than this when its invitation would go out is history (an import), not a touchpoint. */
export const STALE_AFTER_MS = 2 * 86_400_000;

export const customerSubject = (c: CustomerRow): ConditionSubject["customer"] => ({
  externalId: c.external_id,
  email: c.email,
  phone: c.phone,
  name: c.name,
  language: c.language,
  timeZone: c.time_zone,
  attributes: c.attributes,
});

/** The customer's language when the survey has it, otherwise the survey's default. */
export function invitationLanguage(def: SurveyDefinition | undefined, customer: CustomerRow): string | null {
  if (!def) return customer.language;
  const wanted = customer.language?.slice(0, 2).toLowerCase();
  return def.languages.find((l) => l === wanted) ?? def.defaultLanguage;
}

/** Scalar event properties become hidden fields of the response (order id, product, store…). */
function eventAttributes(properties: Attributes): Attributes {
  return Object.fromEntries(Object.entries(properties).slice(0, 30));
}

export interface PlannedEvent {
  id: string;
  type: string;
  properties: Attributes;
  occurredAt: Date;
  customer: CustomerRow;
}

/** The invitations one new event starts: one per matching enabled trigger. */
export function planForEvent(
  event: PlannedEvent,
  triggers: TriggerRow[],
  surveys: Map<string, { definition: SurveyDefinition }>,
  now: Date,
): InvitationWrite[] {
  const subject: ConditionSubject = {
    event: { type: event.type, properties: event.properties },
    customer: customerSubject(event.customer),
  };
  return triggers.flatMap((t): InvitationWrite[] => {
    const config = configOf(t);
    const rule = config.rule;
    if (rule.kind !== "event" || rule.eventType !== event.type || !allHold(subject, rule.conditions))
      return [];
    const sendAt = new Date(event.occurredAt.getTime() + rule.delayMinutes * 60_000);
    const base = {
      id: newId(),
      dedupe_key: `event:${t.id}:${event.id}`,
      trigger_id: t.id,
      survey_id: t.survey_id,
      customer_id: event.customer.id,
      event_id: event.id,
      channel: t.channel,
      language: invitationLanguage(surveys.get(t.survey_id)?.definition, event.customer),
      attributes: eventAttributes(event.properties),
      send_at: sendAt.getTime() < now.getTime() ? now : sendAt,
    };
    if (sendAt.getTime() < now.getTime() - STALE_AFTER_MS) {
      return [
        { ...base, status: "suppressed", reason: "stale_event", detail: "the event is too old to survey" },
      ];
    }
    if (!inSample(`${t.id}:${event.id}`, config.samplePercent)) {
      return [{ ...base, status: "suppressed", reason: "sampled_out", detail: null }];
    }
    return [{ ...base, status: "queued", reason: null, detail: null }];
  });
}

/**
 * The invitations of one campaign occurrence for a page of customers: those matching the rule (and its
 * segment's filter, when it has one) and in the sample. Customers sampled out are not recorded (a
 * campaign would otherwise write a row per customer).
 */
export function planForOccurrence(
  trigger: TriggerRow,
  occurrenceAt: Date,
  customers: CustomerRow[],
  definition: SurveyDefinition | undefined,
  now: Date,
  segment: TFilter | null = [],
): InvitationWrite[] {
  if (segment === null) return [];
  const config = configOf(trigger);
  const rule = config.rule;
  if (rule.kind !== "schedule") return [];
  const occurrence = occurrenceAt.toISOString();
  return customers.flatMap((c): InvitationWrite[] => {
    if (!allHold({ customer: customerSubject(c) }, rule.conditions) || !inAudience(segment, c)) return [];
    if (!inSample(`${trigger.id}:${occurrence}:${c.id}`, config.samplePercent)) return [];
    return [
      {
        id: newId(),
        dedupe_key: `schedule:${trigger.id}:${occurrence}:${c.id}`,
        trigger_id: trigger.id,
        survey_id: trigger.survey_id,
        customer_id: c.id,
        event_id: null,
        channel: trigger.channel,
        status: "queued",
        reason: null,
        detail: null,
        language: invitationLanguage(definition, c),
        attributes: {},
        send_at: occurrenceAt.getTime() < now.getTime() ? now : occurrenceAt,
      },
    ];
  });
}
