/**
 * Storing customer data: a batch of records of one entity is validated whole, then written in one
 * transaction with one set-based upsert per table, so a retry (same external ids) changes nothing and a
 * bad record writes nothing.
 */
import { sql } from "kysely";
import { getWorkspace } from "../auth/service.js";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import { applyCosts } from "./costs-store.js";
import { applyOrders } from "./orders-store.js";
import { applyCustomers, ensureLinkedCustomers } from "./profiles-store.js";
import {
  type EntityInputs,
  type EntityRecords,
  RECORD,
  type RecordEnv,
  type RecordResult,
} from "./records.js";
import type { TEntity, TUpsertResult } from "./schema.js";
import { jsonSource, type Source } from "./source.js";
import { noteWrites } from "./statistics.js";
import { applySubscriptions } from "./subscriptions-store.js";
import { applyUsage } from "./usage-store.js";

/** The time zone and clock records of a workspace are resolved with. */
export async function recordEnv(db: Db, workspaceId: string, now: Date): Promise<RecordEnv> {
  const workspace = await getWorkspace(db, workspaceId);
  return { timeZone: workspace.time_zone, now };
}

/**
 * Writes a source of records of one entity (call inside a transaction). The planner cannot estimate how
 * many records a JSON source holds (it guesses one), and with one row it may join the workspace's
 * customers by scanning them all for every record; hash joins are right for any batch size, so nested
 * loops are turned off for this transaction.
 */
export async function applySource(
  db: Db,
  workspaceId: string,
  entity: TEntity,
  source: Source,
  now: Date,
  known: SourceFacts = {},
): Promise<TUpsertResult> {
  await sql`set local enable_nestloop = off`.execute(db);
  const { customers = null, unique = false } = known;
  switch (entity) {
    case "customers":
      return applyCustomers(db, workspaceId, source, now);
    case "orders":
      await ensureLinkedCustomers(db, workspaceId, source, customers);
      return applyOrders(db, workspaceId, source, now, unique);
    case "subscriptions":
      await ensureLinkedCustomers(db, workspaceId, source, customers);
      return applySubscriptions(db, workspaceId, source, now, unique);
    case "costs":
      return applyCosts(db, workspaceId, source, now);
    case "usage":
      await ensureLinkedCustomers(db, workspaceId, source, customers);
      return applyUsage(db, workspaceId, source, unique);
  }
}

/**
 * What an import found out while reading, which spares PostgreSQL a sort of every record: the distinct
 * customers named (external_id, id) and that no external id repeats.
 */
export interface SourceFacts {
  customers?: Source | null;
  unique?: boolean;
}

/**
 * Validates and stores records of one entity, all or none. A problem is reported on the field
 * `${fieldPrefix(index)}${field}` (e.g. `orders.3.orderedAt`; a single record uses no prefix).
 */
export async function upsertRecords<E extends TEntity>(
  db: Db,
  workspaceId: string,
  entity: E,
  inputs: readonly EntityInputs[E][],
  options: { now: Date; fieldPrefix?: (index: number) => string },
): Promise<TUpsertResult> {
  const env = await recordEnv(db, workspaceId, options.now);
  const prefix = options.fieldPrefix ?? ((i: number) => `${entity}.${i}.`);
  const records: EntityRecords[E][] = [];
  const toRecord: (input: EntityInputs[E], env: RecordEnv) => RecordResult<EntityRecords[E]> = RECORD[entity];
  inputs.forEach((input, index) => {
    const result = toRecord(input, env);
    if (!result.ok)
      throw invalid(`${prefix(index)}${result.field}`, `${prefix(index)}${result.field}: ${result.message}`);
    records.push(result.record);
  });
  if (!records.length) return { inserted: 0, updated: 0 };
  const result = await db
    .transaction()
    .execute((trx) => applySource(trx, workspaceId, entity, jsonSource(entity, records), options.now));
  await noteEntityWrites(db, entity, result.inserted + result.updated);
  return result;
}

const TABLE = {
  customers: "customers",
  orders: "orders",
  subscriptions: "subscriptions",
  costs: "costs",
  usage: "usage_events",
} as const;

/** Counts written rows towards analyzing the tables (orders and the like may have created customers). */
export async function noteEntityWrites(db: Db, entity: TEntity, rows: number): Promise<void> {
  await noteWrites(db, TABLE[entity], rows);
  if (entity !== "customers" && entity !== "costs") await noteWrites(db, "customers", rows);
}
