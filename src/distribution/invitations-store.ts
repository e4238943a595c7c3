import { type Expression, type SqlBool, sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { Attributes } from "../surveys/schema.js";
import type { InvitationTable } from "./tables.js";

export interface InvitationWrite {
  id: string;
  dedupe_key: string;
  trigger_id: string | null;
  survey_id: string;
  customer_id: string;
  event_id: string | null;
  channel: string;
  status: "queued" | "suppressed" | "sent" | "sending";
  reason: string | null;
  detail: string | null;
  language: string | null;
  attributes: Attributes;
  send_at: Date;
  contacted_at?: Date | null;
  sent_at?: Date | null;
  token_hash?: string | null;
}

/** Inserts invitations; one whose dedupe key exists is skipped. Returns the rows inserted. */
export async function insertInvitations(db: Db, workspaceId: string, rows: InvitationWrite[], now: Date) {
  if (!rows.length) return [];
  return db
    .insertInto("invitations")
    .values(
      rows.map((r) => ({
        ...r,
        workspace_id: workspaceId,
        attributes: JSON.stringify(r.attributes),
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["workspace_id", "dedupe_key"]).doNothing())
    .returningAll()
    .execute();
}

/**
 * Claims up to `limit` due invitations for this worker in one statement: they move from queued to
 * sending, and rows another worker is claiming at the same moment are skipped (SKIP LOCKED), so each
 * invitation is claimed once however many servers run.
 */
export function claimDue(db: Db, now: Date, limit: number) {
  const due = db
    .selectFrom("invitations")
    .select(["workspace_id", "id"])
    .where("status", "=", "queued")
    .where("send_at", "<=", now)
    .orderBy("send_at")
    .limit(limit)
    .forUpdate()
    .skipLocked();
  return db
    .updateTable("invitations")
    .set({ status: "sending", claimed_at: now, attempts: sql`attempts + 1`, updated_at: now })
    .where(sql<SqlBool>`(workspace_id, id) in (${due})`)
    .where("status", "=", "queued")
    .returningAll()
    .execute();
}

/**
 * Invitations a worker claimed but did not finish (it stopped mid-way). Those that never passed the
 * gates were not sent, so they go back to the queue; those that did may have been sent, so they are
 * marked failed rather than sent twice.
 */
export async function recoverStale(db: Db, staleBefore: Date, now: Date) {
  const requeued = await db
    .updateTable("invitations")
    .set({ status: "queued", claimed_at: null, updated_at: now })
    .where("status", "=", "sending")
    .where("claimed_at", "<", staleBefore)
    .where("contacted_at", "is", null)
    .executeTakeFirst();
  const failed = await db
    .updateTable("invitations")
    .set({
      status: "failed",
      reason: "interrupted",
      detail: "the server stopped while sending; not retried so the customer is never contacted twice",
      updated_at: now,
    })
    .where("status", "=", "sending")
    .where("claimed_at", "<", staleBefore)
    .where("contacted_at", "is not", null)
    .executeTakeFirst();
  return { requeued: Number(requeued.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
}

/**
 * What stops customers being contacted: their suppressions, and when another invitation (any survey,
 * any channel, not one of `exceptIds`) last contacted each of them.
 */
export async function contactStates(db: Db, workspaceId: string, customerIds: string[], exceptIds: string[]) {
  const suppressions = new Map<string, { channel: string; reason: string; detail: string | null }[]>();
  const lastContact = new Map<string, Date>();
  if (!customerIds.length) return { suppressions, lastContact };
  // One after the other: inside a transaction both run on its one connection anyway.
  const stops = await db
    .selectFrom("suppressions")
    .select(["customer_id", "channel", "reason", "detail"])
    .where("workspace_id", "=", workspaceId)
    .where("customer_id", "in", customerIds)
    .execute();
  const contacts = await db
    .selectFrom("invitations")
    .select((eb) => ["customer_id", eb.fn.max("contacted_at").as("last")])
    .where("workspace_id", "=", workspaceId)
    .where("customer_id", "in", customerIds)
    .where("contacted_at", "is not", null)
    .$if(exceptIds.length > 0, (q) => q.where("id", "not in", exceptIds))
    .groupBy("customer_id")
    .execute();
  for (const s of stops) suppressions.set(s.customer_id, [...(suppressions.get(s.customer_id) ?? []), s]);
  for (const c of contacts) if (c.last) lastContact.set(c.customer_id, c.last);
  return { suppressions, lastContact };
}

/**
 * Counts one more send today on a channel unless the cap is reached; true when the send may go ahead.
 * One statement, so two workers cannot both take the last slot.
 */
export async function takeDailySlot(db: Db, workspaceId: string, channel: string, day: string, cap: number) {
  if (cap <= 0) return false;
  const row = await db
    .insertInto("distribution_daily_sends")
    .values({ workspace_id: workspaceId, channel, day, sent: 1 })
    .onConflict((oc) =>
      oc
        .columns(["workspace_id", "channel", "day"])
        .doUpdateSet({ sent: sql`distribution_daily_sends.sent + 1` })
        .where("distribution_daily_sends.sent", "<", cap),
    )
    .returning("sent")
    .executeTakeFirst();
  return row !== undefined;
}

type InvitationPatch = Partial<Omit<InvitationTable, "workspace_id" | "id" | "created_at" | "attempts">>;

/** Updates an invitation; with `fromStatus`, only while it is still in that state. */
export function updateInvitation(
  db: Db,
  workspaceId: string,
  id: string,
  patch: InvitationPatch,
  now: Date,
  fromStatus?: string,
) {
  const { attributes, ...rest } = patch;
  let query = db
    .updateTable("invitations")
    .set({ ...rest, ...(attributes ? { attributes: JSON.stringify(attributes) } : {}), updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id);
  if (fromStatus) query = query.where("status", "=", fromStatus);
  return query.returningAll().executeTakeFirst();
}

/** The invitation behind a public link (email click, short link, unsubscribe), by token hash alone. */
export function findByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom("invitations").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

/** sent → opened; later states keep their status, the first open time is kept. */
export function markOpened(db: Db, workspaceId: string, id: string, now: Date) {
  return db
    .updateTable("invitations")
    .set({
      status: sql`case when status = 'sent' then 'opened' else status end`,
      opened_at: sql`coalesce(opened_at, ${now})`,
      updated_at: now,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("status", "in", ["sent", "opened", "answered"])
    .execute();
}

/** A delivered invitation whose recipient answered; the first answer time is kept. */
export function markAnswered(db: Db, workspaceId: string, id: string, now: Date) {
  return db
    .updateTable("invitations")
    .set({
      status: "answered",
      opened_at: sql`coalesce(opened_at, ${now})`,
      answered_at: sql`coalesce(answered_at, ${now})`,
      updated_at: now,
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("status", "in", ["sent", "opened", "answered"])
    .execute();
}

/** Remembers the last score clicked in an email (to recognise a scanner clicking every link). */
export function recordClick(db: Db, workspaceId: string, id: string, value: number, now: Date) {
  return db
    .updateTable("invitations")
    .set({ last_click_at: now, last_click_value: value, updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export interface InvitationFilter {
  status?: string;
  channel?: string;
  surveyId?: string;
  triggerId?: string;
  customerId?: string;
  from?: Date;
  to?: Date;
  cursor?: { at: Date; id: string };
  limit: number;
}

function filtered(db: Db, workspaceId: string, f: Omit<InvitationFilter, "cursor" | "limit">) {
  let query = db.selectFrom("invitations").where("workspace_id", "=", workspaceId);
  if (f.status) query = query.where("status", "=", f.status);
  if (f.channel) query = query.where("channel", "=", f.channel);
  if (f.surveyId) query = query.where("survey_id", "=", f.surveyId);
  if (f.triggerId) query = query.where("trigger_id", "=", f.triggerId);
  if (f.customerId) query = query.where("customer_id", "=", f.customerId);
  if (f.from) query = query.where("created_at", ">=", f.from);
  if (f.to) query = query.where("created_at", "<", f.to);
  return query;
}

export function listInvitations(db: Db, workspaceId: string, f: InvitationFilter) {
  let query = filtered(db, workspaceId, f).selectAll();
  const cursor = f.cursor;
  if (cursor) query = query.where(sql<boolean>`(created_at, id) < (${cursor.at}, ${cursor.id}::uuid)`);
  return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(f.limit).execute();
}

const count = (condition: Expression<SqlBool>) => sql<number>`count(*) filter (where ${condition})`;

/** A grouping of invitation counts: a column, or the local period (day, week, month) they were created in. */
export type CountGroup =
  | { column: "channel" | "survey_id" | "trigger_id" }
  | { period: "day" | "week" | "month"; timeZone: string };

function groupKey(g: CountGroup) {
  if ("column" in g) return sql<string | null>`${sql.ref(g.column)}::text`;
  // Weeks start on Monday (ISO), as date_trunc has them; the key is the period's first local day.
  return sql<
    string | null
  >`to_char(date_trunc(${g.period}, created_at at time zone ${g.timeZone}), 'YYYY-MM-DD')`;
}

/** Invitations created in the period, counted by state and grouped by a column or a local period. */
export function invitationCounts(
  db: Db,
  workspaceId: string,
  group: CountGroup,
  f: Omit<InvitationFilter, "cursor" | "limit">,
) {
  const key = groupKey(group);
  return (
    filtered(db, workspaceId, f)
      .select((eb) => [
        key.as("key"),
        count(eb("status", "in", ["queued", "sending"])).as("queued"),
        count(eb("status", "in", ["sent", "opened", "answered"])).as("delivered"),
        count(eb("status", "in", ["opened", "answered"])).as("opened"),
        count(eb("status", "=", "answered")).as("answered"),
        count(eb("status", "=", "bounced")).as("bounced"),
        count(eb("status", "=", "suppressed")).as("suppressed"),
        count(eb("status", "=", "failed")).as("failed"),
      ])
      // By position: the key's parameters ($1, $2) would not be recognised as the same expression again.
      .groupBy(sql`1`)
      .orderBy("key")
      .execute()
  );
}

/** Cancels invitations still waiting (queued), e.g. of a deleted trigger. */
export function cancelQueued(
  db: Db,
  workspaceId: string,
  f: { triggerId?: string; customerId?: string },
  reason: string,
  now: Date,
) {
  let query = db
    .updateTable("invitations")
    .set({ status: "suppressed", reason, updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("status", "=", "queued");
  if (f.triggerId) query = query.where("trigger_id", "=", f.triggerId);
  if (f.customerId) query = query.where("customer_id", "=", f.customerId);
  return query.execute();
}

/**
 * Serializes decisions about these customers until the transaction ends: two workers admitting
 * invitations for the same person one after the other see each other's contact, so throttling holds.
 * The locks are taken in one statement, in a fixed order, so two workers cannot deadlock on them.
 */
export async function lockCustomers(db: Db, workspaceId: string, customerIds: string[]) {
  const keys = [...new Set(customerIds)].sort().map((id) => `${workspaceId}:${id}`);
  if (!keys.length) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) as k order by k`.execute(
    db,
  );
}

export interface AdmissionWrite {
  id: string;
  status: "sending" | "queued" | "suppressed" | "sent";
  reason: string | null;
  detail: string | null;
  send_at: Date | null;
  /** Back to the queue: the claim is given up. */
  release: boolean;
  contacted_at: Date | null;
  token_hash: string | null;
  language: string | null;
  sent_at: Date | null;
  link_url: string | null;
}

/** Writes the admission decisions of a batch of claimed invitations in one statement. */
export async function applyAdmissions(db: Db, workspaceId: string, rows: AdmissionWrite[], now: Date) {
  if (!rows.length) return;
  await sql`
    update invitations i set
      status = v.status,
      reason = v.reason,
      detail = v.detail,
      send_at = coalesce(v.send_at, i.send_at),
      claimed_at = case when v.release then null else i.claimed_at end,
      contacted_at = coalesce(v.contacted_at, i.contacted_at),
      token_hash = coalesce(v.token_hash, i.token_hash),
      language = coalesce(v.language, i.language),
      sent_at = coalesce(v.sent_at, i.sent_at),
      link_url = coalesce(v.link_url, i.link_url),
      updated_at = ${now}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
      id uuid, status text, reason text, detail text, send_at timestamptz, release boolean,
      contacted_at timestamptz, token_hash text, language text, sent_at timestamptz, link_url text
    )
    where i.workspace_id = ${workspaceId} and i.id = v.id and i.status = 'sending'
  `.execute(db);
}

/** A score withdrawn (a scanner's sweep): the invitation is opened, no longer answered. */
export function unmarkAnswered(db: Db, workspaceId: string, id: string, now: Date) {
  return db
    .updateTable("invitations")
    .set({ status: "opened", answered_at: null, updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("status", "=", "answered")
    .execute();
}

export interface OutcomeWrite {
  id: string;
  status: "sent" | "bounced" | "failed" | "queued";
  reason: string | null;
  detail: string | null;
  sent_at: Date | null;
  send_at: Date | null;
  /** Not accepted, to be tried again: the claim, the contact and the token are given up. */
  retry: boolean;
}

/** Writes what became of a batch of sends in one statement (only rows still sending). */
export async function applyOutcomes(db: Db, workspaceId: string, rows: OutcomeWrite[], now: Date) {
  if (!rows.length) return;
  await sql`
    update invitations i set
      status = v.status,
      reason = v.reason,
      detail = v.detail,
      sent_at = coalesce(v.sent_at, i.sent_at),
      send_at = coalesce(v.send_at, i.send_at),
      claimed_at = case when v.retry then null else i.claimed_at end,
      contacted_at = case when v.retry then null else i.contacted_at end,
      token_hash = case when v.retry then null else i.token_hash end,
      updated_at = ${now}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
      id uuid, status text, reason text, detail text, sent_at timestamptz, send_at timestamptz, retry boolean
    )
    where i.workspace_id = ${workspaceId} and i.id = v.id and i.status = 'sending'
  `.execute(db);
}
