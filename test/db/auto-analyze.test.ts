import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "../../src/auth/service.js";
import { analyzeGrownTables } from "../../src/db/auto-analyze.js";
import type { DbHandle } from "../../src/db/connection.js";
import { newId } from "../../src/ids.js";
import { testDatabases } from "../helpers/db.js";

for (const database of testDatabases()) {
  describe(`planner statistics refresh on ${database.name}`, () => {
    let handle: DbHandle;
    beforeAll(async () => {
      handle = await database.open();
    });
    afterAll(async () => {
      await handle?.close();
    });

    const estimate = async (table: string) => {
      const { rows } = await sql<{ n: number }>`
        select reltuples::float8 as n from pg_class where relname = ${table}`.execute(handle.db);
      return Number(rows[0]?.n);
    };

    it("analyzes the tables that grew since their last analysis, and only those", async () => {
      await analyzeGrownTables(handle.db);
      const ws = await createWorkspace(handle.db, { name: "W", slug: `w-${newId()}` });
      await sql`
        insert into customers (workspace_id, id, external_id, attributes)
        select ${ws.id}::uuid, gen_random_uuid(), 'c' || i, '{}'::jsonb
        from generate_series(1, 20000) as i`.execute(handle.db);
      const before = await estimate("customers");
      const analyzed = await analyzeGrownTables(handle.db);
      expect(analyzed).toContain("customers");
      expect(analyzed).not.toContain("answers");
      // the planner now knows the table's size (the embedded database had it as never analyzed; a
      // server's own autovacuum may have been quicker)
      expect(await estimate("customers")).toBeGreaterThan(15_000);
      if (database.name === "pglite") expect(before).toBeLessThan(15_000);
      expect(await analyzeGrownTables(handle.db)).not.toContain("customers");
    });
  });
}
