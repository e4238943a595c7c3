/**
 * Email for alerts, digests and customer notifications through the distribution channel: the
 * workspace's SMTP server, or — without one — the distribution outbox, so nothing is lost before SMTP
 * is configured. Plain text is turned into escaped HTML here, once.
 */
import type { Db } from "../db/connection.js";
import { sendEmail } from "../distribution/email/mailer.js";
import { escapeHtml } from "../distribution/email/templates.js";
import type { Settings } from "../distribution/settings.js";
import { insertOutbox } from "../distribution/settings-store.js";
import { newId } from "../ids.js";

export type MailOutcome =
  | { kind: "sent"; detail: string }
  | { kind: "kept"; detail: string }
  | { kind: "retry"; detail: string }
  | { kind: "failed"; detail: string };

export interface Mail {
  to: string;
  name?: string | null;
  subject: string;
  text: string;
  /** HTML body; derived from the text when absent. */
  html?: string | null;
  headers?: Record<string, string>;
}

/** Plain text as HTML: escaped, paragraphs and line breaks kept, links left as text. */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`);
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.45;color:#1f2933">${paragraphs.join("")}</body></html>`;
}

export async function deliverMail(
  db: Db,
  workspaceId: string,
  settings: Pick<Settings, "smtp">,
  mail: Mail,
  now: Date,
): Promise<MailOutcome> {
  const html = mail.html ?? textToHtml(mail.text);
  const headers = mail.headers ?? {};
  if (!settings.smtp) {
    await insertOutbox(
      db,
      workspaceId,
      {
        id: newId(),
        invitation_id: null,
        recipient: mail.to,
        subject: mail.subject,
        html,
        text: mail.text,
        headers,
      },
      now,
    );
    return { kind: "kept", detail: "kept in the outbox: no SMTP server is configured" };
  }
  const outcome = await sendEmail(workspaceId, settings.smtp, {
    to: { name: mail.name ?? null, address: mail.to },
    subject: mail.subject,
    html,
    text: mail.text,
    headers,
  });
  if (outcome.ok) return { kind: "sent", detail: outcome.response.slice(0, 500) };
  // "unknown": the server may have taken it; sending again could duplicate, so it is not retried.
  return { kind: outcome.kind === "retry" ? "retry" : "failed", detail: outcome.message };
}

/** 1, 2, 4, 8… minutes after each failed attempt, at most 6 hours. */
export const backoffMs = (attempt: number) => Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, attempt - 1));
export const MAX_ATTEMPTS = 8;
