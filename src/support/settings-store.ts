/** The SQL of calendars, SLA policies and support settings. */
import type { Db } from "../db/connection.js";
import { deleteRow } from "../db/delete-row.js";
import type { TCalendarInput } from "./settings-schema.js";

export function listCalendars(db: Db, workspaceId: string) {
  return db
    .selectFrom("support_calendars")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .execute();
}

export function findCalendar(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("support_calendars")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

const calendarColumns = (c: TCalendarInput) => ({
  name: c.name,
  time_zone: c.timeZone,
  week: JSON.stringify(c.week),
  holidays: JSON.stringify(c.holidays),
});

export function insertCalendar(db: Db, workspaceId: string, id: string, c: TCalendarInput, now: Date) {
  return db
    .insertInto("support_calendars")
    .values({ workspace_id: workspaceId, id, ...calendarColumns(c), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateCalendar(db: Db, workspaceId: string, id: string, c: TCalendarInput, now: Date) {
  return db
    .updateTable("support_calendars")
    .set({ ...calendarColumns(c), updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteCalendar(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return deleteRow(db, "support_calendars", workspaceId, id);
}

export function policiesUsingCalendar(db: Db, workspaceId: string, calendarId: string) {
  return db
    .selectFrom("support_sla_policies")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .where("calendar_id", "=", calendarId)
    .execute();
}

export function listPolicies(db: Db, workspaceId: string) {
  return db
    .selectFrom("support_sla_policies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .execute();
}

export function findPolicy(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("support_sla_policies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The default policy, else the first created; undefined when there is none. */
export function defaultPolicy(db: Db, workspaceId: string) {
  return db
    .selectFrom("support_sla_policies")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("is_default", "desc")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

export interface PolicyWrite {
  name: string;
  calendar_id: string | null;
  targets: unknown;
  is_default: boolean;
}

export async function clearDefaultPolicy(db: Db, workspaceId: string) {
  await db
    .updateTable("support_sla_policies")
    .set({ is_default: false })
    .where("workspace_id", "=", workspaceId)
    .where("is_default", "=", true)
    .execute();
}

export function insertPolicy(db: Db, workspaceId: string, id: string, p: PolicyWrite, now: Date) {
  return db
    .insertInto("support_sla_policies")
    .values({
      workspace_id: workspaceId,
      id,
      ...p,
      targets: JSON.stringify(p.targets),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updatePolicy(db: Db, workspaceId: string, id: string, p: PolicyWrite, now: Date) {
  return db
    .updateTable("support_sla_policies")
    .set({ ...p, targets: JSON.stringify(p.targets), updated_at: now })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deletePolicy(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return deleteRow(db, "support_sla_policies", workspaceId, id);
}

export function findSettings(db: Db, workspaceId: string) {
  return db
    .selectFrom("support_settings")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
}

export async function putSettings(
  db: Db,
  workspaceId: string,
  s: { fcr_window_minutes: number; service_level_seconds: number; service_level_target: number },
  now: Date,
) {
  await db
    .insertInto("support_settings")
    .values({ workspace_id: workspaceId, ...s, updated_at: now })
    .onConflict((oc) => oc.column("workspace_id").doUpdateSet({ ...s, updated_at: now }))
    .execute();
}
