/**
 * The staging table of a CSV import: a temporary table with the entity's record columns, filled with
 * COPY on one held connection, from which one transaction upserts into the target table. Temporary
 * tables are written without WAL and vanish with the session, so an aborted upload leaves nothing behind.
 *
 * On PostgreSQL the rows are copied as the file arrives (one COPY per chunk, while the next chunk is
 * parsed), so checking in Node and writing in PostgreSQL overlap. The embedded PGlite is a single
 * connection shared by every request, so there the rows wait in memory and the connection is taken only
 * for the final copy and upsert.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { type DbSession, openSession, sessionsHoldable } from "../db/session.js";
import type { TEntity } from "./schema.js";
import { RECORD_COLUMNS, type Source } from "./source.js";

const TABLE = "import_staging";
/** Rows per COPY statement. */
const CHUNK_ROWS = 20_000;

/** A value in COPY text format: `\N` for null, with backslash, tab and line breaks escaped. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) =>
        c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
      )
    : text;
}

export class CopyStaging {
  readonly #columns: string[];
  #session: DbSession | undefined;
  #lines: string[] = [];
  /** Chunks waiting for the connection (PGlite). */
  #waiting: string[] = [];
  #inflight: Promise<void> = Promise.resolve();
  #failure: unknown;

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
    this.#lines.push(row);
    if (this.#lines.length >= CHUNK_ROWS) await this.#flush();
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
    if (!this.#lines.length) return;
    const text = `${this.#lines.join("\n")}\n`;
    this.#lines = [];
    if (!sessionsHoldable(this.db)) {
      this.#waiting.push(text);
      return;
    }
    // One COPY in flight while the caller parses the next chunk.
    await this.#inflight;
    if (this.#failure) throw this.#failure;
    const session = await this.#open();
    this.#inflight = session.copy(TABLE, ["ord", ...this.#columns], text).catch((error) => {
      this.#failure = error;
    });
  }

  /**
   * Copies what is left and runs `apply` on the staged rows in one transaction on the session.
   * The source is the staging table: `ord` (the file line) plus the record columns.
   */
  async apply<T>(apply: (trx: Db, source: Source) => Promise<T>): Promise<T> {
    await this.#flush();
    await this.#inflight;
    if (this.#failure) throw this.#failure;
    const session = await this.#open();
    for (const text of this.#waiting.splice(0)) await session.copy(TABLE, ["ord", ...this.#columns], text);
    // The planner knows nothing of a temporary table until it is analyzed (autovacuum skips them).
    await sql`analyze ${sql.table(TABLE)}`.execute(session.db);
    return session.db.transaction().execute((trx) => apply(trx, sql`(select * from ${sql.table(TABLE)})`));
  }

  /** Drops the staging table and gives the connection back. */
  async close(): Promise<void> {
    this.#lines = [];
    this.#waiting = [];
    const session = this.#session;
    this.#session = undefined;
    if (!session) return;
    await this.#inflight;
    try {
      await sql`drop table if exists ${sql.table(TABLE)}`.execute(session.db);
    } finally {
      session.release();
    }
  }
}
