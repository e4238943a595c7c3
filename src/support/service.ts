/**
 * Support ingestion: the public functions other modules, the routes and the demo call. Every batch is
 * checked whole first (each problem named by row and field) and then written in one transaction, so a
 * batch is stored whole or not at all. Records are idempotent by external id.
 */
import { upsertCustomers } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import { AppError, invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import type { TCustomerRef } from "../surveys/schema.js";
import { type Clock, type ParsedMessage, parseCall, parseMessage, parseTicket } from "./parse.js";
import type {
  TAgentInput,
  TCallInput,
  TIngestResult,
  TMessageInput,
  TRowProblem,
  TTeamInput,
  TTicket,
  TTicketInput,
} from "./schema.js";
import { MAX_BATCH, ZTicketStatus } from "./schema.js";
import * as store from "./store.js";
import {
  applyTicketInput,
  emptyTicketState,
  type HistoryEntry,
  type TicketState,
  ticketOutcome,
} from "./ticket-state.js";

export interface IngestOptions {
  now?: Date;
  /** The field path prefix of row i (`tickets.3.`); a single record uses "". */
  fieldPrefix?: (i: number) => string;
}

type Prefix = (i: number) => string;

/** Collects the first problem of each row; rethrows anything that is not an AppError. */
class Problems {
  readonly list: (TRowProblem & { error: AppError })[] = [];
  run<T>(index: number, f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (!this.list.some((p) => p.index === index))
        this.list.push({ index, field: e.field, message: e.message, error: e });
      return undefined;
    }
  }
  throwFirst() {
    const first = [...this.list].sort((a, b) => a.index - b.index)[0];
    if (first) throw first.error;
  }
  report(): TRowProblem[] {
    return this.list
      .sort((a, b) => a.index - b.index)
      .map(({ index, field, message }) => ({ index, field, message }));
  }
}

async function clockOf(db: Db, workspaceId: string, now: Date): Promise<Clock> {
  return { timeZone: await store.workspaceTimeZone(db, workspaceId), now };
}

function checkBatch(length: number, what: string) {
  if (length > MAX_BATCH) throw invalid(what, `at most ${MAX_BATCH} ${what} per request`);
}

function checkUnique<T>(
  inputs: T[],
  key: (t: T) => string,
  problems: Problems,
  prefix: Prefix,
  field: string,
) {
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const k = key(input);
    if (seen.has(k))
      problems.run(i, () => {
        throw invalid(`${prefix(i)}${field}`, `the same ${field} ${k} appears twice in the batch`);
      });
    seen.add(k);
  });
}

// ─── tickets ────────────────────────────────────────────────────────────────────────────────────────

interface PreparedTicket {
  id: string;
  externalId: string;
  state: TicketState;
  messages: ParsedMessage[];
}

async function prepareTickets(
  db: Db,
  workspaceId: string,
  inputs: TTicketInput[],
  clock: Clock,
  prefix: Prefix,
  lock: boolean,
) {
  checkBatch(inputs.length, "tickets");
  const problems = new Problems();
  const stored = await store.ticketsByExternalIds(
    db,
    workspaceId,
    inputs.map((t) => t.externalId),
    lock,
  );
  const histories = await store.historiesOf(
    db,
    workspaceId,
    stored.map((t) => t.id),
  );
  const tickets = new Map<string, PreparedTicket>();
  for (const row of stored) {
    const history: HistoryEntry[] = histories
      .filter((h) => h.ticket_id === row.id)
      .map((h) => ({ seq: h.seq, status: ZTicketStatus.parse(h.status), at: h.changed_at }));
    tickets.set(row.external_id, {
      id: row.id,
      externalId: row.external_id,
      messages: [],
      state: {
        isNew: false,
        createdAt: row.created_at,
        channel: row.channel,
        priority: row.priority,
        topic: row.topic,
        subject: row.subject,
        team: row.team_external_id,
        assignee: row.assignee_external_id,
        customerId: row.customer_id,
        customerRef: undefined,
        attributes: row.attributes,
        resolvedFlag: row.resolved_flag,
        history,
      },
    });
  }
  const messageIds = new Set<string>();
  inputs.forEach((input, i) => {
    problems.run(i, () => {
      const parsed = parseTicket(input, prefix(i), clock);
      const messages = (input.messages ?? []).map((m, k) => {
        if (messageIds.has(m.externalId))
          throw invalid(
            `${prefix(i)}messages.${k}.externalId`,
            "the same message externalId appears twice in the batch",
          );
        messageIds.add(m.externalId);
        return parseMessage(m, `${prefix(i)}messages.${k}.`, clock);
      });
      const ticket = tickets.get(input.externalId) ?? {
        id: newId(),
        externalId: input.externalId,
        messages: [],
        state: emptyTicketState(),
      };
      // Apply to a copy, so a rejected record leaves the ticket as the earlier records made it.
      const next: TicketState = { ...ticket.state, history: ticket.state.history.map((e) => ({ ...e })) };
      applyTicketInput(next, parsed, prefix(i));
      tickets.set(input.externalId, { ...ticket, state: next, messages: [...ticket.messages, ...messages] });
    });
  });
  return { tickets: [...tickets.values()], problems };
}

/** Checks a batch of ticket records without writing: every problem, by row. */
export async function validateTickets(db: Db, workspaceId: string, inputs: TTicketInput[], now = new Date()) {
  const clock = await clockOf(db, workspaceId, now);
  const { problems } = await prepareTickets(db, workspaceId, inputs, clock, (i) => `tickets.${i}.`, false);
  return problems.report();
}

