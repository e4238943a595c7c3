/**
 * Sending email over the workspace's SMTP server with nodemailer: one pooled transport per workspace
 * (reused while its settings stay the same), and every SMTP outcome sorted into what the invitation
 * becomes: sent, bounced (the server refused for good, 5xx), or worth another try (4xx, or no
 * connection — nothing was accepted, so trying again cannot send twice).
 */
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPConnection from "nodemailer/lib/smtp-connection/index.js";
import type SMTPPool from "nodemailer/lib/smtp-pool/index.js";
import type { TSmtpStored } from "../schema.js";

export interface OutgoingEmail {
  to: { name: string | null; address: string };
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export type SendOutcome =
  | { ok: true; response: string; messageId: string }
  /** bounce: refused for good; retry: not accepted, try later; unknown: may have been accepted. */
  | { ok: false; kind: "bounce" | "retry" | "unknown"; message: string; code?: number };

type Pool = Transporter<SMTPPool.SentMessageInfo>;

const pools = new Map<string, { key: string; transport: Pool }>();

function transportOptions(smtp: TSmtpStored): SMTPPool.Options {
  return {
    pool: true,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    maxConnections: 10,
    maxMessages: 1000,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
}

function poolFor(workspaceId: string, smtp: TSmtpStored): Pool {
  const key = JSON.stringify(smtp);
  const cached = pools.get(workspaceId);
  if (cached?.key === key) return cached.transport;
  cached?.transport.close();
  const transport = nodemailer.createTransport(transportOptions(smtp));
  pools.set(workspaceId, { key, transport });
  return transport;
}

/** Closes every pooled SMTP connection (server shutdown). */
export function closeMailers(): void {
  for (const { transport } of pools.values()) transport.close();
  pools.clear();
}

/** Commands after which the message may already be with the server: a lost reply is not a refusal. */
const AFTER_DATA = new Set(["DATA", "dot", "message"]);
const CONNECTION_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ECONNREFUSED",
  "EAUTH",
  "ETLS",
]);

export function classifyError(err: unknown): Extract<SendOutcome, { ok: false }> {
  const e = (err ?? {}) as SMTPConnection.SMTPError;
  const message = (e.response ?? e.message ?? String(err)).slice(0, 500);
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  if (code !== undefined && code >= 500) return { ok: false, kind: "bounce", message, code };
  if (code !== undefined && code >= 400) return { ok: false, kind: "retry", message, code };
  if (e.command && AFTER_DATA.has(e.command)) return { ok: false, kind: "unknown", message, code };
  if (e.code && CONNECTION_CODES.has(e.code)) return { ok: false, kind: "retry", message, code };
  return { ok: false, kind: "unknown", message, code };
}

function mailOptions(smtp: TSmtpStored, m: OutgoingEmail) {
  return {
    from: smtp.from,
    replyTo: smtp.replyTo ?? undefined,
    to: m.to.name ? { name: m.to.name, address: m.to.address } : m.to.address,
    subject: m.subject,
    html: m.html,
    text: m.text,
    headers: m.headers,
  };
}

export async function sendEmail(
  workspaceId: string,
  smtp: TSmtpStored,
  m: OutgoingEmail,
): Promise<SendOutcome> {
  try {
    const info = await poolFor(workspaceId, smtp).sendMail(mailOptions(smtp, m));
    if (info.rejected.length > 0 && info.accepted.length === 0) {
      return { ok: false, kind: "bounce", message: `recipient refused: ${info.response}` };
    }
    return { ok: true, response: info.response, messageId: info.messageId };
  } catch (err) {
    return classifyError(err);
  }
}

/** Sends one message over a fresh connection (the settings' test-send), reporting what the server said. */
export async function sendOnce(smtp: TSmtpStored, m: OutgoingEmail): Promise<SendOutcome> {
  const transport = nodemailer.createTransport({ ...transportOptions(smtp), pool: false });
  try {
    const info = await transport.sendMail(mailOptions(smtp, m));
    return { ok: true, response: info.response, messageId: info.messageId };
  } catch (err) {
    return classifyError(err);
  } finally {
    transport.close();
  }
}
