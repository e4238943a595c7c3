/**
 * Delivering one claimed invitation: admission (admission.ts) in a transaction, then the channel —
 * email over SMTP (or into the outbox while no SMTP server is configured), SMS through the HTTP
 * provider, or a personal link handed over through the API — and the outcome recorded on the invitation.
 */
import type { Db } from "../db/connection.js";
import { getWorkspace } from "../auth/service.js";
import { newId } from "../ids.js";
import { localize } from "../surveys/logic.js";
import { type Admission, type AdmissionContext, admit, type WorkspaceInfo } from "./admission.js";
import { sendEmail } from "./email/mailer.js";
import { emailStrings } from "./email/strings.js";
import { renderInvitationEmail } from "./email/templates.js";
import { invitationLinks } from "./links.js";
import { updateInvitation } from "./invitations-store.js";
import { getSettings, type Settings } from "./settings.js";
import { insertOutbox, insertSuppression } from "./settings-store.js";
import { fillTemplate, sendSms } from "./sms/provider.js";
import type { InvitationRow } from "./tables.js";

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

/** Runs one invitation (claimed: status sending) to its outcome. */
export async function deliverClaimed(dc: DeliveryContext, inv: InvitationRow): Promise<Outcome> {
  const { db, now } = dc;
  const ws = inv.workspace_id;
  const actx = await dc.cache.admissionContext(ws, dc.publicUrl, now);
  const decision = await db.transaction().execute(async (trx) => {
    const a = await admit(trx, inv, actx);
    if (a.kind === "suppress") {
      await updateInvitation(trx, ws, inv.id, { status: "suppressed", reason: a.reason, detail: a.detail }, now, "sending");
    } else if (a.kind === "defer") {
      await updateInvitation(
        trx,
        ws,
        inv.id,
        { status: "queued", send_at: a.until, claimed_at: null, detail: a.detail },
        now,
        "sending",
      );
    } else {
      const link = inv.channel === "link";
      await updateInvitation(
        trx,
        ws,
        inv.id,
        {
          contacted_at: now,
          token_hash: a.tokenHash,
          language: a.language,
          detail: null,
          ...(link ? { status: "sent", sent_at: now, link_url: invitationLinks(dc.publicUrl, a.token).short } : {}),
        },
        now,
        "sending",
      );
    }
    return a;
  });
  if (decision.kind === "suppress") return "suppressed";
  if (decision.kind === "defer") return "deferred";
  if (inv.channel === "link") return "sent";
  if (inv.channel === "email") return deliverEmail(dc, inv, decision, actx);
  if (inv.channel === "sms") return deliverSms(dc, inv, decision, actx);
  await finish(dc, inv, { status: "failed", reason: "unsupported_channel", detail: inv.channel });
  return "failed";
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
async function retryLater(dc: DeliveryContext, inv: InvitationRow, reason: string, detail: string): Promise<Outcome> {
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
