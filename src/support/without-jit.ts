import { sql } from "kysely";
import type { Db } from "../db/connection.js";

/**
 * Runs a dashboard query with PostgreSQL's JIT compilation off and room to sort in memory. The support
 * queries carry per-ticket subplans (the history of reopened tickets) that rarely run but make the
 * estimated cost millions, far over jit_above_cost; compiling and optimizing those expressions took
 * seconds where executing the query takes milliseconds. A period's tens of thousands of tickets, sorted
 * for medians and grouping, overflow the default 4 MB work_mem and would sort on disk. The settings last
 * until the end of the (single-query) transaction.
 */
export async function withoutJit<T>(db: Db, run: (trx: Db) => Promise<T>): Promise<T> {
  // set_config(…, true) is `set local`, both in one round trip
  const settings = (trx: Db) =>
    sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
  if (db.isTransaction) {
    await settings(db);
    return run(db);
  }
  return db.transaction().execute(async (trx) => {
    await settings(trx);
    return run(trx);
  });
}
