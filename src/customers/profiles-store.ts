import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { latestPerExternalId, type Source, upsertCounts } from "./source.js";

/**
 * Upserts customer records by external id in one statement. Given contact and acquisition fields
 * overwrite, missing ones keep what is stored; attributes merge key by key (as for customers arriving
 * with responses).
 */
export async function applyCustomers(db: Db, workspaceId: string, source: Source, now: Date) {
  const upsert = sql`insert into customers (workspace_id, id, external_id, email, phone, name, language, time_zone,
      attributes, acquired_at, acquisition_channel, referred_by, updated_at)
    select ${workspaceId}, s.id, s.external_id, s.email, s.phone, s.name, s.language, s.time_zone,
      coalesce(s.attributes, '{}'), s.acquired_at, s.acquisition_channel, s.referred_by, ${now}
    from ${latestPerExternalId(source)} s
    on conflict (workspace_id, external_id) do update set
      email = coalesce(excluded.email, customers.email),
      phone = coalesce(excluded.phone, customers.phone),
      name = coalesce(excluded.name, customers.name),
      language = coalesce(excluded.language, customers.language),
      time_zone = coalesce(excluded.time_zone, customers.time_zone),
      attributes = customers.attributes || excluded.attributes,
      acquired_at = coalesce(excluded.acquired_at, customers.acquired_at),
      acquisition_channel = coalesce(excluded.acquisition_channel, customers.acquisition_channel),
      referred_by = coalesce(excluded.referred_by, customers.referred_by),
      updated_at = excluded.updated_at
    returning (xmax = 0) as inserted`;
  const { rows } = await upsertCounts(upsert).execute(db);
  return rows[0] ?? { inserted: 0, updated: 0 };
}

/**
 * Creates the customers a batch of orders, subscriptions or usage events names and the workspace does
 * not know yet (external id only), so such records can arrive before, or without, the customer file.
 * `customers`, when given, lists them once each with the id a new one gets.
 */
export async function ensureLinkedCustomers(
  db: Db,
  workspaceId: string,
  source: Source,
  customers: Source | null = null,
): Promise<void> {
  // Given the distinct customers (external_id, id) already, no sort of the records is needed.
  if (customers) {
    await sql`insert into customers (workspace_id, id, external_id)
      select ${workspaceId}, c.id, c.external_id from ${customers} c
      on conflict (workspace_id, external_id) do nothing`.execute(db);
    return;
  }
  await sql`insert into customers (workspace_id, id, external_id)
    select distinct on (s.customer_external_id collate "C") ${workspaceId}, s.customer_new_id, s.customer_external_id
    from ${source} s order by s.customer_external_id collate "C", s.ord
    on conflict (workspace_id, external_id) do nothing`.execute(db);
}
