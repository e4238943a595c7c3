/**
 * Whether invitations may go out now, decided when they fall due, in one transaction per batch that
 * holds the customers' locks: the survey is live and the trigger on, the customer has not unsubscribed
 * (or bounced on this channel) and can be reached on it, it is not their quiet hours, they were not
 * contacted within the recontact period (by earlier invitations or by one admitted just before in the
 * same batch), and the channel's daily cap has room. Admitted invitations get their personal token.
 */
import { findCustomers } from "../customers/service.js";
import type { CustomerRow } from "../customers/tables.js";
import type { Db } from "../db/connection.js";
import type { Attributes, TLanguage, TSurvey } from "../surveys/schema.js";
import { hashToken, issueRecipientTokens } from "../surveys/service.js";
import {
  type AdmissionWrite,
  applyAdmissions,
  contactStates,
  lockCustomers,
  takeDailySlot,
} from "./invitations-store.js";
import { invitationLinks } from "./links.js";
import type { TDistChannel, TTriggerConfig } from "./schema.js";
import type { Settings } from "./settings.js";
import { localDay, nextAllowedTime, startOfNextLocalDay } from "./timing.js";

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

/**
 * An invitation's survey and trigger, read before the transaction (they change rarely, and one run
 * shares them across all its invitations); undefined when gone.
 */
export interface Facts {
  survey: TSurvey | undefined;
  trigger: { enabled: boolean; config: TTriggerConfig } | undefined;
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
      config: TTriggerConfig | null;
    }
  | { kind: "suppress"; reason: string; detail: string | null }
  | { kind: "defer"; until: Date; detail: string };

type Decision =
  | Exclude<Admission, { kind: "admit" }>
  | {
      kind: "admit";
      customer: CustomerRow;
      survey: TSurvey;
      language: TLanguage;
      config: TTriggerConfig | null;
    };

const DAY_MS = 86_400_000;
const suppress = (reason: string, detail: string | null = null): Decision => ({
  kind: "suppress",
  reason,
  detail,
});

/**
 * Decides, within `trx`, for claimed invitations of one workspace (status sending), writes the decisions,
 * and returns them by invitation id. Call inside a transaction: the customers stay locked until it commits.
 */
export async function admitMany(
  trx: Db,
  candidates: Candidate[],
  ctx: AdmissionContext,
  facts: (c: Candidate) => Facts,
): Promise<Map<string, Admission>> {
  const out = new Map<string, Admission>();
  const ws = candidates[0]?.workspace_id;
  if (!ws) return out;
  const { now } = ctx;
  const customerIds = [...new Set(candidates.map((c) => c.customer_id))];
  await lockCustomers(trx, ws, customerIds);
  const customers = new Map((await findCustomers(trx, ws, customerIds)).map((c) => [c.id, c]));
  const states = await contactStates(
    trx,
    ws,
    customerIds,
    candidates.map((c) => c.id),
  );
  /** Customers admitted earlier in this batch: contacted now. */
  const admittedNow = new Set<string>();

  const decisions: [Candidate, Decision][] = [];
  for (const c of candidates) {
    const d = await decide(trx, c, ctx, facts(c), customers.get(c.customer_id), states, admittedNow);
    if (d.kind === "admit") admittedNow.add(c.customer_id);
    decisions.push([c, d]);
  }

  const admitted = decisions.filter(
    (x): x is [Candidate, Extract<Decision, { kind: "admit" }>] => x[1].kind === "admit",
  );
  const tokens = await issueRecipientTokens(
    trx,
    ctx.publicUrl,
    ws,
    admitted.map(([c, d]) => ({
      surveyId: d.survey.id,
      customerId: d.customer.id,
      attributes: c.attributes,
      channel: c.channel as TDistChannel,
    })),
    now,
    16,
  );
  const tokenOf = new Map(admitted.map(([c], i) => [c.id, tokens[i]?.token ?? ""]));

  const writes: AdmissionWrite[] = decisions.map(([c, d]) => {
    const base = {
      id: c.id,
      reason: null,
      detail: null,
      send_at: null,
      release: false,
      contacted_at: null,
      token_hash: null,
      language: null,
      sent_at: null,
      link_url: null,
    };
    if (d.kind === "suppress") return { ...base, status: "suppressed", reason: d.reason, detail: d.detail };
    if (d.kind === "defer")
      return { ...base, status: "queued", send_at: d.until, release: true, detail: d.detail };
    const token = tokenOf.get(c.id) ?? "";
    out.set(c.id, { ...d, token });
    // A personal link's delivery is handing it over: it is sent the moment it exists.
    const link = c.channel === "link";
    return {
      ...base,
      status: link ? "sent" : "sending",
      contacted_at: now,
      token_hash: hashToken(token),
      language: d.language,
      sent_at: link ? now : null,
      link_url: link ? invitationLinks(ctx.publicUrl, token).short : null,
    };
  });
  await applyAdmissions(trx, ws, writes, now);
  for (const [c, d] of decisions) if (d.kind !== "admit") out.set(c.id, d);
  return out;
}

