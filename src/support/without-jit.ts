import { sql } from "kysely";
import type { Db } from "../db/connection.js";

/**
 * Runs a dashboard query with PostgreSQL's JIT compilation off. The support queries carry per-ticket
 * subplans (the history of reopened tickets) that rarely run but make the estimated cost millions, far
 * over jit_above_cost; compiling and optimizing those expressions took seconds where executing the query
 * takes milliseconds. `set local` lasts until the end of the (single-query) transaction.
 */
export async function withoutJit<T>(db: Db, run: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await sql`set local jit = off`.execute(db);
    return run(db);
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return run(trx);
  });
}
