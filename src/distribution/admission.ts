/**
 * Whether an invitation may go out now, decided when it falls due, inside one transaction that holds
 * the customer's lock: the survey is live, the customer has not unsubscribed (or bounced on this
 * channel) and can be reached on it, it is not their quiet hours, they were not contacted within the
 * recontact period, and the channel's daily cap has room. Admitted invitations get their personal token.
 */
import { findCustomer } from "../customers/service.js";
import type { CustomerRow } from "../customers/tables.js";
import type { Db } from "../db/connection.js";
import type { Attributes, TLanguage, TSurvey } from "../surveys/schema.js";
import { createRecipientLink, getSurvey, hashToken } from "../surveys/service.js";
import { contactedSince, lockCustomer, takeDailySlot } from "./invitations-store.js";
import type { TDistChannel, TTriggerConfig } from "./schema.js";
import type { Settings } from "./settings.js";
import { suppressionsOf } from "./settings-store.js";
import { localDay, nextAllowedTime, startOfNextLocalDay } from "./timing.js";
import { configOf } from "./trigger-config.js";
import { findTrigger } from "./triggers-store.js";

export interface WorkspaceInfo {
  name: string;
  timeZone: string;
  defaultLanguage: string;
}

export interface AdmissionContext {
  publicUrl: string;
  now: Date;
  settings: Settings;
  workspace: WorkspaceInfo;
}

export interface Candidate {
  workspace_id: string;
  id: string;
  customer_id: string;
  survey_id: string;
  channel: string;
  trigger_id: string | null;
  attributes: Attributes;
  language: string | null;
}

export type Admission =
  | {
      kind: "admit";
      customer: CustomerRow;
      survey: TSurvey;
      language: TLanguage;
      token: string;
      tokenHash: string;
      url: string;
      config: TTriggerConfig | null;
    }
  | { kind: "suppress"; reason: string; detail: string | null }
  | { kind: "defer"; until: Date; detail: string };

const DAY_MS = 86_400_000;
const suppress = (reason: string, detail: string | null = null): Admission => ({ kind: "suppress", reason, detail });

/** Call inside a transaction: the customer stays locked until it commits. */
export async function admit(trx: Db, c: Candidate, ctx: AdmissionContext): Promise<Admission> {
  const ws = c.workspace_id;
  const channel = c.channel as TDistChannel;
  const { now, settings } = ctx;
  await lockCustomer(trx, ws, c.customer_id);

  let config: TTriggerConfig | null = null;
  if (c.trigger_id) {
    const trigger = await findTrigger(trx, ws, c.trigger_id);
    if (trigger && !trigger.enabled) return suppress("trigger_disabled", "the trigger was switched off");
    config = trigger ? configOf(trigger) : null;
  }
  const survey = await getSurvey(trx, ws, c.survey_id).catch(() => undefined);
  if (!survey) return suppress("survey_missing");
  if (survey.status !== "active") return suppress("survey_inactive", `the survey is ${survey.status}`);
  const customer = await findCustomer(trx, ws, c.customer_id);
  if (!customer) return suppress("customer_missing");

  const suppressions = await suppressionsOf(trx, ws, customer.id);
  // A bounce stops the address that bounced; a new address on the profile may be tried.
  const stop =
    suppressions.find((s) => s.channel === "all") ??
    suppressions.find((s) => s.channel === channel && !(s.reason === "bounced" && s.detail !== customer.email));
  if (stop) return suppress(stop.reason === "unsubscribed" ? "unsubscribed" : `${stop.reason}_before`, stop.detail);
  if (channel === "email" && !customer.email) return suppress("no_email", "the customer has no email address");
  if (channel === "sms" && !customer.phone) return suppress("no_phone", "the customer has no phone number");
  if (channel === "sms" && !settings.sms) return suppress("no_sms_provider", "no SMS provider is configured");

  if (channel === "email" || channel === "sms") {
    const quiet = config?.quietHours ?? settings.quietHours;
    const zone = customer.time_zone ?? ctx.workspace.timeZone;
    const allowed = nextAllowedTime(now, quiet, zone);
    if (allowed.getTime() > now.getTime()) {
      return { kind: "defer", until: allowed, detail: `quiet hours in ${zone} until ${allowed.toISOString()}` };
    }
  }

  const recontactDays = config?.recontactDays ?? settings.recontactDays;
  if (recontactDays > 0) {
    const since = new Date(now.getTime() - recontactDays * DAY_MS);
    if (await contactedSince(trx, ws, customer.id, since, c.id)) {
      return suppress("throttled", `already contacted within ${recontactDays} days`);
    }
  }

  const cap = settings.dailyCaps[channel];
  if (cap !== undefined) {
    const day = localDay(now, ctx.workspace.timeZone);
    if (!(await takeDailySlot(trx, ws, channel, day, cap))) {
      const until = startOfNextLocalDay(now, ctx.workspace.timeZone);
      return { kind: "defer", until, detail: `daily ${channel} cap of ${cap} reached` };
    }
  }

  const languages = survey.definition.languages;
  const language =
    [c.language, customer.language, ctx.workspace.defaultLanguage]
      .map((w) => languages.find((l) => w?.slice(0, 2).toLowerCase() === l))
      .find((l) => l !== undefined) ?? survey.definition.defaultLanguage;
  const link = await createRecipientLink(trx, ctx.publicUrl, ws, survey.id, customer.id, c.attributes, now, {
    channel,
    tokenBytes: 16,
  });
  return {
    kind: "admit",
    customer,
    survey,
    language,
    token: link.token,
    tokenHash: hashToken(link.token),
    url: link.url,
    config,
  };
}