async function decide(
  trx: Db,
  c: Candidate,
  ctx: AdmissionContext,
  facts: Facts,
  customer: CustomerRow | undefined,
  states: Awaited<ReturnType<typeof contactStates>>,
  admittedNow: Set<string>,
): Promise<Decision> {
  const channel = c.channel as TDistChannel;
  const { now, settings } = ctx;
  let config: TTriggerConfig | null = null;
  if (c.trigger_id) {
    if (facts.trigger && !facts.trigger.enabled)
      return suppress("trigger_disabled", "the trigger was switched off");
    config = facts.trigger?.config ?? null;
  }
  const survey = facts.survey;
  if (!survey) return suppress("survey_missing");
  if (survey.status !== "active") return suppress("survey_inactive", `the survey is ${survey.status}`);
  if (!customer) return suppress("customer_missing");

  // A bounce stops the address that bounced; a new address on the profile may be tried.
  const stops = states.suppressions.get(customer.id) ?? [];
  const stop =
    stops.find((s) => s.channel === "all") ??
    stops.find((s) => s.channel === channel && !(s.reason === "bounced" && s.detail !== customer.email));
  if (stop)
    return suppress(stop.reason === "unsubscribed" ? "unsubscribed" : `${stop.reason}_before`, stop.detail);
  if (channel === "email" && !customer.email)
    return suppress("no_email", "the customer has no email address");
  if (channel === "sms" && !customer.phone) return suppress("no_phone", "the customer has no phone number");
  if (channel === "sms" && !settings.sms) return suppress("no_sms_provider", "no SMS provider is configured");

  if (channel === "email" || channel === "sms") {
    const quiet = config?.quietHours ?? settings.quietHours;
    const zone = customer.time_zone ?? ctx.workspace.timeZone;
    const allowed = nextAllowedTime(now, quiet, zone);
    if (allowed.getTime() > now.getTime()) {
      return {
        kind: "defer",
        until: allowed,
        detail: `quiet hours in ${zone} until ${allowed.toISOString()}`,
      };
    }
  }

  const recontactDays = config?.recontactDays ?? settings.recontactDays;
  if (recontactDays > 0) {
    const last = admittedNow.has(customer.id) ? now : states.lastContact.get(customer.id);
    if (last && last.getTime() >= now.getTime() - recontactDays * DAY_MS) {
      return suppress("throttled", `already contacted within ${recontactDays} days`);
    }
  }

  const cap = settings.dailyCaps[channel];
  if (cap !== undefined) {
    const day = localDay(now, ctx.workspace.timeZone);
    if (!(await takeDailySlot(trx, c.workspace_id, channel, day, cap))) {
      const until = startOfNextLocalDay(now, ctx.workspace.timeZone);
      return { kind: "defer", until, detail: `daily ${channel} cap of ${cap} reached` };
    }
  }

  const languages = survey.definition.languages;
  const language =
    [c.language, customer.language, ctx.workspace.defaultLanguage]
      .map((w) => languages.find((l) => w?.slice(0, 2).toLowerCase() === l))
      .find((l) => l !== undefined) ?? survey.definition.defaultLanguage;
  return { kind: "admit", customer, survey, language, config };
}
