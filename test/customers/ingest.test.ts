import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");

describe.each(testDatabases())("customer data API on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
  });
  beforeEach(async () => {
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
  });
  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const orders = () =>
    world.ctx.db
      .selectFrom("orders as o")
      .innerJoin("customers as c", (j) =>
        j.onRef("c.workspace_id", "=", "o.workspace_id").onRef("c.id", "=", "o.customer_id"),
      )
      .select([
        "o.external_id",
        "c.external_id as customer",
        "o.ordered_at",
        "o.amount",
        "o.product",
        "o.currency",
      ])
      .where("o.workspace_id", "=", t.workspaceId)
      .orderBy("o.external_id")
      .execute();

  const csv = (entity: string, body: string, query = "") =>
    world.app.inject({
      method: "POST",
      url: `/api/v1/imports/${entity}${query}`,
      headers: { authorization: `Bearer ${t.key}`, "content-type": "text/csv" },
      payload: body,
    });

  it("stores an order, creates its customer, and a retry changes nothing", async () => {
    const order = {
      externalId: "o-1",
      customerExternalId: "c-1",
      orderedAt: "2026-03-01",
      amount: 120.5,
      currency: "eur",
      product: "Pro",
    };
    const first = await t.call("POST", "/api/v1/orders", order);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ inserted: 1, updated: 0 });
    const again = await t.call("POST", "/api/v1/orders", order);
    expect(again.json()).toEqual({ inserted: 0, updated: 1 });
    const rows = await orders();
    expect(rows).toHaveLength(1);
    // A date is the start of that day in the workspace's time zone (Moscow, UTC+3).
    expect(rows[0]).toMatchObject({ customer: "c-1", amount: 120.5, currency: "EUR" });
    expect(new Date(rows[0]?.ordered_at ?? 0).toISOString()).toBe("2026-02-28T21:00:00.000Z");
  });

  it("refuses a batch with a bad record, naming the record and field, and writes nothing", async () => {
    const good = (i: number) => ({
      externalId: `o-${i}`,
      customerExternalId: "c-1",
      orderedAt: "2026-03-01T10:00:00Z",
      amount: 10,
    });
    const res = await t.call("POST", "/api/v1/orders", {
      orders: [good(1), { ...good(2), amount: "ten" }, good(3)],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "validation_failed", field: "orders.1.amount" });

    const future = await t.call("POST", "/api/v1/orders", {
      orders: [good(1), good(2), { ...good(3), orderedAt: "2026-04-01" }],
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.field).toBe("orders.2.orderedAt");
    expect(await orders()).toEqual([]);

    const sub = await t.call("POST", "/api/v1/subscriptions", {
      externalId: "s-1",
      customerExternalId: "c-1",
      mrr: 30,
      startedAt: "2026-02-01",
      endedAt: "2026-01-01",
    });
    expect(sub.statusCode).toBe(400);
    expect(sub.json().error.field).toBe("endedAt");
  });

  it("stores customers with acquisition fields, merging attributes on update", async () => {
    const res = await t.call("POST", "/api/v1/customers", {
      customers: [
        {
          externalId: "c-1",
          createdAt: "2025-01-15",
          acquisitionChannel: "ads",
          attributes: { plan: "Pro" },
        },
        { externalId: "c-2", referredBy: "c-1", attributes: { plan: "Basic", country: "RU" } },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ inserted: 2, updated: 0 });
    await t.call("POST", "/api/v1/customers", {
      externalId: "c-2",
      email: "c2@example.com",
      attributes: { plan: "Pro" },
    });
    const rows = await world.ctx.db
      .selectFrom("customers")
      .select(["external_id", "acquired_at", "acquisition_channel", "referred_by", "attributes", "email"])
      .where("workspace_id", "=", t.workspaceId)
      .orderBy("external_id")
      .execute();
    expect(rows).toMatchObject([
      { external_id: "c-1", acquisition_channel: "ads", referred_by: null },
      {
        external_id: "c-2",
        referred_by: "c-1",
        email: "c2@example.com",
        attributes: { plan: "Pro", country: "RU" },
      },
    ]);
    expect(rows[0]?.acquired_at?.toISOString()).toBe("2025-01-14T21:00:00.000Z");
  });

  it("imports a CSV all or nothing, with problems by line and column", async () => {
    const header = "external_id,customer_id,ordered_at,amount,product,category";
    const bad = [
      header,
      "o-1,c-1,2026-01-05,100,Pro,Software",
      'o-2,c-2,2026-01-06,"1 000",Basic,Software',
      "o-3,,2026-01-07,50,Basic,Software",
      "o-4,c-3,2026-02-30,50,Basic,Software",
      "",
    ].join("\n");
    const failed = await csv("orders", bad);
    expect(failed.statusCode).toBe(400);
    expect(failed.json().problems).toEqual([
      { line: 3, column: "amount", message: expect.stringContaining("number") },
      { line: 4, column: "customer_id", message: "is required" },
      { line: 5, column: "ordered_at", message: expect.stringContaining("date") },
    ]);
    expect(await orders()).toEqual([]);

    const skipped = await csv("orders", bad, "?skipBadRows=true");
    expect(skipped.statusCode, skipped.body).toBe(200);
    expect(skipped.json()).toMatchObject({ rows: 4, inserted: 1, updated: 0, skipped: 3 });

    const good = [
      header,
      "o-1,c-1,2026-01-05,100,Pro,Software",
      "o-2,c-2,2026-01-06 18:30,25.5,Basic,",
      "",
    ].join("\r\n");
    const imported = await csv("orders", `\uFEFF${good}`);
    expect(imported.json()).toMatchObject({ rows: 2, inserted: 1, updated: 1, skipped: 0 });
    const again = await csv("orders", good);
    expect(again.json()).toMatchObject({ inserted: 0, updated: 2 });
    const rows = await orders();
    expect(rows.map((r) => [r.external_id, r.customer, r.amount])).toEqual([
      ["o-1", "c-1", 100],
      ["o-2", "c-2", 25.5],
    ]);
    // A local date-time is read in the workspace's time zone.
    expect(new Date(rows[1]?.ordered_at ?? 0).toISOString()).toBe("2026-01-06T15:30:00.000Z");
  });

  it("imports cells holding tabs, backslashes, line breaks and quotes exactly (they travel through COPY)", async () => {
    const product = 'Tab\there, back\\slash \\N, "quoted"\nand a new line';
    const cell = `"${product.replaceAll('"', '""')}"`;
    const imported = await csv(
      "orders",
      `external_id,customer_id,ordered_at,amount,product\nq-1,c\\1,2026-01-05,10,${cell}\nq-2,c\\1,2026-01-06,20,\\N\n`,
    );
    expect(imported.json()).toMatchObject({ rows: 2, inserted: 2 });
    const rows = (await orders()).filter((r) => r.external_id.startsWith("q-"));
    expect(rows.map((r) => [r.customer, r.product])).toEqual([
      ["c\\1", product],
      ["c\\1", "\\N"],
    ]);
    const customers = await csv("customers", 'external_id,plan\nc\\1,"Pro\tplus\\"\n');
    expect(customers.json()).toMatchObject({ updated: 1 });
    const stored = await world.ctx.db
      .selectFrom("customers")
      .select("attributes")
      .where("workspace_id", "=", t.workspaceId)
      .where("external_id", "=", "c\\1")
      .executeTakeFirstOrThrow();
    expect(stored.attributes).toMatchObject({ plan: "Pro\tplus\\" });
  });

  it("checks the header and reads costs by month and usage without external ids", async () => {
    const header = await csv("orders", "external_id,customer,ordered_at,amount\no-1,c-1,2026-01-01,5\n");
    expect(header.statusCode).toBe(400);
    expect(header.json().problems).toEqual([
      { line: 1, message: expect.stringContaining('unknown column "customer"') },
      { line: 1, message: 'missing column "customer_id"' },
    ]);

    const costs = await csv(
      "costs",
      "kind,name,month,amount\nacquisition,Search ads,2026-01,5000\nsupport,Team,2026-02,12000\nretention,,2026-02,abc\n",
    );
    expect(costs.json().problems).toEqual([{ line: 4, column: "amount", message: expect.any(String) }]);
    const costsOk = await csv(
      "costs",
      "kind,name,month,amount\nacquisition,Search ads,2026-01,5000\nsupport,Team,2026-02,12000\n",
    );
    expect(costsOk.json()).toMatchObject({ inserted: 2 });
    const stored = await world.ctx.db
      .selectFrom("costs")
      .select(["external_id", "period_start", "period_end", "amount"])
      .select((eb) => [
        eb.cast<string>("period_start", "text").as("start"),
        eb.cast<string>("period_end", "text").as("end"),
      ])
      .where("workspace_id", "=", t.workspaceId)
      .orderBy("external_id")
      .execute();
    expect(stored.map((c) => [c.external_id, c.start, c.end, c.amount])).toEqual([
      ["acquisition:2026-01-01:2026-01-31:Search ads", "2026-01-01", "2026-02-01", 5000],
      ["support:2026-02-01:2026-02-28:Team", "2026-02-01", "2026-03-01", 12000],
    ]);

    const usage =
      "customer_id,occurred_at,name,duration\nc-1,2026-03-01T10:00:00Z,session,300\nc-1,2026-03-01T10:01:00Z,export,\n";
    expect((await csv("usage", usage)).json()).toMatchObject({ inserted: 2 });
    expect((await csv("usage", usage)).json()).toMatchObject({ inserted: 0, updated: 2 });
  });

  it("keeps each workspace's records apart, even under the same external ids", async () => {
    const other = await makeTenant(world);
    const order = { externalId: "o-1", customerExternalId: "c-1", orderedAt: "2026-03-01", amount: 10 };
    expect((await t.call("POST", "/api/v1/orders", order)).json()).toEqual({ inserted: 1, updated: 0 });
    expect((await other.call("POST", "/api/v1/orders", { ...order, amount: 99 })).json()).toEqual({
      inserted: 1,
      updated: 0,
    });
    expect((await orders()).map((o) => o.amount)).toEqual([10]);
    const noScope = await makeTenant(world, { scopes: ["metrics:read"] });
    expect((await noScope.call("POST", "/api/v1/orders", order)).statusCode).toBe(403);
  });
});
