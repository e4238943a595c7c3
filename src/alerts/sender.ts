/**
 * Sending what is queued: alert deliveries (email to the team, signed webhooks) and the customers' case
 * notifications and referral requests (email, or SMS through the workspace's provider). Both queues are
 * claimed with SKIP LOCKED, so several servers never send one message twice; failures that may pass are
 * retried with exponential backoff.
 */
import type { Db } from "../db/connection.js";
import { getSettings, type Settings } from "../distribution/settings.js";
import { sendSms } from "../distribution/sms/provider.js";
import { finishClaim, recoverClaims } from "../jobs/queue-store.js";
import { claimOutbox } from "../loop/delivery-store.js";
import type { OutboxRow } from "../loop/tables.js";
import { REFERRAL_LINK_PLACEHOLDER } from "../loop/templates.js";
import { claimDeliveries } from "./deliveries-store.js";
import { backoffMs, deliverMail, MAX_ATTEMPTS, type MailOutcome } from "./mail.js";
import { referralCodeOf, referralUrl } from "./referrals.js";
import * as rulesStore from "./rules-store.js";
import type { DeliveryRow } from "./tables.js";
import { postWebhook } from "./webhook.js";

export const LEASE_MS = 10 * 60_000;

export interface SendSummary {
  sent: number;
  kept: number;
  retry: number;
  failed: number;
}

const emptySummary = (): SendSummary => ({ sent: 0, kept: 0, retry: 0, failed: 0 });

type Result = { kind: keyof SendSummary; detail: string };

const retryOrFail = (attempts: number, detail: string): Result =>
  attempts >= MAX_ATTEMPTS ? { kind: "failed", detail } : { kind: "retry", detail };

class SettingsCache {
  #m = new Map<string, Promise<Settings>>();
  constructor(private readonly db: Db) {}
  get(ws: string) {
    let s = this.#m.get(ws);
    if (!s) {
      s = getSettings(this.db, ws);
      this.#m.set(ws, s);
    }
    return s;
  }
}

const fromMail = (o: MailOutcome, attempts: number): Result =>
  o.kind === "retry" ? retryOrFail(attempts, o.detail) : { kind: o.kind, detail: o.detail };

async function sendDelivery(db: Db, d: DeliveryRow, cache: SettingsCache, now: Date): Promise<Result> {
  if (d.channel === "email") {
    const o = await deliverMail(
      db,
      d.workspace_id,
      await cache.get(d.workspace_id),
      { to: d.target, subject: d.subject, text: d.text, html: d.html, headers: { "X-Otklik-Alert": d.kind } },
      now,
    );
    return fromMail(o, d.attempts);
  }
  // The secret is read at send time, so rotating it takes effect for what is still queued.
  const rule = d.rule_id ? await rulesStore.findRule(db, d.workspace_id, d.rule_id) : undefined;
  const o = await postWebhook(
    d.target,
    rule?.webhook_secret ?? null,
    JSON.stringify(d.payload),
    { event: d.kind, deliveryId: d.id },
    now,
  );
  if (o.ok) return { kind: "sent", detail: o.detail };
  return o.retry ? retryOrFail(d.attempts, o.detail) : { kind: "failed", detail: o.detail };
}

/** What a send attempt writes back: its status and detail, when it was sent, when to try again. */
function outcome(r: Result, attempts: number, now: Date) {
  return {
    status: r.kind === "retry" ? "pending" : r.kind,
    detail: r.detail.slice(0, 500),
    sent_at: r.kind === "sent" || r.kind === "kept" ? now : null,
    ...(r.kind === "retry" ? { next_attempt_at: new Date(now.getTime() + backoffMs(attempts)) } : {}),
  };
}

export async function sendDueDeliveries(db: Db, now: Date, opts: { batch?: number; rounds?: number } = {}) {
  const summary = emptySummary();
  await recoverClaims(db, "alert_deliveries", new Date(now.getTime() - LEASE_MS), now);
  const cache = new SettingsCache(db);
  const batch = opts.batch ?? 100;
  for (let round = 0; round < (opts.rounds ?? 20); round++) {
    const claimed = await claimDeliveries(db, now, batch);
    for (const d of claimed) {
      const r = await sendDelivery(db, d, cache, now).catch(
        (err: unknown): Result => retryOrFail(d.attempts, `error: ${(err as Error).message}`),
      );
      summary[r.kind]++;
      await finishClaim(db, "alert_deliveries", d.workspace_id, d.id, outcome(r, d.attempts, now));
    }
    if (claimed.length < batch) break;
  }
  return summary;
}

async function sendNotification(
  db: Db,
  m: OutboxRow,
  cache: SettingsCache,
  publicUrl: string,
  now: Date,
): Promise<Result> {
  let body = m.body;
  if (body.includes(REFERRAL_LINK_PLACEHOLDER)) {
    const code = m.customer_id ? await referralCodeOf(db, m.workspace_id, m.customer_id) : null;
    if (!code) return { kind: "failed", detail: "the customer's referral link is gone" };
    body = body.replaceAll(REFERRAL_LINK_PLACEHOLDER, referralUrl(publicUrl, code));
  }
  if (!m.recipient) return { kind: "failed", detail: "no recipient" };
  const settings = await cache.get(m.workspace_id);
  if (m.channel === "email") {
    const o = await deliverMail(
      db,
      m.workspace_id,
      settings,
      { to: m.recipient, subject: m.subject, text: body, headers: { "X-Otklik-Notification": m.template } },
      now,
    );
    return fromMail(o, m.attempts);
  }
  if (!settings.sms) return { kind: "failed", detail: "no SMS provider is configured" };
  const o = await sendSms(settings.sms, { phone: m.recipient, text: body, link: "" });
  if (o.ok) return { kind: "sent", detail: o.detail };
  return o.retry ? retryOrFail(m.attempts, o.detail) : { kind: "failed", detail: o.detail };
}

/** Customer notifications of cases and referral requests that are due. */
export async function sendDueNotifications(
  db: Db,
  publicUrl: string,
  now: Date,
  opts: { batch?: number } = {},
) {
  const summary = emptySummary();
  await recoverClaims(db, "notification_outbox", new Date(now.getTime() - LEASE_MS), now);
  const cache = new SettingsCache(db);
  const batch = opts.batch ?? 100;
  for (let round = 0; round < 20; round++) {
    const claimed = await claimOutbox(db, now, batch);
    for (const m of claimed) {
      const r = await sendNotification(db, m, cache, publicUrl, now).catch(
        (err: unknown): Result => retryOrFail(m.attempts, `error: ${(err as Error).message}`),
      );
      summary[r.kind]++;
      await finishClaim(db, "notification_outbox", m.workspace_id, m.id, outcome(r, m.attempts, now));
    }
    // Not `< batch`: a case's next message is claimable only once the one before it went out.
    if (!claimed.length) break;
  }
  return summary;
}
