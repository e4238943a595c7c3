/**
 * Delivering one claimed invitation: admission (admission.ts) in a transaction, then the channel —
 * email over SMTP (or into the outbox while no SMTP server is configured), SMS through the HTTP
 * provider, or a personal link handed over through the API — and the outcome recorded on the invitation.
 */

import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { newId } from "../ids.js";
import { localize } from "../surveys/logic.js";
import type { TSurvey } from "../surveys/schema.js";
import { getSurvey } from "../surveys/service.js";
import {
  type Admission,
  type AdmissionContext,
  admitMany,
  type Facts,
  type WorkspaceInfo,
} from "./admission.js";
import { sendEmail } from "./email/mailer.js";
import { emailStrings } from "./email/strings.js";
import { renderInvitationEmail } from "./email/templates.js";
import { updateInvitation } from "./invitations-store.js";
import { invitationLinks } from "./links.js";
import { getSettings, type Settings } from "./settings.js";
import { insertOutbox, insertSuppression } from "./settings-store.js";
import { fillTemplate, sendSms } from "./sms/provider.js";
import type { InvitationRow } from "./tables.js";
import { configOf } from "./trigger-config.js";
import { findTrigger } from "./triggers-store.js";

export type Outcome = "sent" | "suppressed" | "deferred" | "bounced" | "failed" | "retry";

/** Tries per invitation while the server says "not now" (4xx, no connection), then it fails. */
export const MAX_ATTEMPTS = 5;
const backoffMs = (attempt: number) => 5 * 60_000 * 2 ** Math.max(0, attempt - 1);

/** Settings and workspace facts, loaded once per workspace per run. */
export class RunCache {
  #settings = new Map<string, Promise<Settings>>();
  #workspaces = new Map<string, Promise<WorkspaceInfo>>();
  constructor(private readonly db: Db) {}

  settings(workspaceId: string): Promise<Settings> {
    let s = this.#settings.get(workspaceId);
    if (!s) {
      s = getSettings(this.db, workspaceId);
      this.#settings.set(workspaceId, s);
    }
    return s;
  }

  workspace(workspaceId: string): Promise<WorkspaceInfo> {
    let w = this.#workspaces.get(workspaceId);
    if (!w) {
      w = getWorkspace(this.db, workspaceId).then((r) => ({
        name: r.name,
        timeZone: r.time_zone,
        defaultLanguage: r.default_language,
      }));
      this.#workspaces.set(workspaceId, w);
    }
    return w;
  }

  #surveys = new Map<string, Promise<TSurvey | undefined>>();
  #triggers = new Map<string, Promise<Facts["trigger"]>>();

  /** The survey and trigger of an invitation; call outside transactions (PGlite has one connection). */
  async facts(inv: Pick<InvitationRow, "workspace_id" | "survey_id" | "trigger_id">): Promise<Facts> {
    const ws = inv.workspace_id;
    const surveyKey = `${ws}:${inv.survey_id}`;
    let survey = this.#surveys.get(surveyKey);
    if (!survey) {
      survey = getSurvey(this.db, ws, inv.survey_id).catch(() => undefined);
      this.#surveys.set(surveyKey, survey);
    }
    const triggerId = inv.trigger_id;
    let trigger: Promise<Facts["trigger"]> = Promise.resolve(undefined);
    if (triggerId) {
      const key = `${ws}:${triggerId}`;
      const cached = this.#triggers.get(key);
      trigger =
        cached ??
        findTrigger(this.db, ws, triggerId).then((r) =>
          r ? { enabled: r.enabled, config: configOf(r) } : undefined,
        );
      this.#triggers.set(key, trigger);
    }
    return { survey: await survey, trigger: await trigger };
  }

  async admissionContext(workspaceId: string, publicUrl: string, now: Date): Promise<AdmissionContext> {
    return {
      publicUrl,
      now,
      settings: await this.settings(workspaceId),
      workspace: await this.workspace(workspaceId),
    };
  }
}

export interface DeliveryContext {
  db: Db;
  publicUrl: string;
  now: Date;
  cache: RunCache;
}

type Admitted = Extract<Admission, { kind: "admit" }>;

/**
 * Runs claimed invitations (status sending) of one workspace to their outcomes: one admission
 * transaction for the batch, then each admitted invitation through its channel, `concurrency` at a time.
 */
