/** Events posted by the company's systems: stored once per external id, and the start of event triggers. */
import { findCustomers, upsertCustomers } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import { newId } from "../ids.js";
import { loadSurveyDefinitions } from "../surveys/service.js";
import * as eventsStore from "./events-store.js";
import * as invitationsStore from "./invitations-store.js";
import { planForEvent } from "./planning.js";
import { MAX_EVENTS, type TEvent, type TEventInput } from "./schema.js";
import * as triggersStore from "./triggers-store.js";

export interface EventResult {
  id: string;
  externalId: string | null;
  duplicate: boolean;
  invitations: number;
}

/**
 * Stores events and queues the invitations their triggers call for, in one transaction: an event is
 * never stored without its invitations, and a retry (same externalId) stores and queues nothing new.
 * Each event's customer is upserted by external id first, so conditions see the profile as just sent.
 */
export async function ingestEvents(
  db: Db,
  workspaceId: string,
  inputs: TEventInput[],
  opts: { now: Date; fieldPrefix?: (i: number) => string },
): Promise<EventResult[]> {
  const { now } = opts;
  const prefix = opts.fieldPrefix ?? ((i: number) => `events.${i}.`);
  if (inputs.length > MAX_EVENTS) throw invalid("events", `at most ${MAX_EVENTS} events per request`);
  const seen = new Set<string>();
  inputs.forEach((e, i) => {
    if (e.occurredAt && e.occurredAt.getTime() > now.getTime() + 5 * 60_000)
      throw invalid(`${prefix(i)}occurredAt`, "is in the future");
    if (!e.externalId) return;
    if (seen.has(e.externalId))
      throw invalid(`${prefix(i)}externalId`, "the same externalId appears twice in the batch");
    seen.add(e.externalId);
  });

  return db.transaction().execute(async (trx) => {
    const customerIds = await upsertCustomers(
      trx,
      workspaceId,
      inputs.map((e) => e.customer),
      now,
    );
    const rows = inputs.map((e) => ({
      id: newId(),
      external_id: e.externalId ?? null,
      type: e.type,
      customer_id: customerIds.get(e.customer.externalId) ?? "",
      properties: e.properties,
      occurred_at: e.occurredAt ?? now,
    }));
    const inserted = await eventsStore.insertEvents(trx, workspaceId, rows, now);
    const insertedIds = new Set(inserted.map((r) => r.id));
    const fresh = rows.filter((r) => insertedIds.has(r.id));
    const existing = await eventsStore.eventIdsByExternalId(
      trx,
      workspaceId,
      rows.flatMap((r) => (!insertedIds.has(r.id) && r.external_id ? [r.external_id] : [])),
    );

    const triggers = await triggersStore.eventTriggers(trx, workspaceId, [
      ...new Set(fresh.map((r) => r.type)),
    ]);
    const counts = new Map<string, number>();
    if (triggers.length && fresh.length) {
      const customers = new Map(
        (await findCustomers(trx, workspaceId, [...new Set(fresh.map((r) => r.customer_id))])).map((c) => [
          c.id,
          c,
        ]),
      );
      const surveys = await loadSurveyDefinitions(trx, workspaceId, [
        ...new Set(triggers.map((t) => t.survey_id)),
      ]);
      const planned = fresh.flatMap((r) => {
        const customer = customers.get(r.customer_id);
        if (!customer) return [];
        const plan = planForEvent(
          { id: r.id, type: r.type, properties: r.properties, occurredAt: r.occurred_at, customer },
          triggers,
          surveys,
          now,
        );
        counts.set(r.id, plan.length);
        return plan;
      });
      for (let i = 0; i < planned.length; i += 1000) {
        await invitationsStore.insertInvitations(trx, workspaceId, planned.slice(i, i + 1000), now);
      }
    }

    return rows.map((r) => {
      const duplicate = !insertedIds.has(r.id);
      return {
        id: duplicate ? (existing.get(r.external_id ?? "") ?? r.id) : r.id,
        externalId: r.external_id,
        duplicate,
        invitations: counts.get(r.id) ?? 0,
      };
    });
  });
}

export function toEvent(
  r: Awaited<ReturnType<typeof eventsStore.listEvents>>[number],
  customerExternalId: string | null,
): TEvent {
  return {
    id: r.id,
    externalId: r.external_id,
    type: r.type,
    customerId: r.customer_id,
    customerExternalId,
    properties: r.properties,
    occurredAt: r.occurred_at.toISOString(),
    createdAt: r.created_at.toISOString(),
  };
}

export const encodeCursor = (at: Date, id: string) =>
  Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

export function decodeCursor(cursor: string, field = "query.cursor") {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime()))
    throw invalid(field, "malformed cursor");
  return { at: date, id };
}

export async function listEvents(
  db: Db,
  workspaceId: string,
  f: Omit<eventsStore.EventFilter, "cursor"> & { cursor?: string },
) {
  const rows = await eventsStore.listEvents(db, workspaceId, {
    ...f,
    cursor: f.cursor ? decodeCursor(f.cursor) : undefined,
    limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  const customers = new Map(
    (await findCustomers(db, workspaceId, [...new Set(page.map((r) => r.customer_id))])).map((c) => [
      c.id,
      c.external_id,
    ]),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => toEvent(r, customers.get(r.customer_id) ?? null)),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}
