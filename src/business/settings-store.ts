import type { Insertable } from "kysely";
import type { Db } from "../db/connection.js";
import type { BusinessSettingsTable } from "./tables.js";

export type SettingsRow = Omit<Insertable<BusinessSettingsTable>, "workspace_id">;

export function findSettings(db: Db, workspaceId: string) {
  return db
    .selectFrom("business_settings")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
}

export async function saveSettings(db: Db, workspaceId: string, row: SettingsRow): Promise<void> {
  await db
    .insertInto("business_settings")
    .values({ workspace_id: workspaceId, ...row })
    .onConflict((oc) => oc.column("workspace_id").doUpdateSet(row))
    .execute();
}
