import { sql } from "kysely";
import type { Db } from "../db/connection.js";

/** Stages validated records of an import, each under its file line. */
export async function stageRows(
  db: Db,
  workspaceId: string,
  importId: string,
  rows: readonly { line: number; record: object }[],
  now: Date,
): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(rows.map((r) => ({ line: r.line, payload: r.record })));
  await sql`insert into import_rows (workspace_id, import_id, line, payload, created_at)
    select ${workspaceId}, ${importId}, (e->>'line')::int, e->'payload', ${now} from jsonb_array_elements(${json}::jsonb) e`.execute(
    db,
  );
}

/** Drops an import's staged rows, and any the workspace left behind more than a day ago (aborted uploads). */
export async function dropStaged(db: Db, workspaceId: string, importId: string, now: Date): Promise<void> {
  await db
    .deleteFrom("import_rows")
    .where("workspace_id", "=", workspaceId)
    .where((eb) =>
      eb.or([eb("import_id", "=", importId), eb("created_at", "<", new Date(now.getTime() - 86_400_000))]),
    )
    .execute();
}
