import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { runCli, serve } from "../helpers/cli.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const HEADER = "external_id,customer_id,ordered_at,amount,currency,product,category";

/** Five orders on lines 2–6; `line4` replaces the third. */
function ordersCsv(line4 = "o-3,c-2,2026-02-01T09:00:00Z,15.25,EUR,Basic,Books") {
  return [
    HEADER,
    "o-1,c-1,2026-01-05,100,EUR,Pro,Software",
    "o-2,c-1,2026-01-20,40,EUR,Basic,Books",
    line4,
    "o-4,c-3,2026-02-10,60,EUR,Pro,Software",
    "o-5,c-3,2026-03-01,60,EUR,Pro,Software",
    "",
  ].join("\n");
}

describe.each(testDatabases())("otklik import orders|customers on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let url: string;
  let dir: string;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    url = await serve(world);
    dir = mkdtempSync(join(tmpdir(), "otklik-customer-import-"));
  });
  beforeEach(async () => {
    t = await makeTenant(world);
  });
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, content: string) {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  const count = async (table: "orders" | "customers") =>
    Number(
      (
        await world.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("workspace_id", "=", t.workspaceId)
          .executeTakeFirst()
      )?.n,
    );

  it("refuses a bad file, naming lines and columns, and writes nothing", async () => {
    const lines = ordersCsv("o-3,c-2,yesterday,15.25,EUR,Basic,Books").split("\n");
    lines[5] = "o-5,c-3,2026-03-01,-,EUR,Pro,Software";
    const run = await runCli(["import", "orders", file("bad.csv", lines.join("\n"))], { url, key: t.key });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/2 problem\(s\); nothing was imported/);
    const reported = run.stderr.split("\n").filter((l) => /^\s+line \d+/.test(l));
    expect(reported).toEqual([
      expect.stringMatching(/line 4: ordered_at: expected a date/),
      expect.stringMatching(/line 6: amount: expected a number/),
    ]);
    expect(await count("orders")).toBe(0);
    expect(await count("customers")).toBe(0);
  });

  it("imports a good file whole, and a second run adds no duplicates", async () => {
    const path = file("good.csv", ordersCsv());
    const first = await runCli(["import", "orders", path], { url, key: t.key });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("imported 5 orders (5 new, 0 updated)");
    const second = await runCli(["import", "orders", path], { url, key: t.key });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("imported 5 orders (0 new, 5 updated)");
    expect(await count("orders")).toBe(5);
    expect(await count("customers")).toBe(3);

    const customers = file(
      "customers.csv",
      "external_id,email,created_at,acquisition_channel,referred_by,plan\nc-1,a@example.com,2025-12-01,ads,,Pro\nc-4,,2026-01-01,referral,c-1,Basic\n",
    );
    const run = await runCli(["import", "customers", customers], { url, key: t.key });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("imported 2 customers (1 new, 1 updated)");
    const c1 = await world.ctx.db
      .selectFrom("customers")
      .select(["attributes", "acquisition_channel"])
      .where("workspace_id", "=", t.workspaceId)
      .where("external_id", "=", "c-1")
      .executeTakeFirstOrThrow();
    expect(c1).toEqual({ attributes: { plan: "Pro" }, acquisition_channel: "ads" });
  });

  it("--skip-bad-rows imports the good rows and lists the bad ones; --dry-run writes nothing", async () => {
    const path = file("mixed.csv", ordersCsv("o-3,c-2,2026-02-01,abc,EUR,Basic,Books"));
    const dry = await runCli(["import", "orders", path, "--dry-run", "--skip-bad-rows"], { url, key: t.key });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("4 of 5 rows are valid (dry run: nothing written)");
    expect(await count("orders")).toBe(0);
    const run = await runCli(["import", "orders", path, "--skip-bad-rows"], { url, key: t.key });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/skipped 1 bad row\(s\):\n\s+line 4: amount:/);
    expect(run.stdout).toContain("imported 4 orders (4 new, 0 updated)");
    expect(await count("orders")).toBe(4);
  });
});
