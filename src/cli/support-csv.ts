/**
 * CSV rows of help-desk exports → support API records. Each kind has a fixed set of columns (docs/support.md);
 * headers match case-insensitively with spaces and dashes read as "_", and `--column field=Header` maps a
 * file's own header to a field. Enum values accept the spellings help desks use (hold → on_hold,
 * end-user → customer …).
 */
import type { TCallInput, TMessageInput, TTicketInput, TTicketStatus } from "../support/schema.js";

export type SupportKind = "tickets" | "messages" | "calls";
export type Row = Record<string, string>;

/** CSV column → API field path (for naming the column of a problem the API reports). */
export const COLUMNS: Record<SupportKind, Record<string, string>> = {
  tickets: {
    external_id: "externalId",
    created_at: "createdAt",
    channel: "channel",
    priority: "priority",
    topic: "topic",
    subject: "subject",
    team: "team",
    assignee: "assignee",
    customer_id: "customer.externalId",
    customer_email: "customer.email",
    customer_name: "customer.name",
    customer_phone: "customer.phone",
    status: "status",
    status_at: "statusAt",
    solved_at: "solvedAt",
    resolved: "resolved",
  },
  messages: {
    external_id: "externalId",
    ticket_id: "ticket",
    author: "author",
    at: "at",
    internal: "internal",
    agent: "agent",
  },
  calls: {
    external_id: "externalId",
    outcome: "outcome",
    channel: "channel",
    queued_at: "queuedAt",
    answered_at: "answeredAt",
    ended_at: "endedAt",
    talk_seconds: "talkSeconds",
    hold_seconds: "holdSeconds",
    acw_seconds: "acwSeconds",
    agent: "agent",
    team: "team",
    customer_id: "customer.externalId",
    ticket_id: "ticket",
  },
};

const REQUIRED: Record<SupportKind, string[]> = {
  tickets: ["external_id"],
  messages: ["external_id", "ticket_id", "author", "at"],
  calls: ["external_id", "outcome", "queued_at"],
};

export const normalizeHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

/**
 * Which file header feeds each column: `--column` mappings first, then headers named like the column.
 * Throws when a required column is missing; lists the headers nobody reads.
 */
export function headerMap(kind: SupportKind, headers: string[], mappings: Record<string, string>) {
  const columns = COLUMNS[kind];
  const byColumn = new Map<string, string>();
  for (const [column, header] of Object.entries(mappings)) {
    if (!(column in columns))
      throw new Error(`--column ${column}=…: ${kind} have no column ${column} (see docs/support.md)`);
    const found =
      headers.find((h) => h === header) ??
      headers.find((h) => normalizeHeader(h) === normalizeHeader(header));
    if (!found) throw new Error(`--column ${column}=${header}: the file has no header "${header}"`);
    byColumn.set(column, found);
  }
  for (const h of headers) {
    const column = normalizeHeader(h);
    if (column in columns && !byColumn.has(column)) byColumn.set(column, h);
  }
  const missing = REQUIRED[kind].filter((c) => !byColumn.has(c));
  if (missing.length) throw new Error(`the file has no ${missing.join(", ")} column (see docs/support.md)`);
  const used = new Set(byColumn.values());
  return { byColumn, ignored: headers.filter((h) => !used.has(h)) };
}

export type Converted<T> = { ok: true; value: T } | { ok: false; column: string; message: string };

class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

const STATUS: Record<string, TTicketStatus> = {
  new: "new",
  open: "open",
  opened: "open",
  pending: "pending",
  hold: "on_hold",
  on_hold: "on_hold",
  solved: "solved",
  resolved: "solved",
  completed: "solved",
  closed: "closed",
  spam: "closed",
  новый: "new",
  открыт: "open",
  в_работе: "open",
  ожидает: "pending",
  в_ожидании: "pending",
  отложен: "on_hold",
  выполнен: "solved",
  решён: "solved",
  решен: "solved",
  закрыт: "closed",
  спам: "closed",
};
const AUTHOR: Record<string, TMessageInput["author"]> = {
  customer: "customer",
  client: "customer",
  end_user: "customer",
  requester: "customer",
  agent: "agent",
  admin: "agent",
  operator: "agent",
  staff: "agent",
  bot: "bot",
  system: "system",
  trigger: "system",
  automation: "system",
  клиент: "customer",
  агент: "agent",
  оператор: "agent",
  сотрудник: "agent",
  бот: "bot",
  система: "system",
};
const OUTCOME: Record<string, TCallInput["outcome"]> = {
  answered: "answered",
  abandoned: "abandoned",
  missed: "abandoned",
  blocked: "blocked",
  busy: "blocked",
  failed: "blocked",
  отвечен: "answered",
  принят: "answered",
  пропущен: "abandoned",
  занято: "blocked",
};

