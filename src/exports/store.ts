import { sql } from "kysely";
import type { Db } from "../db/connection.js";

/** More attribute columns than this would make a sheet nobody can read; the most used ones are kept. */
export const MAX_ATTRIBUTE_COLUMNS = 200;

export interface AttributeScope {
  surveyId: string;
  channel?: string;
  status?: string;
  from?: Date;
  to?: Date;
}

/**
 * The response attribute names used in a survey's responses (over the period, channel and status of
 * the export), most used first, for the export's attribute columns. Filters on answers are left out:
 * the columns are then a superset, and one cheap pass over the responses index serves them.
 */
export async function attributeKeys(db: Db, workspaceId: string, f: AttributeScope): Promise<string[]> {
  let query = db
    .selectFrom(["responses as r", sql<{ k: string }>`jsonb_object_keys(r.attributes)`.as("k")])
    .select(["k.k as key", (eb) => eb.fn.countAll<number>().as("uses")])
    .where("r.workspace_id", "=", workspaceId)
    .where("r.survey_id", "=", f.surveyId);
  if (f.channel) query = query.where("r.channel", "=", f.channel);
  if (f.status) query = query.where("r.status", "=", f.status);
  if (f.from) query = query.where("r.submitted_at", ">=", f.from);
  if (f.to) query = query.where("r.submitted_at", "<", f.to);
  const rows = await query
    .groupBy("k.k")
    .orderBy("uses", "desc")
    .orderBy("k.k")
    .limit(MAX_ATTRIBUTE_COLUMNS)
    .execute();
  return rows.map((r) => r.key);
}
