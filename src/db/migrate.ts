import { type Migration, type MigrationProvider, Migrator } from "kysely";
import type { Db } from "./connection.js";
import * as m0001 from "./migrations/0001-foundation.js";
import * as m0002 from "./migrations/0002-surveys.js";
import * as m0003 from "./migrations/0003-rollups.js";
import * as m0004 from "./migrations/0004-distribution.js";
import * as m0005 from "./migrations/0005-feedback.js";
import * as m0006 from "./migrations/0006-business.js";
import * as m0007 from "./migrations/0007-support.js";
import * as m0008 from "./migrations/0008-alerts.js";
import * as m0010 from "./migrations/0010-support-facts.js";
import * as m0011 from "./migrations/0011-case-customer.js";
import * as m0012 from "./migrations/0012-rollup-pairs.js";
import * as m0013 from "./migrations/0013-support-instant-state.js";
import * as m0015 from "./migrations/0015-support-stored-outcomes.js";

/** Migrations are listed here, in order, so the compiled build needs no directory scanning. */
const migrations: Record<string, Migration> = {
  "0001-foundation": m0001,
  "0002-surveys": m0002,
  "0003-rollups": m0003,
  "0004-distribution": m0004,
  "0005-feedback": m0005,
  "0006-business": m0006,
  "0007-support": m0007,
  "0008-alerts": m0008,
  "0010-support-facts": m0010,
  "0011-case-customer": m0011,
  "0012-rollup-pairs": m0012,
  "0013-support-instant-state": m0013,
  "0015-support-stored-outcomes": m0015,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
