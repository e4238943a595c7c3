import type { ColumnType, Selectable } from "kysely";
import type { Attributes } from "../surveys/schema.js";

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
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type CustomerRow = Selectable<CustomerTable>;

export interface CustomerTables {
  customers: CustomerTable;
}
