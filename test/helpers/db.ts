import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DbHandle, openDatabase } from "../../src/db/connection.js";
import { migrateToLatest } from "../../src/db/migrate.js";

export interface TestDatabase {
  name: "pglite" | "postgres";
  open(): Promise<DbHandle>;
}

/**
 * The databases every DB test runs on: PGlite always; a PostgreSQL server too when TEST_DATABASE_URL
 * is set (CI starts one; it also sets TEST_SKIP_PGLITE=1 on that run, as PGlite was covered by the
 * first). Each open() gives a fresh, migrated database that close() removes.
 */
export function testDatabases(): TestDatabase[] {
  const skipPglite = process.env.TEST_SKIP_PGLITE === "1" && Boolean(process.env.TEST_DATABASE_URL);
  const list: TestDatabase[] = [];
  if (!skipPglite) {
    list.push({
      name: "pglite",
      async open() {
        const handle = await openDatabase({ url: "memory://" });
        await migrateToLatest(handle.db);
        return handle;
      },
    });
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    list.push({
      name: "postgres",
      async open() {
        const name = `otklik_test_${randomBytes(6).toString("hex")}`;
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(serverUrl);
        url.pathname = `/${name}`;
        const handle = await openDatabase({ url: url.toString() });
        await migrateToLatest(handle.db);
        return {
          ...handle,
          async close() {
            await handle.close();
            const a = new pg.Client({ connectionString: serverUrl });
            await a.connect();
            await a.query(`drop database if exists ${name} with (force)`);
            await a.end();
          },
        };
      },
    });
  }
  return list;
}
