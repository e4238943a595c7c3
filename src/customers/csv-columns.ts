/**
 * The CSV column format of each entity (docs/customer-data.md): a header row of snake_case names, one
 * record per row. A row becomes the entity's API input here; the API's schema then checks it, so a file
 * is held to the same rules as a JSON call and its problems name the column.
 */
import type { TEntity } from "./schema.js";

type Kind = "text" | "number";

interface Column {
  /** The API field the column fills. */
  field: string;
  kind: Kind;
  required?: boolean;
}

const text = (field: string, required = false): Column => ({ field, kind: "text", required });
const number = (field: string, required = false): Column => ({ field, kind: "number", required });

/** Every known column of each entity. Customers also take any other column as an attribute. */
export const CSV_COLUMNS: Record<TEntity, Record<string, Column>> = {
  customers: {
    external_id: text("externalId", true),
    email: text("email"),
    phone: text("phone"),
    name: text("name"),
    language: text("language"),
    time_zone: text("timeZone"),
    created_at: text("createdAt"),
    acquisition_channel: text("acquisitionChannel"),
    referred_by: text("referredBy"),
  },
  orders: {
    external_id: text("externalId", true),
    customer_id: text("customerExternalId", true),
    ordered_at: text("orderedAt", true),
    amount: number("amount", true),
    currency: text("currency"),
    product: text("product"),
    category: text("category"),
    quantity: number("quantity"),
  },
  subscriptions: {
    external_id: text("externalId", true),
    customer_id: text("customerExternalId", true),
    plan: text("plan"),
    mrr: number("mrr", true),
    currency: text("currency"),
    started_at: text("startedAt", true),
    ended_at: text("endedAt"),
    cancelled_at: text("cancelledAt"),
  },
  costs: {
    external_id: text("externalId"),
    kind: text("kind", true),
    name: text("name"),
    month: text("month"),
    period_start: text("periodStart"),
    period_end: text("periodEnd"),
    amount: number("amount", true),
    currency: text("currency"),
  },
  usage: {
    external_id: text("externalId"),
    customer_id: text("customerExternalId", true),
    occurred_at: text("occurredAt", true),
    name: text("name", true),
    duration: number("duration"),
  },
};

/** The column a field came from, for problem messages. */
export function columnOfField(entity: TEntity, field: string): string {
  const top = field.split(".")[0] ?? field;
  if (entity === "customers" && top === "attributes") return field.split(".")[1] ?? field;
  if (entity === "costs" && (top === "periodStart" || top === "periodEnd")) {
    return top === "periodStart" ? "period_start" : "period_end";
  }
  for (const [name, column] of Object.entries(CSV_COLUMNS[entity])) if (column.field === top) return name;
  return field;
}

/** Checks a header: required columns present, no unknown or repeated ones (customers: unknown = attribute). */
export function checkHeader(entity: TEntity, header: readonly string[]): string[] {
  const problems: string[] = [];
  const columns = CSV_COLUMNS[entity];
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) problems.push(`column "${name}" appears twice`);
    seen.add(name);
    if (!name) problems.push("a column has no name");
    else if (!(name in columns) && entity !== "customers") {
      problems.push(`unknown column "${name}"; known: ${Object.keys(columns).join(", ")}`);
    }
  }
  for (const [name, column] of Object.entries(columns)) {
    if (column.required && !seen.has(name)) problems.push(`missing column "${name}"`);
  }
  if (entity === "costs" && !seen.has("month") && !(seen.has("period_start") && seen.has("period_end"))) {
    problems.push('give the period as "month" (2026-03) or as "period_start" and "period_end"');
  }
  return problems;
}

/** A number as a CSV cell may hold it (no thousands separators). */
export const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export type RowResult =
  | { ok: true; input: Record<string, unknown> }
  | { ok: false; column: string; message: string };

/** The last day of a `YYYY-MM` month. */
function lastDayOfMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y ?? 0, m ?? 1, 0));
  return d.toISOString().slice(0, 10);
}

/** A CSV row (header → cell) as the entity's API input; empty cells are left out. */
export function rowToInput(entity: TEntity, row: Record<string, string>): RowResult {
  const columns = CSV_COLUMNS[entity];
  const input: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  for (const [name, raw] of Object.entries(row)) {
    const cell = raw.trim();
    if (cell === "") continue;
    const column = columns[name];
    if (!column) {
      attributes[name] = cell;
      continue;
    }
    if (column.kind === "number") {
      if (!NUMBER_RE.test(cell)) {
        return { ok: false, column: name, message: `expected a number like 1234.50, got "${cell}"` };
      }
      input[column.field] = Number(cell);
    } else {
      input[column.field] = cell;
    }
  }
  if (entity === "customers" && Object.keys(attributes).length) input.attributes = attributes;
  if (entity === "costs" && typeof input.month === "string") {
    const month = input.month;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      return { ok: false, column: "month", message: `expected a month like 2026-03, got "${month}"` };
    }
    input.periodStart ??= `${month}-01`;
    input.periodEnd ??= lastDayOfMonth(month);
  }
  delete input.month;
  return { ok: true, input };
}
