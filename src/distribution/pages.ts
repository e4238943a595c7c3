/** The small pages behind invitation links: confirm a score, unsubscribe, expired or unknown links. */
import { randomBytes } from "node:crypto";
import type { FastifyReply } from "fastify";
import { escapeHtml } from "./email/templates.js";

export interface PageOptions {
  language: string;
  title: string;
  /** Inner HTML of the card; already escaped. */
  body: string;
  /** Inline script, allowed by a per-response nonce. */
  script?: string;
  status?: number;
}

/** Sends a self-contained page: no external resources, scripts only with this response's nonce. */
export function sendPage(reply: FastifyReply, o: PageOptions) {
  const nonce = randomBytes(16).toString("base64");
  reply
    .status(o.status ?? 200)
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("referrer-policy", "no-referrer")
    .header("x-robots-tag", "noindex")
    .header(
      "content-security-policy",
      `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    );
  const script = o.script ? `<script nonce="${nonce}">${o.script}</script>` : "";
  return reply.send(
    `<!doctype html><html lang="${escapeHtml(o.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(o.title)}</title><style>body{margin:0;background:#f4f4f7;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif;color:#1f2937}main{max-width:28rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08);text-align:center}button,a.b{font:inherit;font-weight:600;color:#fff;background:#4f46e5;border:0;border-radius:8px;padding:.75rem 1.25rem;cursor:pointer;text-decoration:none;display:inline-block}p{margin:0 0 1rem}</style></head><body><main>${o.body}</main>${script}</body></html>`,
  );
}

export const message = (reply: FastifyReply, language: string, text: string, status = 200) =>
  sendPage(reply, { language, title: text, body: `<p role="status">${escapeHtml(text)}</p>`, status });
