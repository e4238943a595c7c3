/**
 * Signed outbound webhooks. The signature is HMAC-SHA256 over "<timestamp>.<raw body>" with the rule's
 * secret, so a receiver can check both who sent it and that it is fresh (replays carry old timestamps).
 */
import { createHmac } from "node:crypto";

export type WebhookOutcome = { ok: true; detail: string } | { ok: false; retry: boolean; detail: string };

export function signature(secret: string, timestamp: number, body: string) {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export async function postWebhook(
  url: string,
  secret: string | null,
  body: string,
  headers: { event: string; deliveryId: string },
  now: Date,
): Promise<WebhookOutcome> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Otklik-Webhook/1",
        "x-otklik-event": headers.event,
        "x-otklik-delivery": headers.deliveryId,
        "x-otklik-timestamp": String(timestamp),
        ...(secret ? { "x-otklik-signature": signature(secret, timestamp, body) } : {}),
      },
      body,
      redirect: "error",
      signal: AbortSignal.timeout(10_000),
    });
    const detail = `${res.status} ${(await res.text().catch(() => "")).slice(0, 300)}`.trim();
    if (res.ok) return { ok: true, detail };
    // 408/429/5xx: the receiver is busy or down, try later; other 4xx mean the URL or the secret is wrong.
    return { ok: false, retry: res.status === 408 || res.status === 429 || res.status >= 500, detail };
  } catch (err) {
    return { ok: false, retry: true, detail: `no answer: ${(err as Error).message}`.slice(0, 500) };
  }
}
