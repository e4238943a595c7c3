/**
 * The promoter playbook: a promoter with an email (else a phone) gets one referral request with a
 * personal link `/r/{code}`; a visit is counted and sent on to the company's landing page with
 * `?ref=CODE`; the company reports the friend's signup and the new customer is stored with
 * `referredBy = CODE` — the field the business metrics' referral rate counts.
 */

import { upsertRecords } from "../customers/ingest.js";
import { findCustomer, findCustomerByExternalId } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import type { Categorized } from "../feedback/service.js";
import { AppError, conflict, invalid, notFound } from "../http/errors.js";
import { secretToken } from "../ids.js";
import { queueCustomerMessage } from "../loop/service.js";
import { renderReferralRequest } from "../loop/templates.js";
import * as store from "./referrals-store.js";
import type { TReferralSettingsInput, TReferralSignupInput } from "./schema.js";
import type { ReferralLinkRow } from "./tables.js";

const STALE_MS = 2 * 86_400_000;

export const referralUrl = (publicUrl: string, code: string) => `${publicUrl}/r/${encodeURIComponent(code)}`;

/** 72 random bits, URL-safe: short enough to share, not guessable. */
const newCode = () => secretToken(9);

export async function getReferralSettings(db: Db, workspaceId: string) {
  const s = await store.findSettings(db, workspaceId);
  return { enabled: s?.enabled ?? false, landingUrl: s?.landing_url ?? null };
}

export async function setReferralSettings(
  db: Db,
  workspaceId: string,
  input: TReferralSettingsInput,
  now: Date,
) {
  if (input.enabled && !input.landingUrl)
    throw invalid("landingUrl", "a landing URL is needed to enable referrals");
  const s = await store.upsertSettings(
    db,
    workspaceId,
    { enabled: input.enabled, landing_url: input.landingUrl },
    now,
  );
  return { enabled: s.enabled, landingUrl: s.landing_url };
}

/** Referral requests for fresh promoter answers (in the answer's transaction; one per customer ever). */
export async function queueReferralRequests(db: Db, workspaceId: string, items: Categorized[], now: Date) {
  const promoters = items.filter(
    (i) =>
      i.digest.customerId &&
      i.digest.score?.kind === "nps" &&
      i.digest.score.group === "promoter" &&
      now.getTime() - i.digest.submittedAt.getTime() <= STALE_MS,
  );
  if (!promoters.length) return 0;
  const settings = await store.findSettings(db, workspaceId);
  if (!settings?.enabled || !settings.landing_url) return 0;
  let queued = 0;
  for (const item of promoters) {
    const customerId = item.digest.customerId;
    if (!customerId) continue;
    const customer = await findCustomer(db, workspaceId, customerId);
    const channel = customer?.email ? "email" : customer?.phone ? "sms" : null;
    if (!customer || !channel) continue;
    const { created } = await store.ensureLink(
      db,
      workspaceId,
      { code: newCode(), customer_id: customerId, response_id: item.responseId },
      now,
    );
    if (!created) continue;
    const language =
      customer.language === "ru" || customer.language === "en" ? customer.language : item.digest.language;
    const text = renderReferralRequest({ language, name: customer.name });
    await queueCustomerMessage(
      db,
      workspaceId,
      {
        customerId,
        channel,
        recipient: (channel === "email" ? customer.email : customer.phone) ?? "",
        language,
        template: "referral",
        subject: text.subject,
        body: channel === "email" ? text.body : text.sms,
      },
      now,
    );
    queued++;
  }
  return queued;
}

/** The link of a customer, for the sender to put into the referral request. */
export async function referralCodeOf(db: Db, workspaceId: string, customerId: string) {
  return (await store.findLinkOf(db, workspaceId, customerId))?.code ?? null;
}

const toLink = (publicUrl: string) => (l: ReferralLinkRow) => ({
  code: l.code,
  url: referralUrl(publicUrl, l.code),
  customerId: l.customer_id,
  responseId: l.response_id,
  visits: l.visits,
  signups: l.signups,
  lastVisitAt: l.last_visit_at?.toISOString() ?? null,
  createdAt: l.created_at.toISOString(),
});

const encodeCursor = (l: ReferralLinkRow) =>
  Buffer.from(`${l.created_at.toISOString()}|${l.code}`).toString("base64url");

function decodeCursor(cursor: string) {
  const [at, code] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (!code || Number.isNaN(date.getTime())) throw invalid("query.cursor", "malformed cursor");
  return { at: date, code };
}

export async function listReferralLinks(
  db: Db,
  workspaceId: string,
  publicUrl: string,
  q: { cursor?: string; limit: number },
) {
  const rows = await store.listLinks(db, workspaceId, {
    cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toLink(publicUrl)),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
  };
}

/** A public visit through a link: counted; the answer is where to send the visitor (null: nowhere). */
export async function visitReferral(db: Db, code: string, now: Date) {
  const visit = await store.recordVisit(db, code, now);
  if (!visit?.landingUrl) return null;
  const url = new URL(visit.landingUrl);
  url.searchParams.set("ref", code);
  return url.toString();
}

/** A friend signed up through a link: stored as a new customer referred by the code. */
export async function recordSignup(db: Db, workspaceId: string, input: TReferralSignupInput, now: Date) {
  if (!(await store.findLink(db, workspaceId, input.code)))
    throw new AppError("not_found", "referral code not found", "code");
  const existing = await findCustomerByExternalId(db, workspaceId, input.customer.externalId);
  if (existing?.referred_by)
    throw conflict("customer.externalId", "the customer is already counted as referred");
  await upsertRecords(
    db,
    workspaceId,
    "customers",
    [
      {
        externalId: input.customer.externalId,
        email: input.customer.email,
        name: input.customer.name,
        language: input.customer.language,
        createdAt: now.toISOString(),
        referredBy: input.code,
      },
    ],
    { now, fieldPrefix: () => "customer." },
  );
  const customer = await findCustomerByExternalId(db, workspaceId, input.customer.externalId);
  if (!customer) throw notFound("customer");
  await store.insertSignup(db, workspaceId, input.code, customer.id, now);
  return { customerId: customer.id, referredBy: input.code };
}
