/**
 * Order imports on PostgreSQL copy new rows straight into `orders` a batch at a time and upsert the rest;
 * on PGlite everything goes through the staging table. Both must give the same result: these cases cross
 * batch boundaries, repeat external ids, update stored orders and link existing customers.
 */
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importCsv } from "../../src/customers/csv-import.js";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const HEADER = "external_id,customer_id,ordered_at,amount,currency,product,category";
/** More rows than one batch of the direct copy (20,000). */
const MANY = 25_000;

describe.each(testDatabases())("order imports across batches on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
  });
  beforeEach(async () => {
    t = await makeTenant(world);
  });
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const csv = (body: string, query = "", tenant = t) =>
    world.app.inject({
      method: "POST",
      url: `/api/v1/imports/orders${query}`,
      headers: { authorization: `Bearer ${tenant.key}`, "content-type": "text/csv" },
      payload: body,
    });

  const stored = (tenant = t) =>
    world.ctx.db
      .selectFrom("orders as o")
      .innerJoin("customers as c", (j) =>
        j.onRef("c.workspace_id", "=", "o.workspace_id").onRef("c.id", "=", "o.customer_id"),
      )
      .select(["o.external_id", "c.external_id as customer", "o.amount"])
      .where("o.workspace_id", "=", tenant.workspaceId)
      .orderBy("o.external_id")
      .execute();

  const count = async (table: "orders" | "customers", tenant = t) =>
    Number(
      (
        await world.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("workspace_id", "=", tenant.workspaceId)
          .executeTakeFirst()
      )?.n,
    );

  /** Rows o-0 … o-(n−1), 4 orders per customer; `amount` per row. */
  const rows = (n: number, amount = (i: number) => 10 + (i % 90)) =>
    Array.from({ length: n }, (_, i) => `o-${i},c-${i % (n / 4)},2026-01-05,${amount(i)},EUR,Pro,Software`);

  it("imports more than a batch, repeats in the file winning last, across batches", async () => {
    const lines = rows(MANY);
    // o-7 again in the second batch, o-21000 again in the same (second) batch, o-3 twice more.
    lines.push("o-7,c-new,2026-01-06,777,EUR,Pro,Software");
    lines.push("o-21000,c-1,2026-01-06,2100,EUR,Pro,Software");
    lines.push("o-3,c-2,2026-01-06,31,EUR,Pro,Software", "o-3,c-2,2026-01-06,33,EUR,Pro,Software");
    const res = await csv([HEADER, ...lines, ""].join("\n"));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: MANY + 4, inserted: MANY, updated: 0, skipped: 0 });
    expect(await count("orders")).toBe(MANY);
    expect(await count("customers")).toBe(MANY / 4 + 1);
    const byId = new Map((await stored()).map((r) => [r.external_id, r]));
    expect(byId.get("o-7")).toEqual({ external_id: "o-7", customer: "c-new", amount: 777 });
    expect(byId.get("o-21000")).toEqual({ external_id: "o-21000", customer: "c-1", amount: 2100 });
    expect(byId.get("o-3")?.amount).toBe(33);
    expect(byId.get("o-24999")).toEqual({
      external_id: "o-24999",
      customer: `c-${24999 % (MANY / 4)}`,
      amount: 79,
    });

    // The same file again changes nothing; new and changed rows mix with stored ones.
    const again = await csv([HEADER, ...lines, ""].join("\n"));
    expect(again.json()).toMatchObject({ inserted: 0, updated: MANY });
    const mixed = await csv(
      [
        HEADER,
        "o-5,c-1,2026-01-07,55.5,EUR,Pro,Software",
        "n-1,c-1,2026-01-07,1,EUR,,",
        "n-2,c-x,2026-01-07,2,,,",
        "",
      ].join("\n"),
    );
    expect(mixed.json()).toMatchObject({ rows: 3, inserted: 2, updated: 1 });
    expect(await count("orders")).toBe(MANY + 2);
    const after = new Map((await stored()).map((r) => [r.external_id, r]));
    expect(after.get("o-5")).toEqual({ external_id: "o-5", customer: "c-1", amount: 55.5 });
    expect(after.get("n-2")).toEqual({ external_id: "n-2", customer: "c-x", amount: 2 });
  });

  it("links orders to customers the workspace has, and a bad row past the first batch writes nothing", async () => {
    const created = await t.call("POST", "/api/v1/customers", {
      customers: [{ externalId: "c-0", email: "zero@example.com" }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const known = await world.ctx.db
      .selectFrom("customers")
      .select("id")
      .where("workspace_id", "=", t.workspaceId)
      .where("external_id", "=", "c-0")
      .executeTakeFirstOrThrow();

    const lines = rows(MANY);
    lines[MANY - 10] = "o-bad,c-1,someday,1,EUR,Pro,Software";
    const failed = await csv([HEADER, ...lines, ""].join("\n"));
    expect(failed.statusCode).toBe(400);
    expect(failed.json().problems).toEqual([
      { line: MANY - 8, column: "ordered_at", message: expect.stringContaining("date") },
    ]);
    expect(await count("orders")).toBe(0);
    expect(await count("customers")).toBe(1);

    const skipped = await csv([HEADER, ...lines, ""].join("\n"), "?skipBadRows=true");
    expect(skipped.json()).toMatchObject({ rows: MANY, inserted: MANY - 1, skipped: 1 });
    expect(await count("customers")).toBe(MANY / 4);
    const mine = await world.ctx.db
      .selectFrom("orders")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("workspace_id", "=", t.workspaceId)
      .where("customer_id", "=", known.id)
      .executeTakeFirst();
    expect(Number(mine?.n)).toBe(4);
  });

  it("writes nothing when the upload breaks off after a batch was copied, and frees the connection", async () => {
    async function* brokenUpload() {
      yield `${HEADER}\n${rows(MANY).slice(0, 21_000).join("\n")}\n`;
      // Let the first batch reach the database before the connection drops.
      await new Promise((resolve) => setTimeout(resolve, 300));
      throw new Error("connection reset by peer");
    }
    await expect(
      importCsv(world.ctx.db, t.workspaceId, "orders", Readable.from(brokenUpload()), { now: NOW }),
    ).rejects.toThrow("connection reset by peer");
    expect(await count("orders")).toBe(0);
    expect(await count("customers")).toBe(0);
    // The held connection went back to the pool: the next import goes through.
    const res = await csv([HEADER, ...rows(40), ""].join("\n"));
    expect(res.json()).toMatchObject({ inserted: 40 });
  });

  it("keeps workspaces apart under the same external ids", async () => {
    const other = await makeTenant(world);
    const file = [HEADER, ...rows(400), ""].join("\n");
    expect((await csv(file, "", other)).json()).toMatchObject({ inserted: 400 });
    // This workspace has none of them: all new here, the other workspace's rows untouched.
    const mine = await csv([HEADER, ...rows(400, () => 5), ""].join("\n"));
    expect(mine.json()).toMatchObject({ inserted: 400, updated: 0 });
    expect((await stored(other)).every((r) => r.amount >= 10)).toBe(true);
    expect((await stored()).every((r) => r.amount === 5)).toBe(true);
    expect(await count("customers", other)).toBe(100);
  });
});
