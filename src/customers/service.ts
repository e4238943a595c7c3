import type { Db } from "../db/connection.js";
import { newId } from "../ids.js";
import type { TCustomerRef } from "../surveys/schema.js";
import * as store from "./store.js";

/** Upserts customers by external id; returns external id → internal id. Later refs win on duplicates. */
export async function upsertCustomers(
  db: Db,
  workspaceId: string,
  refs: TCustomerRef[],
  now = new Date(),
): Promise<Map<string, string>> {
  const merged = new Map<string, store.CustomerUpsert>();
  for (const r of refs) {
    const prev = merged.get(r.externalId);
    merged.set(r.externalId, {
      id: prev?.id ?? newId(),
      external_id: r.externalId,
      email: r.email ?? prev?.email ?? null,
      phone: r.phone ?? prev?.phone ?? null,
      name: r.name ?? prev?.name ?? null,
      language: r.language ?? prev?.language ?? null,
      time_zone: r.timeZone ?? prev?.time_zone ?? null,
      attributes: { ...prev?.attributes, ...r.attributes },
    });
  }
  const rows = await store.upsertCustomers(db, workspaceId, [...merged.values()], now);
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

export const findCustomer = store.findCustomer;
export const findCustomers = store.findCustomers;
export const findCustomerByExternalId = store.findCustomerByExternalId;
export const customersAfter = store.customersAfter;
