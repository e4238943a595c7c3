import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { TDailyCaps, TQuietHours, TSmsProviderStored, TSmtpStored } from "./schema.js";

/** The workspace's row, created with defaults (and a fresh widget key) the first time it is asked for. */
export async function ensureSettings(db: Db, workspaceId: string, widgetKey: string) {
  const found = await findSettings(db, workspaceId);
  if (found) return found;
  await db
    .insertInto("distribution_settings")
    .values({
      workspace_id: workspaceId,
      recontact_days: 30,
      daily_caps: "{}",
      widget_key: widgetKey,
      allowed_origins: [],
    })
    .onConflict((oc) => oc.column("workspace_id").doNothing())
    .execute();
  const row = await findSettings(db, workspaceId);
  if (!row) throw new Error("distribution settings were not created");
  return row;
}

export function findSettings(db: Db, workspaceId: string) {
  return db
    .selectFrom("distribution_settings")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
}

export interface SettingsPatch {
  recontact_days?: number;
  quiet_hours?: TQuietHours | null;
  daily_caps?: TDailyCaps;
  smtp?: TSmtpStored | null;
  sms?: TSmsProviderStored | null;
  allowed_origins?: string[];
  widget_key?: string;
}

const json = (v: unknown) => (v === null ? null : JSON.stringify(v));

export function updateSettings(db: Db, workspaceId: string, patch: SettingsPatch, now: Date) {
  const { quiet_hours, daily_caps, smtp, sms, ...plain } = patch;
  return db
    .updateTable("distribution_settings")
    .set({
      ...plain,
      ...(quiet_hours !== undefined ? { quiet_hours: json(quiet_hours) } : {}),
      ...(daily_caps !== undefined ? { daily_caps: JSON.stringify(daily_caps) } : {}),
      ...(smtp !== undefined ? { smtp: json(smtp) } : {}),
      ...(sms !== undefined ? { sms: json(sms) } : {}),
      updated_at: now,
    })
    .where("workspace_id", "=", workspaceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findByWidgetKey(db: Db, widgetKey: string) {
  return db
    .selectFrom("distribution_settings")
    .selectAll()
    .where("widget_key", "=", widgetKey)
    .executeTakeFirst();
}

// -------------------------------------------------------------------------------------- suppressions

export function insertSuppression(
  db: Db,
  workspaceId: string,
  s: { customer_id: string; channel: string; reason: string; detail: string | null },
  now: Date,
) {
  return db
    .insertInto("suppressions")
    .values({ ...s, workspace_id: workspaceId, created_at: now })
    .onConflict((oc) =>
      // An unsubscribe is kept as first recorded; a channel's bounce follows the latest address.
      oc
        .columns(["workspace_id", "customer_id", "channel"])
        .doUpdateSet({ reason: sql`excluded.reason`, detail: sql`excluded.detail` })
        .where("suppressions.channel", "!=", "all"),
    )
    .execute();
}

export function listSuppressions(db: Db, workspaceId: string, limit: number) {
  return db
    .selectFrom("suppressions")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

// -------------------------------------------------------------------------------------------- outbox

export function insertOutbox(
  db: Db,
  workspaceId: string,
  m: {
    id: string;
    invitation_id: string | null;
    recipient: string;
    subject: string;
    html: string;
    text: string;
    headers: Record<string, string>;
  },
  now: Date,
) {
  return db
    .insertInto("distribution_outbox")
    .values({ ...m, workspace_id: workspaceId, headers: JSON.stringify(m.headers), created_at: now })
    .execute();
}

export function listOutbox(
  db: Db,
  workspaceId: string,
  f: { cursor?: { at: Date; id: string }; limit: number },
) {
  let query = db.selectFrom("distribution_outbox").selectAll().where("workspace_id", "=", workspaceId);
  const cursor = f.cursor;
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb("created_at", "<", cursor.at),
        eb.and([eb("created_at", "=", cursor.at), eb("id", "<", cursor.id)]),
      ]),
    );
  }
  return query.orderBy("created_at", "desc").orderBy("id", "desc").limit(f.limit).execute();
}
