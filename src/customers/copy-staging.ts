/**
 * The staging table of a CSV import: a temporary table with the entity's record columns, filled with
 * COPY on one held connection, from which one transaction upserts into the target table. Temporary
 * tables are written without WAL and vanish with the session, so an aborted upload leaves nothing behind.
 *
 * On PostgreSQL the rows stream into one COPY as the file arrives, so checking in Node and writing in
 * PostgreSQL overlap; when PostgreSQL falls behind, adding waits (backpressure) rather than piling rows up
 * in memory. The embedded PGlite is a single connection shared by every request, so there the rows wait
 * in memory and the connection is taken only for the final copy and upsert.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { type CopyWriter, type DbSession, openSession, sessionsHoldable } from "../db/session.js";
import type { TEntity } from "./schema.js";
import { RECORD_COLUMNS, type Source } from "./source.js";

const TABLE = "import_staging";
/** The customers the records name, one row each: external id and the id it gets if new. */
const CUSTOMERS_TABLE = "import_customers";
/** Characters of COPY text gathered before they are sent. */
export const CHUNK_CHARS = 1 << 16;

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A value in COPY text format: `\N` for null, with backslash, tab and line breaks escaped. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text =
    typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : text;
}

/** What the upsert reads: the staged records, and the distinct customers they name when those were kept. */
export interface StagedSources {
  records: Source;
  customers: Source | null;
}

export class CopyStaging {
  readonly #columns: string[];
  #session: DbSession | undefined;
  #writer: CopyWriter | undefined;
  #buffer = "";
  /** Text waiting for the connection (PGlite). */
  #waiting: string[] = [];

  constructor(
    private readonly db: Db,
    private readonly entity: TEntity,
  ) {
    this.#columns = RECORD_COLUMNS[entity].split(", ").map((c) => c.split(" ")[0] ?? c);
  }

  /** Adds one record (keys as in records.ts) under its file line. */
  async add(line: number, record: Record<string, unknown>): Promise<void> {
    let row = String(line);
    for (const column of this.#columns) row += `\t${copyValue(record[column])}`;
    this.#buffer += `${row}\n`;
    if (this.#buffer.length >= CHUNK_CHARS) await this.#flush();
  }

  async #open(): Promise<DbSession> {
    if (!this.#session) {
      const session = await openSession(this.db);
      this.#session = session;
      await sql`drop table if exists ${sql.table(TABLE)}`.execute(session.db);
      await sql`create temp table ${sql.table(TABLE)} (ord integer, ${sql.raw(RECORD_COLUMNS[this.entity])})`.execute(
        session.db,
      );
    }
    return this.#session;
  }

  async #flush(): Promise<void> {
    const text = this.#buffer;
    this.#buffer = "";
    if (!text) return;
    if (!sessionsHoldable(this.db)) {
      this.#waiting.push(text);
      return;
    }
    if (!this.#writer) this.#writer = (await this.#open()).copy(TABLE, ["ord", ...this.#columns]);
    await this.#writer.write(text);
  }

  /**
   * Copies what is left and runs `apply` on the staged rows in one transaction on the session. The
   * records source is the staging table: `ord` (the file line) plus the record columns; with `customers`
   * (external id → id if new, first mention first) those go to a table of their own.
   */
  async apply<T>(
    customers: ReadonlyMap<string, string> | null,
    apply: (trx: Db, sources: StagedSources) => Promise<T>,
  ): Promise<T> {
    await this.#flush();
    const session = await this.#open();
    const writer = this.#writer ?? session.copy(TABLE, ["ord", ...this.#columns]);
    this.#writer = undefined;
    for (const text of this.#waiting.splice(0)) writer.write(text);
    await writer.end();
    if (customers) {
      await sql`drop table if exists ${sql.table(CUSTOMERS_TABLE)}`.execute(session.db);
      await sql`create temp table ${sql.table(CUSTOMERS_TABLE)} (external_id text, id uuid)`.execute(
        session.db,
      );
      const copy = session.copy(CUSTOMERS_TABLE, ["external_id", "id"]);
      let text = "";
      for (const [externalId, id] of customers) {
        text += `${copyValue(externalId)}\t${id}\n`;
        if (text.length >= CHUNK_CHARS) {
          await copy.write(text);
          text = "";
        }
      }
      copy.write(text);
      await copy.end();
    }
    // The planner knows nothing of a temporary table until it is analyzed (autovacuum skips them).
    await sql`analyze ${sql.table(TABLE)}`.execute(session.db);
    return session.db.transaction().execute((trx) =>
      apply(trx, {
        records: sql`(select * from ${sql.table(TABLE)})`,
        customers: customers ? sql`(select * from ${sql.table(CUSTOMERS_TABLE)})` : null,
      }),
    );
  }

  /** Drops the staging tables and gives the connection back. */
  async close(): Promise<void> {
    this.#buffer = "";
    this.#waiting = [];
    const session = this.#session;
    this.#session = undefined;
    if (!session) return;
    try {
      // A COPY still open (the import failed midway) is finished first: the tables go anyway.
      await this.#writer?.end().catch(() => {});
      this.#writer = undefined;
      await sql`drop table if exists ${sql.table(TABLE)}, ${sql.table(CUSTOMERS_TABLE)}`.execute(session.db);
    } finally {
      session.release();
    }
  }
}
