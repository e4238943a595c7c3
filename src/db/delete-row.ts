import type { Db } from "./connection.js";
import type { Database } from "./database.js";

/** Tables keyed by (workspace_id, id). */
type KeyedTable = {
  [K in keyof Database]: Database[K] extends { workspace_id: unknown; id: unknown } ? K : never;
}[keyof Database];

/** Deletes one record of a workspace by id; false when there was none (the caller says what). */
export async function deleteRow(
  db: Db,
  table: KeyedTable,
  workspaceId: string,
  id: string,
): Promise<boolean> {
  // Every keyed table has the same two key columns; one of them stands in for the type checker.
  const r = await db
    .deleteFrom(table as "segments")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