function reader(row: Row, byColumn: Map<string, string>) {
  const text = (column: string): string | undefined => {
    const header = byColumn.get(column);
    const value = header === undefined ? undefined : row[header]?.trim();
    return value === "" ? undefined : value;
  };
  const oneOf = <T extends string>(column: string, table: Record<string, T>): T | undefined => {
    const value = text(column);
    if (value === undefined) return undefined;
    const mapped = table[normalizeHeader(value)];
    if (!mapped)
      throw new CellError(
        column,
        `unknown value "${value}" (use ${[...new Set(Object.values(table))].join(", ")})`,
      );
    return mapped;
  };
  const bool = (column: string) => {
    const value = text(column)?.toLowerCase();
    if (value === undefined) return undefined;
    if (["true", "yes", "1", "y", "да"].includes(value)) return true;
    if (["false", "no", "0", "n", "нет"].includes(value)) return false;
    throw new CellError(column, `expected true or false, got "${value}"`);
  };
  /** Seconds as a number (12.5) or a duration hh:mm:ss / mm:ss. */
  const seconds = (column: string) => {
    const value = text(column);
    if (value === undefined) return undefined;
    const parts = value.split(":");
    const numbers = parts.map((p) => Number(p.replace(",", ".")));
    if (parts.length > 3 || numbers.some((n) => !Number.isFinite(n) || n < 0))
      throw new CellError(column, `expected seconds or hh:mm:ss, got "${value}"`);
    return numbers.reduce((total, n) => total * 60 + n, 0);
  };
  const required = <T>(column: string, value: T | undefined): T => {
    if (value === undefined) throw new CellError(column, "is empty");
    return value;
  };
  return { text, oneOf, bool, seconds, required };
}

function customer(r: ReturnType<typeof reader>) {
  const externalId = r.text("customer_id");
  const email = r.text("customer_email");
  if (!externalId) {
    if (email || r.text("customer_name") || r.text("customer_phone"))
      throw new CellError("customer_id", "is needed with customer_email, customer_name or customer_phone");
    return undefined;
  }
  return { externalId, email, name: r.text("customer_name"), phone: r.text("customer_phone") };
}

function convert<T>(f: () => T): Converted<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof CellError) return { ok: false, column: e.column, message: e.message };
    throw e;
  }
}

/** One ticket record per row; several rows of one ticket (an audit log) apply in file order. */
export function rowToTicket(row: Row, byColumn: Map<string, string>): Converted<TTicketInput> {
  const r = reader(row, byColumn);
  return convert(() => ({
    externalId: r.text("external_id") ?? "",
    createdAt: r.text("created_at"),
    channel: r.text("channel")?.toLowerCase(),
    priority: r.text("priority"),
    topic: r.text("topic"),
    subject: r.text("subject"),
    team: r.text("team"),
    assignee: r.text("assignee"),
    customer: customer(r),
    status: r.oneOf("status", STATUS),
    statusAt: r.text("status_at"),
    solvedAt: r.text("solved_at"),
    resolved: r.bool("resolved"),
  }));
}

export function rowToMessage(row: Row, byColumn: Map<string, string>): Converted<TMessageInput> {
  const r = reader(row, byColumn);
  return convert(() => ({
    externalId: r.text("external_id") ?? "",
    ticket: r.text("ticket_id") ?? "",
    author: r.required("author", r.oneOf("author", AUTHOR)),
    at: r.text("at") ?? "",
    internal: r.bool("internal") ?? false,
    agent: r.text("agent"),
  }));
}

export function rowToCall(row: Row, byColumn: Map<string, string>): Converted<TCallInput> {
  const r = reader(row, byColumn);
  const customerId = r.text("customer_id");
  return convert(() => ({
    externalId: r.text("external_id") ?? "",
    outcome: r.required("outcome", r.oneOf("outcome", OUTCOME)),
    channel: r.text("channel")?.toLowerCase() ?? "phone",
    queuedAt: r.text("queued_at") ?? "",
    answeredAt: r.text("answered_at"),
    endedAt: r.text("ended_at"),
    talkSeconds: r.seconds("talk_seconds"),
    holdSeconds: r.seconds("hold_seconds"),
    acwSeconds: r.seconds("acw_seconds"),
    agent: r.text("agent"),
    team: r.text("team"),
    customer: customerId ? { externalId: customerId } : undefined,
    ticket: r.text("ticket_id"),
  }));
}

/** The CSV column of an API field path such as `tickets.3.customer.email` (its row prefix removed). */
export function columnOfField(kind: SupportKind, field: string, byColumn: Map<string, string>): string {
  const path = field.replace(/^(tickets|messages|calls)\.\d+\./, "");
  const column = Object.entries(COLUMNS[kind]).find(([, f]) => f === path)?.[0];
  return column ? (byColumn.get(column) ?? column) : path;
}
