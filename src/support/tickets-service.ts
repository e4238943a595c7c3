/**
 * Ticket ingestion: records of one ticket apply in order (ticket-state.ts), the whole batch is checked
 * before anything is written, and tickets, their new status changes and embedded messages are written in
 * one transaction.
 */
import { upsertCustomers } from "../customers/service.js";
import type { Db } from "../db/connection.js";
import { invalid, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import { checkBatch, clockOf, type IngestOptions, messageWrite, type Prefix, Problems } from "./batch.js";
import { refreshTicketFacts, ticketsOfMessages } from "./facts-store.js";
import { type Clock, type ParsedMessage, parseMessage, parseTicket } from "./parse.js";
import type { TIngestResult, TTicket, TTicketInput } from "./schema.js";
import { ZTicketStatus } from "./schema.js";
import * as store from "./store.js";
import {
  applyTicketInput,
  emptyTicketState,
  type HistoryEntry,
  type TicketState,
  ticketOutcome,
} from "./ticket-state.js";

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
  const historyOf = new Map<string, HistoryEntry[]>();
  for (const h of histories) {
    const list = historyOf.get(h.ticket_id) ?? [];
    list.push({ seq: h.seq, status: ZTicketStatus.parse(h.status), at: h.changed_at });
    historyOf.set(h.ticket_id, list);
  }
  const tickets = new Map<string, PreparedTicket>();
  for (const row of stored) {
    const history = historyOf.get(row.id) ?? [];
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
    // One ticket writer per workspace at a time: records of one ticket merge with what is stored, so two
    // writers must not both start from the same stored state.
    await store.lockTicketWrites(trx, workspaceId);
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
    const messages = tickets.flatMap((t) =>
      t.messages.map((m) => messageWrite(m, idOf(t.externalId), agents)),
    );
    // A re-sent message may move from another ticket, whose facts change too.
    const before = await ticketsOfMessages(
      trx,
      workspaceId,
      messages.map((m) => m.external_id),
    );
    await store.upsertMessages(trx, workspaceId, messages, now);
    await refreshTicketFacts(
      trx,
      workspaceId,
      [...ids.values(), ...before],
      tickets.map((t) => t.state.customerId),
    );
    return inputs.map((input) => ({ id: idOf(input.externalId), externalId: input.externalId }));
  });
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
