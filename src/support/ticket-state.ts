/**
 * How ticket records (API rows, CSV lines, webhook calls) combine into one stored ticket. Records for the
 * same external id apply in order: given fields overwrite, absent ones keep what is stored, and status
 * changes merge into the history, which the metrics read in time order (ties in arrival order).
 */
import { invalid } from "../http/errors.js";
import { closedAtMs, isClosedStatus, type TicketStatus } from "../metrics/support.js";
import type { Attributes, TCustomerRef } from "../surveys/schema.js";

export interface HistoryEntry {
  seq: number;
  status: TicketStatus;
  at: Date;
  /** Not yet stored. */
  added?: boolean;
}

/** A ticket record with its instants parsed. */
export interface ParsedTicketInput {
  externalId: string;
  createdAt?: Date;
  channel?: string;
  priority?: string | null;
  topic?: string | null;
  subject?: string | null;
  team?: string | null;
  assignee?: string | null;
  customer?: TCustomerRef | null;
  status?: TicketStatus;
  statusAt?: Date;
  statusHistory?: { status: TicketStatus; at: Date }[];
  solvedAt?: Date;
  resolved?: boolean | null;
  attributes?: Attributes;
}

/** The merged ticket; team, assignee and customer are external ids or references. */
export interface TicketState {
  isNew: boolean;
  createdAt: Date | null;
  channel: string | null;
  priority: string | null;
  topic: string | null;
  subject: string | null;
  team: string | null;
  assignee: string | null;
  /** The stored customer's internal id; replaced when a record names a customer. */
  customerId: string | null;
  /** A customer named by a record (undefined: keep `customerId`; null: none). */
  customerRef: TCustomerRef | null | undefined;
  attributes: Attributes;
  resolvedFlag: boolean | null;
  history: HistoryEntry[];
}

export function emptyTicketState(): TicketState {
  return {
    isNew: true,
    createdAt: null,
    channel: null,
    priority: null,
    topic: null,
    subject: null,
    team: null,
    assignee: null,
    customerId: null,
    customerRef: undefined,
    attributes: {},
    resolvedFlag: null,
    history: [],
  };
}

const byTime = (a: HistoryEntry, b: HistoryEntry) => a.at.getTime() - b.at.getTime() || a.seq - b.seq;

/** The history in the order the metrics read it: by time, ties in arrival order. */
export const sortedHistory = (history: readonly HistoryEntry[]) => [...history].sort(byTime);

function currentStatus(state: TicketState): TicketStatus {
  return sortedHistory(state.history).at(-1)?.status ?? "new";
}

function addChange(state: TicketState, status: TicketStatus, at: Date, field: string) {
  if (state.createdAt && at.getTime() < state.createdAt.getTime())
    throw invalid(field, `is before the ticket was created (${state.createdAt.toISOString()})`);
  if (state.history.some((e) => e.status === status && e.at.getTime() === at.getTime())) return;
  const seq = Math.max(0, ...state.history.map((e) => e.seq)) + 1;
  state.history.push({ seq, status, at, added: true });
}

/** Applies one record to the ticket (in place); AppError naming the field when it cannot apply. */
export function applyTicketInput(state: TicketState, input: ParsedTicketInput, prefix: string): void {
  if (input.createdAt) {
    const first = sortedHistory(state.history)[0];
    if (first && first.at.getTime() < input.createdAt.getTime())
      throw invalid(`${prefix}createdAt`, `is after the ticket's status change at ${first.at.toISOString()}`);
    state.createdAt = input.createdAt;
  }
  if (!state.createdAt) throw invalid(`${prefix}createdAt`, "is needed for a new ticket");
  if (input.channel !== undefined) state.channel = input.channel;
  if (!state.channel) throw invalid(`${prefix}channel`, "is needed for a new ticket");
  if (input.priority !== undefined) state.priority = input.priority;
  if (input.topic !== undefined) state.topic = input.topic;
  if (input.subject !== undefined) state.subject = input.subject;
  if (input.team !== undefined) state.team = input.team;
  if (input.assignee !== undefined) state.assignee = input.assignee;
  if (input.customer !== undefined) state.customerRef = input.customer;
  if (input.attributes) state.attributes = { ...state.attributes, ...input.attributes };
  if (input.resolved !== undefined) state.resolvedFlag = input.resolved;

  input.statusHistory?.forEach((change, i) => {
    addChange(state, change.status, change.at, `${prefix}statusHistory.${i}.at`);
  });
  if (input.status) {
    const at = input.statusAt ?? (isClosedStatus(input.status) ? input.solvedAt : undefined);
    if (at) addChange(state, input.status, at, `${prefix}${input.statusAt ? "statusAt" : "solvedAt"}`);
    else if (isClosedStatus(input.status))
      throw invalid(
        `${prefix}statusAt`,
        `give statusAt or solvedAt: when did the ticket become ${input.status}?`,
      );
    else if (state.isNew && state.history.length === 0) {
      if (input.status !== "new") addChange(state, input.status, state.createdAt, `${prefix}status`);
    } else if (currentStatus(state) !== input.status)
      throw invalid(
        `${prefix}statusAt`,
        `is needed to record the change from ${currentStatus(state)} to ${input.status}`,
      );
  }
  const solvedAt = input.solvedAt;
  if (solvedAt) {
    const recorded = state.history.some(
      (e) => isClosedStatus(e.status) && e.at.getTime() === solvedAt.getTime(),
    );
    if (!recorded) addChange(state, "solved", solvedAt, `${prefix}solvedAt`);
  }
}

export interface TicketOutcome {
  status: TicketStatus;
  /** When the ticket last became solved or closed, if it is closed now (null while open). */
  solvedAt: Date | null;
  /** The source's flag, else: closed now, and its last close went through "solved". */
  resolved: boolean;
  hasHistory: boolean;
}

/** The derived columns of a merged ticket. */
export function ticketOutcome(state: TicketState): TicketOutcome {
  const history = sortedHistory(state.history);
  const closed = closedAtMs({ ...kernelShape(state), statusHistory: history }, Number.POSITIVE_INFINITY);
  let runStart = -1;
  history.forEach((e, i) => {
    if (!isClosedStatus(e.status)) runStart = -1;
    else if (runStart < 0) runStart = i;
  });
  const wentThroughSolved = runStart >= 0 && history.slice(runStart).some((e) => e.status === "solved");
  return {
    status: history.at(-1)?.status ?? "new",
    solvedAt: closed === null ? null : new Date(closed),
    resolved: state.resolvedFlag ?? (closed !== null && wentThroughSolved),
    hasHistory: history.length > 0,
  };
}

function kernelShape(state: TicketState) {
  return {
    id: "",
    customerId: "",
    channel: state.channel ?? "",
    createdAt: state.createdAt ?? new Date(0),
    messages: [],
  };
}
