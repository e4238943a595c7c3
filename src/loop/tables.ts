import type { ColumnType, Selectable } from "kysely";

type Json<T> = ColumnType<T, string, string>;

/** Which answers a routing rule takes; every given clause must hold. */
export interface RuleConditions {
  groups?: string[];
  categoryIds?: string[];
  surveyIds?: string[];
  /** A segment by attribute: the response's or customer's attribute has one of the values. */
  attribute?: { name: string; values: string[] };
}

export interface RoutingRuleTable {
  workspace_id: string;
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: Json<RuleConditions>;
  team: string | null;
  owner_id: string | null;
  due_hours: number;
  promo_pool_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CaseTable {
  workspace_id: string;
  id: string;
  response_id: string;
  survey_id: string;
  customer_id: string | null;
  rule_id: string | null;
  status: string;
  team: string | null;
  owner_id: string | null;
  score_group: string | null;
  language: string;
  summary: string;
  promo_code: string | null;
  due_at: Date;
  created_at: Date;
  updated_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
}

export interface CaseEventTable {
  workspace_id: string;
  id: string;
  case_id: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  user_id: string | null;
  created_at: Date;
}

export interface NotificationOutboxTable {
  workspace_id: string;
  id: string;
  case_id: string | null;
  customer_id: string | null;
  channel: string;
  recipient: string | null;
  language: string;
  template: string;
  subject: string;
  body: string;
  status: ColumnType<string, string | undefined, string>;
  created_at: Date;
  sent_at: Date | null;
  attempts: ColumnType<number, number | undefined, number>;
  /** When the sender may try it (next); set when queued. */
  next_attempt_at: Date | null;
  claimed_at: Date | null;
  /** What the mail server or SMS provider answered. */
  detail: string | null;
}

export interface PromoPoolTable {
  workspace_id: string;
  id: string;
  name: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface PromoCodeTable {
  workspace_id: string;
  pool_id: string;
  code: string;
  case_id: string | null;
  assigned_at: Date | null;
}

export type RoutingRuleRow = Selectable<RoutingRuleTable>;
export type CaseRow = Selectable<CaseTable>;
export type CaseEventRow = Selectable<CaseEventTable>;
export type OutboxRow = Selectable<NotificationOutboxTable>;

export interface LoopTables {
  routing_rules: RoutingRuleTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  notification_outbox: NotificationOutboxTable;
  promo_pools: PromoPoolTable;
  promo_codes: PromoCodeTable;
}
