import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { latestPerExternalId, type Source, upsertCounts } from "./source.js";

/** Upserts cost records by external id. */
export async function applyCosts(db: Db, workspaceId: string, source: Source, now: Date) {
  const upsert = sql`insert into costs (workspace_id, id, external_id, kind, name, period_start, period_end, amount,
      currency, updated_at)
    select ${workspaceId}, s.id, s.external_id, s.kind, s.name, s.period_start, s.period_end, s.amount, s.currency, ${now}
    from ${latestPerExternalId(source)} s
    on conflict (workspace_id, external_id) do update set
      kind = excluded.kind, name = excluded.name, period_start = excluded.period_start,
      period_end = excluded.period_end, amount = excluded.amount, currency = excluded.currency,
      updated_at = excluded.updated_at
    returning (xmax = 0) as inserted`;
  const { rows } = await upsertCounts(upsert).execute(db);
  return rows[0] ?? { inserted: 0, updated: 0 };
}
