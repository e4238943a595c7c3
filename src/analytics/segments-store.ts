import type { Db } from "../db/connection.js";
import { deleteRow } from "../db/delete-row.js";

export function listSegments(db: Db, workspaceId: string) {
  return db
    .selectFrom("segments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .execute();
}

export function findSegment(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("segments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findSegmentByName(db: Db, workspaceId: string, name: string) {
  return db
    .selectFrom("segments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("name", "=", name)
    .executeTakeFirst();
}

export function insertSegment(
  db: Db,
  row: { workspace_id: string; id: string; name: string; filter: string },
) {
  return db.insertInto("segments").values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateSegment(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { name?: string; filter?: string; updated_at: Date },
) {
  return db
    .updateTable("segments")
    .set(patch)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteSegment(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return deleteRow(db, "segments", workspaceId, id);
}