export async function deliverBatch(
  dc: DeliveryContext,
  invs: InvitationRow[],
  concurrency: number,
): Promise<Outcome[]> {
  const first = invs[0];
  if (!first) return [];
  const actx = await dc.cache.admissionContext(first.workspace_id, dc.publicUrl, dc.now);
  const facts = new Map<string, Facts>();
  for (const inv of invs) facts.set(inv.id, await dc.cache.facts(inv));
  const decisions = await dc.db
    .transaction()
    .execute((trx) =>
      admitMany(trx, invs, actx, (c) => facts.get(c.id) ?? { survey: undefined, trigger: undefined }),
    );
  return mapLimit(invs, concurrency, async (inv): Promise<Outcome> => {
    const a = decisions.get(inv.id);
    if (!a || a.kind === "suppress") return "suppressed";
    if (a.kind === "defer") return "deferred";
    if (inv.channel === "link") return "sent";
    if (inv.channel === "email") return deliverEmail(dc, inv, a, actx);
    if (inv.channel === "sms") return deliverSms(dc, inv, a, actx);
    await finish(dc, inv, { status: "failed", reason: "unsupported_channel", detail: inv.channel });
    return "failed";
  });
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function finish(
  dc: DeliveryContext,
  inv: InvitationRow,
  patch: Parameters<typeof updateInvitation>[3],
  db: Db = dc.db,
) {
  return updateInvitation(db, inv.workspace_id, inv.id, patch, dc.now, "sending");
}

/** Not accepted this time: back to the queue after a pause, or failed after the last attempt. */
async function retryLater(
  dc: DeliveryContext,
  inv: InvitationRow,
  reason: string,
  detail: string,
): Promise<Outcome> {
  if (inv.attempts >= MAX_ATTEMPTS) {
    await finish(dc, inv, { status: "failed", reason, detail });
    return "failed";
  }
  await finish(dc, inv, {
    status: "queued",
    send_at: new Date(dc.now.getTime() + backoffMs(inv.attempts)),
    claimed_at: null,
    contacted_at: null,
    token_hash: null,
    detail,
  });
  return "retry";
}

async function deliverEmail(dc: DeliveryContext, inv: InvitationRow, a: Admitted, actx: AdmissionContext) {
  const ws = inv.workspace_id;
  const links = invitationLinks(dc.publicUrl, a.token);
  const mail = renderInvitationEmail({
    language: a.language,
    workspaceName: actx.workspace.name,
    customerName: a.customer.name,
    definition: a.survey.definition,
    message: a.config?.message ?? {},
    links,
  });
  const headers = {
    "List-Unsubscribe": `<${links.unsubscribe}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "X-Otklik-Invitation": inv.id,
  };
  const address = a.customer.email ?? "";
  const smtp = actx.settings.smtp;
  if (!smtp) {
    await dc.db.transaction().execute(async (trx) => {
      await insertOutbox(
        trx,
        ws,
        {
          id: newId(),
          invitation_id: inv.id,
          recipient: address,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers,
        },
        dc.now,
      );
      await finish(
        dc,
        inv,
        { status: "sent", sent_at: dc.now, detail: "kept in the outbox: no SMTP server is configured" },
        trx,
      );
    });
    return "sent";
  }
  const outcome = await sendEmail(ws, smtp, {
    to: { name: a.customer.name, address },
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers,
  });
  if (outcome.ok) {
    await finish(dc, inv, { status: "sent", sent_at: dc.now, detail: outcome.response.slice(0, 500) });
    return "sent";
  }
  if (outcome.kind === "bounce") {
    await dc.db.transaction().execute(async (trx) => {
      await finish(dc, inv, { status: "bounced", reason: "smtp_rejected", detail: outcome.message }, trx);
      // The address is refused for good: later emails to it would bounce too (a new address lifts this).
      await insertSuppression(
        trx,
        ws,
        { customer_id: inv.customer_id, channel: "email", reason: "bounced", detail: address },
        dc.now,
      );
    });
    return "bounced";
  }
  if (outcome.kind === "retry") return retryLater(dc, inv, "smtp_unavailable", outcome.message);
  await finish(dc, inv, { status: "failed", reason: "smtp_error", detail: outcome.message });
  return "failed";
}

async function deliverSms(dc: DeliveryContext, inv: InvitationRow, a: Admitted, actx: AdmissionContext) {
  const provider = actx.settings.sms;
  if (!provider) {
    await finish(dc, inv, { status: "failed", reason: "no_sms_provider", detail: null });
    return "failed";
  }
  const fallback = a.survey.definition.defaultLanguage;
  const template =
    (a.config?.message.intro && localize(a.config.message.intro, a.language, fallback)) ||
    (provider.text && localize(provider.text, a.language, fallback)) ||
    emailStrings(a.language).smsText;
  const link = invitationLinks(dc.publicUrl, a.token).short;
  const withLink = /\{\{\s*link\s*\}\}/.test(template) ? template : `${template} {{link}}`;
  const text = fillTemplate(withLink, { name: actx.workspace.name, link }, (s) => s);
  const outcome = await sendSms(provider, { phone: a.customer.phone ?? "", text, link });
  if (outcome.ok) {
    await finish(dc, inv, { status: "sent", sent_at: dc.now, detail: outcome.detail });
    return "sent";
  }
  if (outcome.retry) return retryLater(dc, inv, "provider_unavailable", outcome.detail);
  await finish(dc, inv, { status: "failed", reason: "provider_error", detail: outcome.detail });
  return "failed";
}
