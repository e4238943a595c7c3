/** The SQL of support data: ingestion (tickets, statuses, messages, calls, agents, teams) and look-ups. */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import type { Attributes } from "../surveys/schema.js";

export async function workspaceTimeZone(db: Db, workspaceId: string): Promise<string> {
  const row = await db
    .selectFrom("workspaces")
    .select("time_zone")
    .where("id", "=", workspaceId)
    .executeTakeFirst();
  return row?.time_zone ?? "UTC";
}

/** Internal ids of teams (or agents) by external id, creating the missing ones named by their id. */
export async function ensureTeams(db: Db, workspaceId: string, externalIds: string[], newId: () => string) {
  const ids = [...new Set(externalIds)];
  if (!ids.length) return new Map<string, string>();
  await db
    .insertInto("support_teams")
    .values(
      ids.map((external_id) => ({ workspace_id: workspaceId, id: newId(), external_id, name: external_id })),
    )
    .onConflict((oc) => oc.columns(["workspace_id", "external_id"]).doNothing())
    .execute();
  const rows = await db
    .selectFrom("support_teams")
    .select(["id", "external_id"])
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

export async function ensureAgents(db: Db, workspaceId: string, externalIds: string[], newId: () => string) {
  const ids = [...new Set(externalIds)];
  if (!ids.length) return new Map<string, string>();
  await db
    .insertInto("support_agents")
    .values(
      ids.map((external_id) => ({ workspace_id: workspaceId, id: newId(), external_id, name: external_id })),
    )
    .onConflict((oc) => oc.columns(["workspace_id", "external_id"]).doNothing())
    .execute();
  const rows = await db
    .selectFrom("support_agents")
    .select(["id", "external_id"])
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

export async function upsertTeams(
  db: Db,
  workspaceId: string,
  rows: { id: string; external_id: string; name: string }[],
  now: Date,
) {
  if (!rows.length) return [];
  return db
    .insertInto("support_teams")
    .values(rows.map((r) => ({ ...r, workspace_id: workspaceId, updated_at: now })))
    .onConflict((oc) =>
      oc
        .columns(["workspace_id", "external_id"])
        .doUpdateSet((eb) => ({ name: eb.ref("excluded.name"), updated_at: now })),
    )
    .returning(["id", "external_id"])
    .execute();
}

export interface AgentWrite {
  id: string;
  external_id: string;
  name: string;
  email: string | null | undefined;
  team_id: string | null | undefined;
  active: boolean | undefined;
}

/** Upserts agents; email, team and active are kept when a row leaves them out (undefined). */
export async function upsertAgents(db: Db, workspaceId: string, rows: AgentWrite[], now: Date) {
  const out: { id: string; external_id: string }[] = [];
  for (const r of rows) {
    const stored = await db
      .insertInto("support_agents")
      .values({
        workspace_id: workspaceId,
        id: r.id,
        external_id: r.external_id,
        name: r.name,
        email: r.email ?? null,
        team_id: r.team_id ?? null,
        active: r.active ?? true,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(["workspace_id", "external_id"]).doUpdateSet({
          name: r.name,
          ...(r.email !== undefined ? { email: r.email } : {}),
          ...(r.team_id !== undefined ? { team_id: r.team_id } : {}),
          ...(r.active !== undefined ? { active: r.active } : {}),
          updated_at: now,
        }),
      )
      .returning(["id", "external_id"])
      .executeTakeFirstOrThrow();
    out.push(stored);
  }
  return out;
}

export function listTeams(db: Db, workspaceId: string) {
  return db
    .selectFrom("support_teams")
    .select(["id", "external_id", "name"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .execute();
}

export function listAgents(db: Db, workspaceId: string) {
  return db
    .selectFrom("support_agents as a")
    .leftJoin("support_teams as t", (j) =>
      j.onRef("t.workspace_id", "=", "a.workspace_id").onRef("t.id", "=", "a.team_id"),
    )
    .select(["a.id", "a.external_id", "a.name", "a.email", "a.active", "t.external_id as team_external_id"])
    .where("a.workspace_id", "=", workspaceId)
    .orderBy("a.name")
    .execute();
}

/** Serializes ticket writes of a workspace until the transaction ends (a transaction-level advisory lock). */
export async function lockTicketWrites(db: Db, workspaceId: string) {
  await sql`select pg_advisory_xact_lock(hashtext('support_tickets'), hashtext(${workspaceId}))`.execute(db);
}

/** Stored tickets by external id with their team, assignee and customer external ids; optionally locked. */
export async function ticketsByExternalIds(
  db: Db,
  workspaceId: string,
  externalIds: string[],
  lock: boolean,
) {
  if (!externalIds.length) return [];
  let query = db
    .selectFrom("support_tickets as t")
    .leftJoin("support_teams as tm", (j) =>
      j.onRef("tm.workspace_id", "=", "t.workspace_id").onRef("tm.id", "=", "t.team_id"),
    )
    .leftJoin("support_agents as ag", (j) =>
      j.onRef("ag.workspace_id", "=", "t.workspace_id").onRef("ag.id", "=", "t.assignee_id"),
    )
    .leftJoin("customers as c", (j) =>
      j.onRef("c.workspace_id", "=", "t.workspace_id").onRef("c.id", "=", "t.customer_id"),
    )
    .selectAll("t")
    .select([
      "tm.external_id as team_external_id",
      "ag.external_id as assignee_external_id",
      "c.external_id as customer_external_id",
    ])
    .where("t.workspace_id", "=", workspaceId)
    .where("t.external_id", "in", [...new Set(externalIds)]);
  if (lock) query = query.forUpdate("t");
  return query.execute();
}

export function historiesOf(db: Db, workspaceId: string, ticketIds: string[]) {
  if (!ticketIds.length) return Promise.resolve([]);
  return db
    .selectFrom("support_ticket_statuses")
    .select(["ticket_id", "seq", "status", "changed_at"])
    .where("workspace_id", "=", workspaceId)
    .where("ticket_id", "in", ticketIds)
    .orderBy("ticket_id")
    .orderBy("changed_at")
    .orderBy("seq")
    .execute();
}

export function messagesOf(db: Db, workspaceId: string, ticketIds: string[]) {
  if (!ticketIds.length) return Promise.resolve([]);
  return db
    .selectFrom("support_messages as m")
    .leftJoin("support_agents as ag", (j) =>
      j.onRef("ag.workspace_id", "=", "m.workspace_id").onRef("ag.id", "=", "m.agent_id"),
    )
    .select([
      "m.ticket_id",
      "m.external_id",
      "m.author",
      "m.sent_at",
      "m.internal",
      "ag.external_id as agent_external_id",
    ])
    .where("m.workspace_id", "=", workspaceId)
    .where("m.ticket_id", "in", ticketIds)
    .orderBy("m.ticket_id")
    .orderBy("m.sent_at")
    .orderBy("m.id")
    .execute();
}

export interface TicketWrite {
  id: string;
  external_id: string;
  customer_id: string | null;
  channel: string;
  priority: string | null;
  topic: string | null;
  subject: string | null;
  team_id: string | null;
  assignee_id: string | null;
  status: string;
  created_at: Date;
  solved_at: Date | null;
  resolved: boolean;
  resolved_flag: boolean | null;
  has_history: boolean;
  attributes: Attributes;
}

/** Writes whole tickets (the caller merged them with what was stored), by external id. */
export async function upsertTickets(db: Db, workspaceId: string, rows: TicketWrite[], now: Date) {
  if (!rows.length) return [];
  return db
    .insertInto("support_tickets")
    .values(
      rows.map((r) => ({
        ...r,
        workspace_id: workspaceId,
        attributes: JSON.stringify(r.attributes),
        ingested_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["workspace_id", "external_id"]).doUpdateSet((eb) => ({
        customer_id: eb.ref("excluded.customer_id"),
        channel: eb.ref("excluded.channel"),
        priority: eb.ref("excluded.priority"),
        topic: eb.ref("excluded.topic"),
        subject: eb.ref("excluded.subject"),
        team_id: eb.ref("excluded.team_id"),
        assignee_id: eb.ref("excluded.assignee_id"),
        status: eb.ref("excluded.status"),
        created_at: eb.ref("excluded.created_at"),
        solved_at: eb.ref("excluded.solved_at"),
        resolved: eb.ref("excluded.resolved"),
        resolved_flag: eb.ref("excluded.resolved_flag"),
        has_history: eb.ref("excluded.has_history"),
        attributes: eb.ref("excluded.attributes"),
        updated_at: now,
      })),
    )
    .returning(["id", "external_id"])
    .execute();
}

export async function insertStatuses(
  db: Db,
  workspaceId: string,
  rows: { ticket_id: string; seq: number; status: string; changed_at: Date }[],
) {
  if (!rows.length) return;
  await db
    .insertInto("support_ticket_statuses")
    .values(rows.map((r) => ({ ...r, workspace_id: workspaceId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface MessageWrite {
  id: string;
  external_id: string;
  ticket_id: string;
  author: string;
  agent_id: string | null;
  sent_at: Date;
  internal: boolean;
}

export async function upsertMessages(db: Db, workspaceId: string, rows: MessageWrite[], now: Date) {
  if (!rows.length) return [];
  return db
    .insertInto("support_messages")
    .values(rows.map((r) => ({ ...r, workspace_id: workspaceId, ingested_at: now, updated_at: now })))
    .onConflict((oc) =>
      oc.columns(["workspace_id", "external_id"]).doUpdateSet((eb) => ({
        ticket_id: eb.ref("excluded.ticket_id"),
        author: eb.ref("excluded.author"),
        agent_id: eb.ref("excluded.agent_id"),
        sent_at: eb.ref("excluded.sent_at"),
        internal: eb.ref("excluded.internal"),
        updated_at: now,
      })),
    )
    .returning(["id", "external_id"])
    .execute();
}

export async function ticketIdsByExternalIds(db: Db, workspaceId: string, externalIds: string[]) {
  if (!externalIds.length) return new Map<string, string>();
  const rows = await db
    .selectFrom("support_tickets")
    .select(["id", "external_id"])
    .where("workspace_id", "=", workspaceId)
    .where("external_id", "in", [...new Set(externalIds)])
    .execute();
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

export interface CallWrite {
  id: string;
  external_id: string;
  channel: string;
  customer_id: string | null;
  agent_id: string | null;
  team_id: string | null;
  ticket_id: string | null;
  outcome: string;
  queued_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  talk_ms: number | null;
  hold_ms: number | null;
  acw_ms: number | null;
}

export async function upsertCalls(db: Db, workspaceId: string, rows: CallWrite[], now: Date) {
  if (!rows.length) return [];
  return db
    .insertInto("support_calls")
    .values(rows.map((r) => ({ ...r, workspace_id: workspaceId, ingested_at: now, updated_at: now })))
    .onConflict((oc) =>
      oc.columns(["workspace_id", "external_id"]).doUpdateSet((eb) => ({
        channel: eb.ref("excluded.channel"),
        customer_id: eb.ref("excluded.customer_id"),
        agent_id: eb.ref("excluded.agent_id"),
        team_id: eb.ref("excluded.team_id"),
        ticket_id: eb.ref("excluded.ticket_id"),
        outcome: eb.ref("excluded.outcome"),
        queued_at: eb.ref("excluded.queued_at"),
        answered_at: eb.ref("excluded.answered_at"),
        ended_at: eb.ref("excluded.ended_at"),
        talk_ms: eb.ref("excluded.talk_ms"),
        hold_ms: eb.ref("excluded.hold_ms"),
        acw_ms: eb.ref("excluded.acw_ms"),
        updated_at: now,
      })),
    )
    .returning(["id", "external_id"])
    .execute();
}
