import type { ColumnType, Selectable } from "kysely";
import type { Attributes } from "../surveys/schema.js";

/** A nullable column that inserts may leave out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface CustomerTable {
  workspace_id: string;
  id: string;
  external_id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  language: string | null;
  time_zone: string | null;
  attributes: ColumnType<Attributes, string, string>;
  /** When the customer became one in the company's own system (signup), as imported; null = unknown. */
  acquired_at: Optional<Date>;
  acquisition_channel: Optional<string>;
  /** Who referred the customer (their external id or a referral code); null = not referred. */
  referred_by: Optional<string>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type CustomerRow = Selectable<CustomerTable>;

export interface OrderTable {
  workspace_id: string;
  id: string;
  external_id: string;
  customer_id: string;
  ordered_at: ColumnType<Date, Date | string, Date | string>;
  amount: ColumnType<number, number | string, number | string>;
  currency: Optional<string>;
  product: Optional<string>;
  category: Optional<string>;
  quantity: Optional<number>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SubscriptionTable {
  workspace_id: string;
  id: string;
  external_id: string;
  customer_id: string;
  plan: Optional<string>;
  mrr: ColumnType<number, number | string, number | string>;
  currency: Optional<string>;
  started_at: ColumnType<Date, Date | string, Date | string>;
  ended_at: Optional<Date>;
  cancelled_at: Optional<Date>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type CostKind = "acquisition" | "retention" | "support";

export interface CostTable {
  workspace_id: string;
  id: string;
  external_id: string;
  kind: CostKind;
  name: Optional<string>;
  /** First local day of the period. */
  period_start: ColumnType<string, string, string>;
  /** The local day after the period (exclusive). */
  period_end: ColumnType<string, string, string>;
  amount: ColumnType<number, number | string, number | string>;
  currency: Optional<string>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface UsageEventTable {
  workspace_id: string;
  id: string;
  external_id: string;
  customer_id: string;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  name: string;
  /** Seconds; present on sessions (visits), absent on single actions. */
  duration: Optional<number>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** Validated rows of a CSV import waiting to be applied in one transaction. */
export interface ImportRowTable {
  workspace_id: string;
  import_id: string;
  line: number;
  payload: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface CustomerTables {
  customers: CustomerTable;
  orders: OrderTable;
  subscriptions: SubscriptionTable;
  costs: CostTable;
  usage_events: UsageEventTable;
  import_rows: ImportRowTable;
}
