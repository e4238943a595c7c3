import type { ColumnType } from "kysely";

export interface BusinessSettingsTable {
  workspace_id: string;
  lost_kind: ColumnType<"subscriptionEnded" | "noPurchaseFor", string | undefined, string>;
  lost_days: ColumnType<number, number | undefined, number>;
  upsell_by: ColumnType<"product" | "category", string | undefined, string>;
  core_actions: ColumnType<string[], string[] | undefined, string[]>;
  clv_annual_revenue: ColumnType<number | null, number | null | undefined, number | null>;
  clv_relationship_years: ColumnType<number | null, number | null | undefined, number | null>;
  clv_cac: ColumnType<number | null, number | null | undefined, number | null>;
  clv_horizon_months: ColumnType<number, number | undefined, number>;
  clv_monthly_discount_rate: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ClvFitTable {
  workspace_id: string;
  id: string;
  calibration_end: ColumnType<string, string, never>;
  unit: string;
  horizon_months: number;
  monthly_discount_rate: number;
  /** The BG/NBD fit report; null when no customer had a repeat purchase. */
  purchases: ColumnType<unknown, string | null, never>;
  /** The Gamma-Gamma fit report; null without repeat buyers. */
  spend: ColumnType<unknown, string | null, never>;
  totals: ColumnType<unknown, string, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ClvPredictionTable {
  workspace_id: string;
  fit_id: string;
  customer_id: string;
  frequency: number;
  recency: number;
  age: number;
  monetary: number | null;
  probability_alive: number | null;
  expected_purchases: number | null;
  expected_spend: number | null;
  clv: number | null;
}

export interface BusinessTables {
  business_settings: BusinessSettingsTable;
  clv_fits: ClvFitTable;
  clv_predictions: ClvPredictionTable;
}
