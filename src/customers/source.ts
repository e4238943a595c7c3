/**
 * Where a batch of records comes from when it is written: the JSON of an API call, or the staged rows of
 * a CSV import (its staging table). The JSON is read through `jsonb_to_record` with the entity's column list, so one set-based
 * upsert per entity serves the API and imports alike. `ord` orders the records (index or file line):
 * when an external id repeats in one batch, the last record wins.
 */
import { type RawBuilder, sql } from "kysely";
import type { TEntity } from "./schema.js";

/** A relation of the entity's record columns plus `ord`. */
export type Source = RawBuilder<unknown>;

const LINK = "customer_external_id text, customer_new_id uuid";

/** The columns of each entity's records (see records.ts), as a `jsonb_to_record` definition list. */
export const RECORD_COLUMNS: Record<TEntity, string> = {
  customers:
    "id uuid, external_id text, email text, phone text, name text, language text, time_zone text, attributes jsonb, acquired_at timestamptz, acquisition_channel text, referred_by text",
  orders: `id uuid, external_id text, ${LINK}, ordered_at timestamptz, amount numeric, currency text, product text, category text, quantity numeric`,
  subscriptions: `id uuid, external_id text, ${LINK}, plan text, mrr numeric, currency text, started_at timestamptz, ended_at timestamptz, cancelled_at timestamptz`,
  costs:
    "id uuid, external_id text, kind text, name text, period_start date, period_end date, amount numeric, currency text",
  usage: `id uuid, external_id text, ${LINK}, occurred_at timestamptz, name text, duration double precision`,
};

/** Records given as a JSON array (an API batch). */
export function jsonSource(entity: TEntity, records: readonly object[]): Source {
  return sql`(select e.ord, p.* from jsonb_array_elements(${JSON.stringify(records)}::jsonb) with ordinality as e(v, ord),
    jsonb_to_record(e.v) as p(${sql.raw(RECORD_COLUMNS[entity])}))`;
}

/**
 * The source with one record per external id, the last one winning. Sorted bytewise (`collate "C"`):
 * only equal ids matter here, and a locale-aware sort of a million ids costs seconds.
 */
export function latestPerExternalId(source: Source): RawBuilder<unknown> {
  return sql`(select distinct on (x.external_id collate "C") x.* from ${source} x
    order by x.external_id collate "C", x.ord desc)`;
}

/** Counts of a `returning (xmax = 0) as inserted` upsert. */
export function upsertCounts(upsert: RawBuilder<unknown>) {
  return sql<{ inserted: number; updated: number }>`with up as (${upsert})
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated from up`;
}
