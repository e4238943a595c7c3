import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./database.js";
import { PGlitePool } from "./pglite-pool.js";
import { registerPGliteSessions, registerPostgresSessions } from "./session.js";

export type Db = Kysely<Database>;

export type DbKind = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

// int8 (count, sum) and numeric come back as numbers in both drivers, so every caller sees one shape.
const INT8 = 20;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));

/** Opens PostgreSQL when a URL is given, otherwise PGlite in `dataDir` (or in memory for `memory://`). */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<DbHandle> {
  if (options.url && !options.url.startsWith("memory://")) {
    const pool = new pg.Pool({ connectionString: options.url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    // An idle connection dropped by the server (restart, failover) must not crash the process: the pool
    // discards it and the next query opens a new one.
    pool.on("error", (err) => console.error(`database connection lost: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    registerPostgresSessions(db, pool);
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  const dataDir = options.url?.startsWith("memory://") ? undefined : options.dataDir;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir,
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  });
  const pool = new PGlitePool(pglite);
  // Kysely's Pool type is pg's; the shim implements the part PostgresDialect calls.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  registerPGliteSessions(db, pool, pglite);
  return { db, kind: "pglite", close: () => db.destroy() };
}
