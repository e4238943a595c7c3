import type { ColumnType, Selectable } from "kysely";

type Json<T> = ColumnType<T, string, string>;

export interface AlertRuleTable {
  workspace_id: string;
  id: string;
  name: string;
  enabled: boolean;
  events: Json<string[]>;
  survey_ids: ColumnType<string[] | null, string | null, string | null>;
  emails: Json<string[]>;
  webhook_url: string | null;
  webhook_secret: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface AlertDeliveryTable {
  workspace_id: string;
  id: string;
  dedupe_key: string;
  kind: string;
  channel: string;
  target: string;
  rule_id: string | null;
  digest_id: string | null;
  subject: string;
  text: string;
  html: string | null;
  payload: ColumnType<unknown, string | null, string | null>;
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  claimed_at: Date | null;
  sent_at: Date | null;
  detail: string | null;
  created_at: Date;
}

export interface AlertWatermarkTable {
  workspace_id: string;
  name: string;
  at: Date;
}

export interface AlertDigestTable {
  workspace_id: string;
  id: string;
  name: string;
  enabled: boolean;
  frequency: string;
  weekday: number;
  hour: number;
  recipients: Json<string[]>;
  language: string;
  survey_ids: ColumnType<string[] | null, string | null, string | null>;
  last_period_end: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface WarningRuleTable {
  workspace_id: string;
  id: string;
  name: string;
  enabled: boolean;
  metric: string;
  survey_id: string | null;
  category_id: string | null;
  segment_by: Json<string[]>;
  window_days: number;
  baseline_days: number;
  min_n: number;
  last_run_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface EarlyWarningTable {
  workspace_id: string;
  id: string;
  rule_id: string;
  dedupe_key: string;
  metric: string;
  segment_name: string | null;
  segment_value: string | null;
  window_from: Date;
  window_to: Date;
  baseline_from: Date;
  current_value: number;
  baseline_value: number;
  current_n: number;
  baseline_n: number;
  diff: number;
  z: number;
  p_value: number;
  created_at: Date;
}

export interface ReferralSettingsTable {
  workspace_id: string;
  enabled: boolean;
  landing_url: string | null;
  updated_at: Date;
}

export interface ReferralLinkTable {
  workspace_id: string;
  code: string;
  customer_id: string;
  response_id: string | null;
  visits: ColumnType<number, number | undefined, number>;
  signups: ColumnType<number, number | undefined, number>;
  last_visit_at: Date | null;
  created_at: Date;
}

export interface ReferralSignupTable {
  workspace_id: string;
  customer_id: string;
  code: string;
  created_at: Date;
}

export type AlertRuleRow = Selectable<AlertRuleTable>;
export type DeliveryRow = Selectable<AlertDeliveryTable>;
export type DigestRow = Selectable<AlertDigestTable>;
export type WarningRuleRow = Selectable<WarningRuleTable>;
export type EarlyWarningRow = Selectable<EarlyWarningTable>;
export type ReferralLinkRow = Selectable<ReferralLinkTable>;

export interface AlertTables {
  alert_rules: AlertRuleTable;
  alert_deliveries: AlertDeliveryTable;
  alert_watermarks: AlertWatermarkTable;
  alert_digests: AlertDigestTable;
  warning_rules: WarningRuleTable;
  early_warnings: EarlyWarningTable;
  referral_settings: ReferralSettingsTable;
  referral_links: ReferralLinkTable;
  referral_signups: ReferralSignupTable;
}
