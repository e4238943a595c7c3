/**
 * One database connection held for a while, for work that needs session state (temporary tables) and
 * COPY, which Kysely cannot send: bulk imports stream rows into a temporary table with COPY and then
 * upsert from it with ordinary Kysely SQL on the same connection.
 */
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Db } from "./connection.js";
import type { Database } from "./database.js";
import type { PGlitePool } from "./pglite-pool.js";

export interface DbSession {
  /** Kysely on this one connection: temporary tables made here stay visible to it. */
  db: Db;
  /**
   * Starts one COPY into a table, fed with text in COPY text format (tab-separated, `\N` for null, one
   * row a line). Nothing else may run on the session until it has ended.
   */
  copy(table: string, columns: readonly string[]): CopyWriter;
  /** Gives the connection back (after dropping what the session created). */
  release(): void;
}

/** The input side of a COPY. */
export interface CopyWriter {
  /** Sends text; a promise when the connection is behind, to wait for before writing more (backpressure). */
  write(text: string): Promise<void> | undefined;
  /** Ends the COPY; resolves once PostgreSQL has taken every row, rejects with its error. */
  end(): Promise<void>;
}

interface Opener {
  open(): Promise<DbSession>;
  /** PostgreSQL: a session may stay open through a long upload; PGlite is one connection for everyone. */
  holdable: boolean;
}

const openers = new WeakMap<object, Opener>();

/** A pool that hands out one already-held client, so a Kysely instance stays on that connection. */
function heldPool(client: { query: (...args: never[]) => unknown }) {
  return {
    connect: async () => ({ query: client.query.bind(client), release() {} }),
    end: async () => {},
  };
}

function onClient(client: { query: (...args: never[]) => unknown }): Db {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: heldPool(client) as unknown as pg.Pool }),
  });
}

export function registerPostgresSessions(db: Db, pool: pg.Pool): void {
  openers.set(db, {
    holdable: true,
    async open() {
      const client = await pool.connect();
      return {
        db: onClient(client),
        copy(table, columns) {
          const stream = client.query(copyFrom(`copy ${table} (${columns.join(", ")}) from stdin`));
          let failure: unknown;
          const done = new Promise<void>((resolve, reject) => {
            stream.on("finish", resolve);
            stream.on("error", (error) => {
              failure = error;
              reject(error);
            });
          });
          // Seen through end() or the next write; not an unhandled rejection meanwhile.
          done.catch(() => {});
          return {
            write(text) {
              if (failure) throw failure;
              if (stream.write(text)) return undefined;
              return new Promise<void>((resolve, reject) => {
                stream.once("drain", resolve);
                done.catch(reject);
              });
            },
            end() {
              stream.end();
              return done;
            },
          };
        },
        release: () => client.release(),
      };
    },
  });
}

export function registerPGliteSessions(db: Db, pool: PGlitePool, pglite: PGlite): void {
  openers.set(db, {
    holdable: false,
    async open() {
      const client = await pool.connect();
      return {
        db: onClient(client),
        copy(table, columns) {
          // PGlite copies from a blob: the text is gathered and sent at the end.
          const parts: string[] = [];
          return {
            write(text) {
              parts.push(text);
              return undefined;
            },
            async end() {
              await pglite.query(`copy ${table} (${columns.join(", ")}) from '/dev/blob'`, [], {
                blob: new Blob(parts),
              });
            },
          };
        },
        release: () => client.release(),
      };
    },
  });
}

/** Opens a session on the database `db` was opened on. */
export function openSession(db: Db): Promise<DbSession> {
  const opener = openers.get(db);
  if (!opener) throw new Error("database opened without sessions (use openDatabase)");
  return opener.open();
}

/** Whether a session may be held open while a client uploads (not on the embedded PGlite). */
export function sessionsHoldable(db: Db): boolean {
  return openers.get(db)?.holdable ?? false;
}
