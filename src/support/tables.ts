import type { ColumnType, GeneratedAlways, Selectable } from "kysely";
import type { Attributes } from "../surveys/schema.js";

type Json<T> = ColumnType<T, string, string>;
/** A nullable column that inserts may leave out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Stamp = ColumnType<Date, Date | undefined, Date>;

export interface SupportTeamTable {
  workspace_id: string;
  id: string;
  external_id: string;
  name: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: Stamp;
}

export interface SupportAgentTable {
  workspace_id: string;
  id: string;
  external_id: string;
  name: string;
  email: Optional<string>;
  team_id: Optional<string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: Stamp;
}

export interface SupportTicketTable {
  workspace_id: string;
  id: string;
  external_id: string;
  customer_id: string | null;
  channel: string;
  priority: string | null;
  topic: string | null;
  subject: string | null;
  team_id: string | null;
  assignee_id: string | null;
  /** The latest status of the history (or "new"). */
  status: string;
  /** When the customer opened the ticket (not when it was ingested). */
  created_at: Date;
  /** When the ticket last became solved or closed, if it is now; derived from the history. */
  solved_at: Date | null;
  /** The effective resolution flag: `resolved_flag` when the source gave one, else derived. */
  resolved: boolean;
  resolved_flag: boolean | null;
  has_history: boolean;
  attributes: Json<Attributes>;
  /** Facts of everything known, kept by ingestion (migration 0010-support-facts explains their use). */
  first_closed_at: Optional<Date>;
  reopened: ColumnType<boolean, boolean | undefined, boolean>;
  /** The latest status change: from then on the state is the current one (migration 0013). */
  last_change_at: Optional<Date>;
  /** The first ticket of the same customer and topic created after the first close (FCR re-contact). */
  next_contact_at: Optional<Date>;
  first_reply_at: Optional<Date>;
  first_bot_at: Optional<Date>;
  last_reply_at: Optional<Date>;
  last_customer_at: Optional<Date>;
  ingested_at: ColumnType<Date, Date | undefined, never>;
  updated_at: Stamp;
}

export interface SupportTicketStatusTable {
  workspace_id: string;
  ticket_id: string;
  /** Arrival order; breaks ties between changes at the same instant. */
  seq: number;
  status: string;
  changed_at: Date;
}

export interface SupportMessageTable {
  workspace_id: string;
  id: string;
  external_id: string;
  ticket_id: string;
  author: string;
  agent_id: string | null;
  sent_at: Date;
  internal: boolean;
  ingested_at: ColumnType<Date, Date | undefined, never>;
  updated_at: Stamp;
}

export interface SupportCallTable {
  workspace_id: string;
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
  /** answered − queued and talk + hold + after-call work, in ms (generated; migration 0015). */
  wait_ms: GeneratedAlways<number | null>;
  handle_ms: GeneratedAlways<number | null>;
  ingested_at: ColumnType<Date, Date | undefined, never>;
  updated_at: Stamp;
}

export interface SupportCalendarTable {
  workspace_id: string;
  id: string;
  name: string;
  time_zone: string;
  week: Json<Record<string, { start: string; end: string }[]>>;
  holidays: Json<string[]>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: Stamp;
}

export interface SupportSlaPolicyTable {
  workspace_id: string;
  id: string;
  name: string;
  calendar_id: string | null;
  targets: Json<unknown>;
  is_default: boolean;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: Stamp;
}

/** A ticket's SLA target and deadlines under one policy content (`policy_hash`), with the fields they came from. */
export interface SupportSlaDeadlineTable {
  workspace_id: string;
  policy_hash: string;
  ticket_id: string;
  created_at: Date;
  channel: string;
  priority: string | null;
  topic: string | null;
  /** -1: no target matches. */
  target_index: number;
  target_name: string | null;
  reply_deadline: Date | null;
  resolution_deadline: Date | null;
  /** The ticket's first human reply this row was computed for, and its wait in business hours. */
  first_reply_at: Date | null;
  reply_business_ms: number | null;
  /** Copies of the ticket's, for counting per team and agent without reading the tickets. */
  team_id: string | null;
  assignee_id: string | null;
  /** The states below hold at any instant from this one on (the latest fact they rest on; 'infinity' while a clock is undecided). */
  facts_at: Date | null;
  /** Clock states no later instant changes (met, breached, notApplicable, untargeted); null: read live. */
  fr_state: string | null;
  fr_achieved_at: Date | null;
  res_state: string | null;
  res_achieved_at: Date | null;
}

export interface SupportSettingsTable {
  workspace_id: string;
  fcr_window_minutes: number;
  service_level_seconds: number;
  service_level_target: number;
  updated_at: Stamp;
}

export type SupportTicketRow = Selectable<SupportTicketTable>;
export type SupportMessageRow = Selectable<SupportMessageTable>;
export type SupportCallRow = Selectable<SupportCallTable>;
export type SupportAgentRow = Selectable<SupportAgentTable>;
export type SupportTeamRow = Selectable<SupportTeamTable>;
export type SupportCalendarRow = Selectable<SupportCalendarTable>;
export type SupportSlaPolicyRow = Selectable<SupportSlaPolicyTable>;

export interface SupportTables {
  support_teams: SupportTeamTable;
  support_agents: SupportAgentTable;
  support_tickets: SupportTicketTable;
  support_ticket_statuses: SupportTicketStatusTable;
  support_messages: SupportMessageTable;
  support_calls: SupportCallTable;
  support_calendars: SupportCalendarTable;
  support_sla_policies: SupportSlaPolicyTable;
  support_settings: SupportSettingsTable;
  support_sla_deadlines: SupportSlaDeadlineTable;
}
