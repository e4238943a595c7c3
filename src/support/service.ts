/**
 * Support ingestion: the public functions other modules, the routes and the demo call. Every batch is
 * checked whole first (each problem named by row and field) and then written in one transaction, so a
 * batch is stored whole or not at all. Records are idempotent by external id.
 */
import { upsertCustomers } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import { invalid } from "../http/errors.js";
import { newId } from "../ids.js";
import type { TCustomerRef } from "../surveys/schema.js";
import {
  checkBatch,
  checkUnique,
  clockOf,
  type IngestOptions,
  messageWrite,
  type Prefix,
  Problems,
} from "./batch.js";
import { refreshTicketFacts, ticketsOfMessages } from "./facts-store.js";
import { type Clock, parseCall, parseMessage } from "./parse.js";
import type { TAgentInput, TCallInput, TMessageInput, TTeamInput } from "./schema.js";
import * as store from "./store.js";

export type { IngestOptions } from "./batch.js";
export { getTicket, ingestTickets, validateTickets } from "./tickets-service.js";

// ─── messages ───────────────────────────────────────────────────────────────────────────────────────

async function prepareMessages(
  db: Db,
  workspaceId: string,
  inputs: TMessageInput[],
  clock: Clock,
  prefix: Prefix,
) {
  checkBatch(inputs.length, "messages");
  const problems = new Problems();
  checkUnique(inputs, (m) => m.externalId, problems, prefix, "externalId");
  const tickets = await store.ticketIdsByExternalIds(
    db,
    workspaceId,
    inputs.map((m) => m.ticket),
  );
  const prepared = inputs.flatMap((input, i) => {
    const parsed = problems.run(i, () => {
      const ticketId = tickets.get(input.ticket);
      if (!ticketId) throw invalid(`${prefix(i)}ticket`, `no ticket with externalId ${input.ticket}`);
      return { ticketId, message: parseMessage(input, prefix(i), clock) };
    });
    return parsed ? [parsed] : [];
  });
  return { prepared, problems };
}

export async function validateMessages(
  db: Db,
  workspaceId: string,
  inputs: TMessageInput[],
  now = new Date(),
) {
  const clock = await clockOf(db, workspaceId, now);
  return (await prepareMessages(db, workspaceId, inputs, clock, (i) => `messages.${i}.`)).problems.report();
}

/** Records messages of existing tickets, idempotent by the message's external id. */
export async function ingestMessages(
  db: Db,
  workspaceId: string,
  inputs: TMessageInput[],
  opts: IngestOptions = {},
) {
  const now = opts.now ?? new Date();
  const clock = await clockOf(db, workspaceId, now);
  const { prepared, problems } = await prepareMessages(
    db,
    workspaceId,
    inputs,
    clock,
    opts.fieldPrefix ?? ((i) => `messages.${i}.`),
  );
  problems.throwFirst();
  return db.transaction().execute(async (trx) => {
    const agents = await store.ensureAgents(
      trx,
      workspaceId,
      prepared.flatMap((p) => (p.message.agent ? [p.message.agent] : [])),
      newId,
    );
    // A re-sent message may move to another ticket: both tickets' facts change.
    const before = await ticketsOfMessages(
      trx,
      workspaceId,
      prepared.map((p) => p.message.externalId),
    );
    const written = await store.upsertMessages(
      trx,
      workspaceId,
      prepared.map((p) => messageWrite(p.message, p.ticketId, agents)),
      now,
    );
    await refreshTicketFacts(trx, workspaceId, [...before, ...prepared.map((p) => p.ticketId)]);
    const ids = new Map(written.map((w) => [w.external_id, w.id]));
    return inputs.map((m) => ({ id: ids.get(m.externalId) ?? "", externalId: m.externalId }));
  });
}

// ─── calls ──────────────────────────────────────────────────────────────────────────────────────────

async function prepareCalls(db: Db, workspaceId: string, inputs: TCallInput[], clock: Clock, prefix: Prefix) {
  checkBatch(inputs.length, "calls");
  const problems = new Problems();
  checkUnique(inputs, (c) => c.externalId, problems, prefix, "externalId");
  const tickets = await store.ticketIdsByExternalIds(
    db,
    workspaceId,
    inputs.flatMap((c) => (c.ticket ? [c.ticket] : [])),
  );
  const prepared = inputs.flatMap((input, i) => {
    const parsed = problems.run(i, () => {
      const ticketId = input.ticket ? tickets.get(input.ticket) : null;
      if (ticketId === undefined)
        throw invalid(`${prefix(i)}ticket`, `no ticket with externalId ${input.ticket}`);
      return { input, ticketId, call: parseCall(input, prefix(i), clock) };
    });
    return parsed ? [parsed] : [];
  });
  return { prepared, problems };
}

