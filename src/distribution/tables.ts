import type { ColumnType, Generated, Selectable } from "kysely";
import type { Attributes } from "../surveys/schema.js";
import type { TDailyCaps, TQuietHours, TSmsProviderStored, TSmtpStored, TTriggerConfig } from "./schema.js";

type Json<T> = ColumnType<T, string, string>;
type Created = ColumnType<Date, Date | undefined, never>;
type Updated = ColumnType<Date, Date | undefined, Date>;

export interface EventTable {
  workspace_id: string;
  id: string;
  external_id: string | null;
  type: string;
  customer_id: string;
  properties: Json<Attributes>;
  occurred_at: Date;
  created_at: Created;
}

export interface TriggerTable {
  workspace_id: string;
  id: string;
  name: string;
  enabled: boolean;
  survey_id: string;
  channel: string;
  /** `event`, `schedule` or `page`, copied from the rule for the indexes. */
  kind: string;
  event_type: string | null;
  config: Json<TTriggerConfig>;
  /** Schedules only: the next occurrence, and how far the current occurrence has got through customers. */
  next_run_at: Date | null;
  run_cursor: string | null;
  created_at: Created;
  updated_at: Updated;
}

export interface InvitationTable {
  workspace_id: string;
  id: string;
  /** What makes the invitation unique: trigger + event, or trigger + occurrence + customer. */
  dedupe_key: string;
  trigger_id: string | null;
  survey_id: string;
  customer_id: string;
  event_id: string | null;
  channel: string;
  status: string;
  reason: string | null;
  detail: string | null;
  language: string | null;
  attributes: Json<Attributes>;
  send_at: Date;
  attempts: Generated<number>;
  claimed_at: Date | null;
  /** Set when the invitation passed throttling and caps: from then on it counts as a contact. */
  contacted_at: Date | null;
  sent_at: Date | null;
  opened_at: Date | null;
  answered_at: Date | null;
  token_hash: string | null;
  /** The personal link, kept only for the `link` channel, whose delivery is handing the link over. */
  link_url: string | null;
  last_click_at: Date | null;
  last_click_value: number | null;
  created_at: Created;
  updated_at: Updated;
}

export interface SuppressionTable {
  workspace_id: string;
  customer_id: string;
  /** `all` (unsubscribed) or one channel (e.g. `email` after a hard bounce). */
  channel: string;
  reason: string;
  detail: string | null;
  created_at: Created;
}

export interface OutboxTable {
  workspace_id: string;
  id: string;
  invitation_id: string | null;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  headers: Json<Record<string, string>>;
  created_at: Created;
}

export interface DailySendTable {
  workspace_id: string;
  channel: string;
  /** The local day in the workspace's time zone, `YYYY-MM-DD`. */
  day: ColumnType<string, string, string>;
  sent: number;
}

export interface DistributionSettingsTable {
  workspace_id: string;
  recontact_days: number;
  quiet_hours: Json<TQuietHours> | null;
  daily_caps: Json<TDailyCaps>;
  smtp: Json<TSmtpStored> | null;
  sms: Json<TSmsProviderStored> | null;
  widget_key: string;
  allowed_origins: string[];
  updated_at: Updated;
}

export type EventRow = Selectable<EventTable>;
export type TriggerRow = Selectable<TriggerTable>;
export type InvitationRow = Selectable<InvitationTable>;
export type SettingsRow = Selectable<DistributionSettingsTable>;
export type OutboxRow = Selectable<OutboxTable>;

export interface DistributionTables {
  events: EventTable;
  survey_triggers: TriggerTable;
  invitations: InvitationTable;
  suppressions: SuppressionTable;
  distribution_outbox: OutboxTable;
  distribution_daily_sends: DailySendTable;
  distribution_settings: DistributionSettingsTable;
}