/**
 * Records tickets: new ones are created, known ones (same external id) updated. Several records of one
 * ticket apply in order; status changes merge into its history. Embedded messages are upserted too.
 */
export async function ingestTickets(
  db: Db,
  workspaceId: string,
  inputs: TTicketInput[],
  opts: IngestOptions = {},
): Promise<TIngestResult[]> {
  const now = opts.now ?? new Date();
  const prefix = opts.fieldPrefix ?? ((i: number) => `tickets.${i}.`);
  const clock = await clockOf(db, workspaceId, now);
  return db.transaction().execute(async (trx) => {
    const { tickets, problems } = await prepareTickets(trx, workspaceId, inputs, clock, prefix, true);
    problems.throwFirst();
    const teams = await store.ensureTeams(
      trx,
      workspaceId,
      tickets.flatMap((t) => (t.state.team ? [t.state.team] : [])),
      newId,
    );
    const agents = await store.ensureAgents(
      trx,
      workspaceId,
      tickets.flatMap((t) => [
        ...(t.state.assignee ? [t.state.assignee] : []),
        ...t.messages.flatMap((m) => (m.agent ? [m.agent] : [])),
      ]),
      newId,
    );
    const refs = tickets.flatMap((t) => (t.state.customerRef ? [t.state.customerRef] : []));
    const customers = await upsertCustomers(trx, workspaceId, refs, now);
    const customerOf = (s: TicketState) =>
      s.customerRef === undefined
        ? s.customerId
        : s.customerRef === null
          ? null
          : (customers.get(s.customerRef.externalId) ?? null);
    const rows = tickets.map((t) => {
      const outcome = ticketOutcome(t.state);
      return {
        id: t.id,
        external_id: t.externalId,
        customer_id: customerOf(t.state),
        channel: t.state.channel ?? "",
        priority: t.state.priority,
        topic: t.state.topic,
        subject: t.state.subject,
        team_id: t.state.team ? (teams.get(t.state.team) ?? null) : null,
        assignee_id: t.state.assignee ? (agents.get(t.state.assignee) ?? null) : null,
        status: outcome.status,
        created_at: t.state.createdAt ?? now,
        solved_at: outcome.solvedAt,
        resolved: outcome.resolved,
        resolved_flag: t.state.resolvedFlag,
        has_history: outcome.hasHistory,
        attributes: t.state.attributes,
      };
    });
    const written = await store.upsertTickets(trx, workspaceId, rows, now);
    const ids = new Map(written.map((w) => [w.external_id, w.id]));
    const idOf = (externalId: string) => {
      const id = ids.get(externalId);
      if (!id) throw new Error(`ticket ${externalId} was not written`);
      return id;
    };
    await store.insertStatuses(
      trx,
      workspaceId,
      tickets.flatMap((t) =>
        t.state.history
          .filter((e) => e.added)
          .map((e) => ({ ticket_id: idOf(t.externalId), seq: e.seq, status: e.status, changed_at: e.at })),
      ),
    );
    await store.upsertMessages(
      trx,
      workspaceId,
      tickets.flatMap((t) => t.messages.map((m) => messageWrite(m, idOf(t.externalId), agents))),
      now,
    );
    return inputs.map((input) => ({ id: idOf(input.externalId), externalId: input.externalId }));
  });
}

function messageWrite(m: ParsedMessage, ticketId: string, agents: Map<string, string>): store.MessageWrite {
  return {
    id: newId(),
    external_id: m.externalId,
    ticket_id: ticketId,
    author: m.author,
    agent_id: m.agent ? (agents.get(m.agent) ?? null) : null,
    sent_at: m.at,
    internal: m.internal,
  };
}

/** A ticket with its history and messages, by external id. */
export async function getTicket(db: Db, workspaceId: string, externalId: string): Promise<TTicket> {
  const [row] = await store.ticketsByExternalIds(db, workspaceId, [externalId], false);
  if (!row) throw notFound("ticket");
  const [history, messages] = await Promise.all([
    store.historiesOf(db, workspaceId, [row.id]),
    store.messagesOf(db, workspaceId, [row.id]),
  ]);
  return {
    id: row.id,
    externalId: row.external_id,
    customerExternalId: row.customer_external_id,
    channel: row.channel,
    priority: row.priority,
    topic: row.topic,
    subject: row.subject,
    team: row.team_external_id,
    assignee: row.assignee_external_id,
    status: ZTicketStatus.parse(row.status),
    createdAt: row.created_at.toISOString(),
    solvedAt: row.solved_at?.toISOString() ?? null,
    resolved: row.resolved,
    attributes: row.attributes,
    statusHistory: history.map((h) => ({
      status: ZTicketStatus.parse(h.status),
      at: h.changed_at.toISOString(),
    })),
    messages: messages.map((m) => ({
      externalId: m.external_id,
      author: m.author === "agent" || m.author === "bot" || m.author === "system" ? m.author : "customer",
      at: m.sent_at.toISOString(),
      internal: m.internal,
      agent: m.agent_external_id,
    })),
  };
}

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
    const written = await store.upsertMessages(
      trx,
      workspaceId,
      prepared.map((p) => messageWrite(p.message, p.ticketId, agents)),
      now,
    );
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
