import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { Attributes } from "../surveys/schema.js";

export interface CustomerUpsert {
  id: string;
  external_id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  time_zone: string | null;
  attributes: Attributes;
}

/**
 * Inserts or updates customers by external id in one statement. Given contact fields overwrite,
 * missing ones keep what is stored; attributes merge key by key.
 */
export async function upsertCustomers(db: Db, workspaceId: string, rows: CustomerUpsert[], now: Date) {
  if (!rows.length) return [];
  return db
    .insertInto("customers")
    .values(
      rows.map((r) => ({
        ...r,
        workspace_id: workspaceId,
        attributes: JSON.stringify(r.attributes),
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["workspace_id", "external_id"]).doUpdateSet({
        email: sql`coalesce(excluded.email, customers.email)`,
        phone: sql`coalesce(excluded.phone, customers.phone)`,
        name: sql`coalesce(excluded.name, customers.name)`,
        language: sql`coalesce(excluded.language, customers.language)`,
        time_zone: sql`coalesce(excluded.time_zone, customers.time_zone)`,
        attributes: sql`customers.attributes || excluded.attributes`,
        updated_at: sql`excluded.updated_at`,
      }),
    )
    .returning(["id", "external_id"])
    .execute();
}

export function findCustomer(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function findCustomers(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .execute();
}

export function findCustomerByExternalId(db: Db, workspaceId: string, externalId: string) {
  return db
    .selectFrom("customers")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "=", externalId)
    .executeTakeFirst();
}

/** Customers in id order after `afterId`, a page at a time (campaigns walk every customer this way). */
export function customersAfter(db: Db, workspaceId: string, afterId: string | null, limit: number) {
  let query = db.selectFrom("customers").selectAll().where("workspace_id", "=", workspaceId);
  if (afterId) query = query.where("id", ">", afterId);
  return query.orderBy("id").limit(limit).execute();
}
