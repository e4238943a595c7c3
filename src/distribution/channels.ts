/**
 * The channels that send: email over SMTP (or into the outbox while no SMTP server is configured) and
 * SMS through the HTTP provider. Each returns what became of the invitation; the caller writes it.
 */
import { newId } from "../ids.js";
import { localize } from "../surveys/logic.js";
import type { Admission, AdmissionContext } from "./admission.js";
import { sendEmail } from "./email/mailer.js";
import { emailStrings } from "./email/strings.js";
import { renderInvitationEmail } from "./email/templates.js";
import type { OutcomeWrite } from "./invitations-store.js";
import { invitationLinks } from "./links.js";
import { fillTemplate, sendSms } from "./sms/provider.js";
import type { InvitationRow } from "./tables.js";

export type Outcome = "sent" | "suppressed" | "deferred" | "bounced" | "failed" | "retry";

export interface ChannelResult {
  outcome: Outcome;
  write: OutcomeWrite;
  /** An email kept instead of sent. */
  outbox?: {
    id: string;
    invitation_id: string;
    recipient: string;
    subject: string;
    html: string;
    text: string;
    headers: Record<string, string>;
  };
  /** A hard bounce: the address to stop emailing. */
  bounced?: { customerId: string; address: string };
}

export interface ChannelContext {
  publicUrl: string;
  now: Date;
  context: AdmissionContext;
}

type Admitted = Extract<Admission, { kind: "admit" }>;

/** Tries per invitation while the server says "not now" (4xx, no connection), then it fails. */
export const MAX_ATTEMPTS = 5;
const backoffMs = (attempt: number) => 5 * 60_000 * 2 ** Math.max(0, attempt - 1);

const write = (
  inv: InvitationRow,
  w: Partial<OutcomeWrite> & Pick<OutcomeWrite, "status">,
): OutcomeWrite => ({
  id: inv.id,
  reason: null,
  detail: null,
  sent_at: null,
  send_at: null,
  retry: false,
  ...w,
});

export const failed = (inv: InvitationRow, reason: string, detail: string | null): OutcomeWrite =>
  write(inv, { status: "failed", reason, detail });

const sent = (inv: InvitationRow, now: Date, detail: string): ChannelResult => ({
  outcome: "sent",
  write: write(inv, { status: "sent", sent_at: now, detail: detail.slice(0, 500) }),
});

/** Not accepted this time: back to the queue after a pause, or failed after the last attempt. */
function retryLater(cc: ChannelContext, inv: InvitationRow, reason: string, detail: string): ChannelResult {
  if (inv.attempts >= MAX_ATTEMPTS) return { outcome: "failed", write: failed(inv, reason, detail) };
  return {
    outcome: "retry",
    write: write(inv, {
      status: "queued",
      send_at: new Date(cc.now.getTime() + backoffMs(inv.attempts)),
      retry: true,
      detail,
    }),
  };
}

export async function sendInvitationEmail(
  cc: ChannelContext,
  inv: InvitationRow,
  a: Admitted,
): Promise<ChannelResult> {
  const { context } = cc;
  const links = invitationLinks(cc.publicUrl, a.token);
  const mail = renderInvitationEmail({
    language: a.language,
    workspaceName: context.workspace.name,
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
  const smtp = context.settings.smtp;
  if (!smtp) {
    return {
      ...sent(inv, cc.now, "kept in the outbox: no SMTP server is configured"),
      outbox: {
        id: newId(),
        invitation_id: inv.id,
        recipient: address,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers,
      },
    };
  }
  const outcome = await sendEmail(inv.workspace_id, smtp, {
    to: { name: a.customer.name, address },
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers,
  });
  if (outcome.ok) return sent(inv, cc.now, outcome.response);
  if (outcome.kind === "bounce") {
    return {
      outcome: "bounced",
      write: write(inv, { status: "bounced", reason: "smtp_rejected", detail: outcome.message }),
      bounced: { customerId: inv.customer_id, address },
    };
  }
  if (outcome.kind === "retry") return retryLater(cc, inv, "smtp_unavailable", outcome.message);
  return { outcome: "failed", write: failed(inv, "smtp_error", outcome.message) };
}

export async function sendInvitationSms(
  cc: ChannelContext,
  inv: InvitationRow,
  a: Admitted,
): Promise<ChannelResult> {
  const provider = cc.context.settings.sms;
  if (!provider) return { outcome: "failed", write: failed(inv, "no_sms_provider", null) };
  const fallback = a.survey.definition.defaultLanguage;
  const template =
    (a.config?.message.intro && localize(a.config.message.intro, a.language, fallback)) ||
    (provider.text && localize(provider.text, a.language, fallback)) ||
    emailStrings(a.language).smsText;
  const link = invitationLinks(cc.publicUrl, a.token).short;
  const withLink = /\{\{\s*link\s*\}\}/.test(template) ? template : `${template} {{link}}`;
  const text = fillTemplate(withLink, { name: cc.context.workspace.name, link }, (s) => s);
  const outcome = await sendSms(provider, { phone: a.customer.phone ?? "", text, link });
  if (outcome.ok) return sent(inv, cc.now, outcome.detail);
  if (outcome.retry) return retryLater(cc, inv, "provider_unavailable", outcome.detail);
  return { outcome: "failed", write: failed(inv, "provider_error", outcome.detail) };
}