export async function validateCalls(db: Db, workspaceId: string, inputs: TCallInput[], now = new Date()) {
  const clock = await clockOf(db, workspaceId, now);
  return (await prepareCalls(db, workspaceId, inputs, clock, (i) => `calls.${i}.`)).problems.report();
}

/** Records calls and chats that went through a queue, idempotent by external id. */
export async function ingestCalls(
  db: Db,
  workspaceId: string,
  inputs: TCallInput[],
  opts: IngestOptions = {},
) {
  const now = opts.now ?? new Date();
  const clock = await clockOf(db, workspaceId, now);
  const { prepared, problems } = await prepareCalls(
    db,
    workspaceId,
    inputs,
    clock,
    opts.fieldPrefix ?? ((i) => `calls.${i}.`),
  );
  problems.throwFirst();
  return db.transaction().execute(async (trx) => {
    const agents = await store.ensureAgents(
      trx,
      workspaceId,
      prepared.flatMap((p) => (p.input.agent ? [p.input.agent] : [])),
      newId,
    );
    const teams = await store.ensureTeams(
      trx,
      workspaceId,
      prepared.flatMap((p) => (p.input.team ? [p.input.team] : [])),
      newId,
    );
    const refs: TCustomerRef[] = prepared.flatMap((p) => (p.input.customer ? [p.input.customer] : []));
    const customers = await upsertCustomers(trx, workspaceId, refs, now);
    const written = await store.upsertCalls(
      trx,
      workspaceId,
      prepared.map(({ input, ticketId, call }) => ({
        id: newId(),
        external_id: input.externalId,
        channel: input.channel,
        customer_id: input.customer ? (customers.get(input.customer.externalId) ?? null) : null,
        agent_id: input.agent ? (agents.get(input.agent) ?? null) : null,
        team_id: input.team ? (teams.get(input.team) ?? null) : null,
        ticket_id: ticketId,
        outcome: input.outcome,
        queued_at: call.queuedAt,
        answered_at: call.answeredAt,
        ended_at: call.endedAt,
        talk_ms: call.talkMs,
        hold_ms: call.holdMs,
        acw_ms: call.acwMs,
      })),
      now,
    );
    const ids = new Map(written.map((w) => [w.external_id, w.id]));
    return inputs.map((c) => ({ id: ids.get(c.externalId) ?? "", externalId: c.externalId }));
  });
}

// ─── agents and teams ───────────────────────────────────────────────────────────────────────────────

export async function upsertTeams(db: Db, workspaceId: string, inputs: TTeamInput[], now = new Date()) {
  checkBatch(inputs.length, "teams");
  const problems = new Problems();
  checkUnique(
    inputs,
    (t) => t.externalId,
    problems,
    (i) => `teams.${i}.`,
    "externalId",
  );
  problems.throwFirst();
  const rows = await store.upsertTeams(
    db,
    workspaceId,
    inputs.map((t) => ({ id: newId(), external_id: t.externalId, name: t.name })),
    now,
  );
  const ids = new Map(rows.map((r) => [r.external_id, r.id]));
  return inputs.map((t) => ({ id: ids.get(t.externalId) ?? "", externalId: t.externalId }));
}

export async function upsertAgents(db: Db, workspaceId: string, inputs: TAgentInput[], now = new Date()) {
  checkBatch(inputs.length, "agents");
  const problems = new Problems();
  checkUnique(
    inputs,
    (a) => a.externalId,
    problems,
    (i) => `agents.${i}.`,
    "externalId",
  );
  problems.throwFirst();
  return db.transaction().execute(async (trx) => {
    const teams = await store.ensureTeams(
      trx,
      workspaceId,
      inputs.flatMap((a) => (a.team ? [a.team] : [])),
      newId,
    );
    const rows = await store.upsertAgents(
      trx,
      workspaceId,
      inputs.map((a) => ({
        id: newId(),
        external_id: a.externalId,
        name: a.name,
        email: a.email,
        team_id: a.team === undefined ? undefined : a.team === null ? null : (teams.get(a.team) ?? null),
        active: a.active,
      })),
      now,
    );
    return rows.map((r) => ({ id: r.id, externalId: r.external_id }));
  });
}

export async function listTeams(db: Db, workspaceId: string) {
  return (await store.listTeams(db, workspaceId)).map((t) => ({
    id: t.id,
    externalId: t.external_id,
    name: t.name,
  }));
}

export async function listAgents(db: Db, workspaceId: string) {
  return (await store.listAgents(db, workspaceId)).map((a) => ({
    id: a.id,
    externalId: a.external_id,
    name: a.name,
    email: a.email,
    team: a.team_external_id,
    active: a.active,
  }));
}
