/** Turns validated API records into parsed ones: instants read in the workspace time zone and checked. */
import { invalid } from "../http/errors.js";
import { parseInstant } from "./instants.js";
import type { TCallInput, TTicketInput, TTicketMessageInput } from "./schema.js";
import type { ParsedTicketInput } from "./ticket-state.js";

/** Data may run this far ahead of the server clock (clock skew) before it counts as "in the future". */
const FUTURE_SLACK_MS = 5 * 60_000;

export interface Clock {
  timeZone: string;
  now: Date;
}

/** The instant of a text field; AppError naming the field when it is no date or lies in the future. */
export function instant(text: string, field: string, clock: Clock): Date {
  const at = parseInstant(text, clock.timeZone);
  if (!at) throw invalid(field, `not a valid date-time: ${text}`);
  if (at.getTime() > clock.now.getTime() + FUTURE_SLACK_MS) throw invalid(field, "is in the future");
  return at;
}

function optionalInstant(text: string | null | undefined, field: string, clock: Clock) {
  return text == null ? undefined : instant(text, field, clock);
}

export function parseTicket(input: TTicketInput, prefix: string, clock: Clock): ParsedTicketInput {
  return {
    ...input,
    createdAt: optionalInstant(input.createdAt, `${prefix}createdAt`, clock),
    statusAt: optionalInstant(input.statusAt, `${prefix}statusAt`, clock),
    solvedAt: optionalInstant(input.solvedAt, `${prefix}solvedAt`, clock),
    statusHistory: input.statusHistory?.map((change, i) => ({
      status: change.status,
      at: instant(change.at, `${prefix}statusHistory.${i}.at`, clock),
    })),
  };
}

export interface ParsedMessage {
  externalId: string;
  author: TTicketMessageInput["author"];
  at: Date;
  internal: boolean;
  agent: string | null;
}

export function parseMessage(input: TTicketMessageInput, prefix: string, clock: Clock): ParsedMessage {
  return {
    externalId: input.externalId,
    author: input.author,
    at: instant(input.at, `${prefix}at`, clock),
    internal: input.internal,
    agent: input.agent ?? null,
  };
}

export interface ParsedCall {
  queuedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  talkMs: number | null;
  holdMs: number | null;
  acwMs: number | null;
}

const ms = (seconds: number | null | undefined) => (seconds == null ? null : Math.round(seconds * 1000));

/**
 * A call's instants and durations, checked as the queue metrics need them (metrics/support-calls.ts):
 * an answered call has answeredAt ≥ queuedAt and either a talk time or an end after answer + hold; an
 * abandoned call has endedAt ≥ queuedAt.
 */
export function parseCall(input: TCallInput, prefix: string, clock: Clock): ParsedCall {
  const queuedAt = instant(input.queuedAt, `${prefix}queuedAt`, clock);
  const answeredAt = optionalInstant(input.answeredAt, `${prefix}answeredAt`, clock) ?? null;
  const endedAt = optionalInstant(input.endedAt, `${prefix}endedAt`, clock) ?? null;
  const call = {
    queuedAt,
    answeredAt,
    endedAt,
    talkMs: ms(input.talkSeconds),
    holdMs: ms(input.holdSeconds),
    acwMs: ms(input.acwSeconds),
  };
  if (answeredAt && answeredAt < queuedAt) throw invalid(`${prefix}answeredAt`, "is before queuedAt");
  if (endedAt && endedAt < (answeredAt ?? queuedAt))
    throw invalid(`${prefix}endedAt`, answeredAt ? "is before answeredAt" : "is before queuedAt");
  if (input.outcome === "answered") {
    if (!answeredAt) throw invalid(`${prefix}answeredAt`, "is needed for an answered call");
    if (call.talkMs === null) {
      if (!endedAt) throw invalid(`${prefix}endedAt`, "give endedAt or talkSeconds for an answered call");
      if (endedAt.getTime() - answeredAt.getTime() < (call.holdMs ?? 0))
        throw invalid(`${prefix}holdSeconds`, "is longer than the call (endedAt − answeredAt)");
    }
  } else if (answeredAt) {
    throw invalid(`${prefix}answeredAt`, `a call that was ${input.outcome} has no answer time`);
  }
  if (input.outcome === "abandoned" && !endedAt)
    throw invalid(`${prefix}endedAt`, "is needed for an abandoned call (when the caller gave up)");
  return call;
}
