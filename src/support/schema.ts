/**
 * Support data as the API and the CSV imports take it: tickets (with their status history and messages),
 * messages, calls, agents and teams. One zod schema per record is the API body, the CSV row (after column
 * mapping) and the OpenAPI type. References to agents, teams, tickets and customers are the caller's
 * external ids.
 */
import { z } from "zod";
import { ZAttributes, ZCustomerRef } from "../surveys/schema.js";
import { INSTANT_HINT, looksLikeInstant } from "./instants.js";

/** The most records one API call (or one import chunk) carries. */
export const MAX_BATCH = 1000;

export const ZTicketStatus = z.enum(["new", "open", "pending", "on_hold", "solved", "closed"]);
export type TTicketStatus = z.infer<typeof ZTicketStatus>;
export const ZMessageAuthor = z.enum(["customer", "agent", "bot", "system"]);
export const ZCallOutcome = z.enum(["answered", "abandoned", "blocked"]);

export const ZExternalId = z.string().trim().min(1).max(200);
/** A label such as a priority or topic; empty text means none. */
const ZLabel = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (v === "" ? null : v));
/** An instant as text; without a zone it is read in the workspace time zone (see instants.ts). */
export const ZInstantText = z.string().trim().refine(looksLikeInstant, { message: INSTANT_HINT });
const ZSeconds = z
  .number()
  .min(0, "must not be negative")
  .max(31 * 86_400, "longer than a month");

export const ZStatusChange = z.object({ status: ZTicketStatus, at: ZInstantText });

export const ZTicketMessageInput = z.object({
  externalId: ZExternalId,
  author: ZMessageAuthor,
  at: ZInstantText,
  /** An internal note, invisible to the customer: never a reply. */
  internal: z.boolean().default(false),
  /** The agent who wrote it (their external id), for agent messages. */
  agent: ZExternalId.nullish(),
});
export type TTicketMessageInput = z.infer<typeof ZTicketMessageInput>;

export const ZTicketInput = z.object({
  externalId: ZExternalId,
  /** When the customer opened the ticket; needed when the ticket is new. */
  createdAt: ZInstantText.optional(),
  /** email, chat, phone, messenger, social …; needed when the ticket is new. */
  channel: z.string().trim().min(1).max(40).optional(),
  priority: ZLabel.nullish(),
  topic: ZLabel.nullish(),
  subject: z.string().max(1000).nullish(),
  /** Team and assignee by external id; unknown ones are created (named by their id). */
  team: ZExternalId.nullish(),
  assignee: ZExternalId.nullish(),
  customer: ZCustomerRef.nullish(),
  /** The status the ticket moved to at `statusAt` (for solved/closed, `solvedAt` will do). */
  status: ZTicketStatus.optional(),
  statusAt: ZInstantText.optional(),
  /** Status changes; merged into the stored history (a change already there is not added twice). */
  statusHistory: z.array(ZStatusChange).max(1000).optional(),
  /** Records a close at this instant when the history does not already have one there. */
  solvedAt: ZInstantText.optional(),
  /** Resolved rather than closed as spam, duplicate …; null or absent: derived (see docs/support.md). */
  resolved: z.boolean().nullish(),
  attributes: ZAttributes.optional(),
  messages: z.array(ZTicketMessageInput).max(1000).optional(),
});
export type TTicketInput = z.infer<typeof ZTicketInput>;

export const ZMessageInput = ZTicketMessageInput.extend({
  /** The ticket's external id; the ticket must exist. */
  ticket: ZExternalId,
});
export type TMessageInput = z.infer<typeof ZMessageInput>;

export const ZCallInput = z.object({
  externalId: ZExternalId,
  outcome: ZCallOutcome,
  /** phone, chat, callback …; default phone. */
  channel: z.string().trim().min(1).max(40).default("phone"),
  /** When the call was offered: entered the queue or, if blocked, was attempted. */
  queuedAt: ZInstantText,
  /** Needed for answered calls. */
  answeredAt: ZInstantText.nullish(),
  /** Hang-up, or when an abandoning caller gave up (needed for abandoned calls). */
  endedAt: ZInstantText.nullish(),
  /** Talk time; absent: endedAt − answeredAt − hold. */
  talkSeconds: ZSeconds.nullish(),
  holdSeconds: ZSeconds.nullish(),
  /** After-call work (wrap-up). */
  acwSeconds: ZSeconds.nullish(),
  agent: ZExternalId.nullish(),
  team: ZExternalId.nullish(),
  customer: ZCustomerRef.nullish(),
  /** The ticket the call belongs to, if any (external id; must exist). */
  ticket: ZExternalId.nullish(),
});
export type TCallInput = z.infer<typeof ZCallInput>;

export const ZTeamInput = z.object({ externalId: ZExternalId, name: z.string().trim().min(1).max(200) });
export type TTeamInput = z.infer<typeof ZTeamInput>;

export const ZAgentInput = z.object({
  externalId: ZExternalId,
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().nullish(),
  team: ZExternalId.nullish(),
  active: z.boolean().optional(),
});
export type TAgentInput = z.infer<typeof ZAgentInput>;

export const ZIngestResult = z.object({ id: z.string(), externalId: z.string() });
export type TIngestResult = z.infer<typeof ZIngestResult>;

/** What is wrong with one row of a batch, by its index (for line-numbered import reports). */
export const ZRowProblem = z.object({ index: z.number(), field: z.string().optional(), message: z.string() });
export type TRowProblem = z.infer<typeof ZRowProblem>;

export const ZTeam = z.object({ id: z.string(), externalId: z.string(), name: z.string() });
export const ZAgent = z.object({
  id: z.string(),
  externalId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  team: z.string().nullable(),
  active: z.boolean(),
});

export const ZTicket = z.object({
  id: z.string(),
  externalId: z.string(),
  customerExternalId: z.string().nullable(),
  channel: z.string(),
  priority: z.string().nullable(),
  topic: z.string().nullable(),
  subject: z.string().nullable(),
  team: z.string().nullable(),
  assignee: z.string().nullable(),
  status: ZTicketStatus,
  createdAt: z.string(),
  solvedAt: z.string().nullable(),
  resolved: z.boolean(),
  attributes: ZAttributes,
  statusHistory: z.array(z.object({ status: ZTicketStatus, at: z.string() })),
  messages: z.array(
    z.object({
      externalId: z.string(),
      author: ZMessageAuthor,
      at: z.string(),
      internal: z.boolean(),
      agent: z.string().nullable(),
    }),
  ),
});
export type TTicket = z.infer<typeof ZTicket>;
