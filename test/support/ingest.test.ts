import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");

interface TicketJson {
  externalId: string;
  status: string;
  solvedAt: string | null;
  resolved: boolean;
  channel: string;
  priority: string | null;
  team: string | null;
  assignee: string | null;
  customerExternalId: string | null;
  statusHistory: { status: string; at: string }[];
  messages: { externalId: string; author: string; at: string; internal: boolean; agent: string | null }[];
}

describe.each(testDatabases())("support ingestion on $name", (database) => {
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

  async function ticket(externalId: string): Promise<TicketJson> {
    const res = await t.call("GET", `/api/v1/support/tickets/${externalId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  const post = (path: string, body: unknown) => t.call("POST", `/api/v1/support/${path}`, body);

  it("creates a ticket with its messages, and a retry changes nothing", async () => {
    const body = {
      externalId: "Z-1",
      createdAt: "2026-03-02T09:00:00Z",
      channel: "email",
      priority: "high",
      topic: "payment",
      team: "billing",
      assignee: "anna",
      customer: { externalId: "C-1", email: "c1@example.com" },
      status: "solved",
      solvedAt: "2026-03-02T11:00:00Z",
      messages: [
        { externalId: "m-1", author: "customer", at: "2026-03-02T09:00:00Z" },
        { externalId: "m-2", author: "bot", at: "2026-03-02T09:00:05Z" },
        { externalId: "m-3", author: "agent", at: "2026-03-02T09:40:00Z", agent: "anna" },
      ],
    };
    const first = await post("tickets", body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post("tickets", body);
    expect(again.json().id).toBe(first.json().id);
    const stored = await ticket("Z-1");
    expect(stored).toMatchObject({
      status: "solved",
      solvedAt: "2026-03-02T11:00:00.000Z",
      resolved: true,
      team: "billing",
      assignee: "anna",
      customerExternalId: "C-1",
    });
    expect(stored.statusHistory).toEqual([{ status: "solved", at: "2026-03-02T11:00:00.000Z" }]);
    expect(stored.messages.map((m) => m.externalId)).toEqual(["m-1", "m-2", "m-3"]);
    expect(stored.messages[2]?.agent).toBe("anna");
    const agents = (await t.call("GET", "/api/v1/support/agents")).json().items;
    expect(agents.map((a: { externalId: string }) => a.externalId)).toEqual(["anna"]);
  });

  it("applies updates by external id in order: reopen, then solve again", async () => {
    const res = await post("tickets", {
      tickets: [
        { externalId: "Z-2", createdAt: "2026-03-03 10:00", channel: "chat", status: "open" },
        { externalId: "Z-2", status: "solved", statusAt: "2026-03-03T08:00:00Z" },
        { externalId: "Z-2", status: "open", statusAt: "2026-03-03T09:00:00Z" },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(new Set(res.json().items.map((i: { id: string }) => i.id)).size).toBe(1);
    let stored = await ticket("Z-2");
    // "2026-03-03 10:00" is Moscow time: 07:00 UTC.
    expect(stored.statusHistory.map((h) => `${h.status}@${h.at.slice(11, 16)}`)).toEqual([
      "open@07:00",
      "solved@08:00",
      "open@09:00",
    ]);
    expect(stored.status).toBe("open");
    expect(stored.solvedAt).toBeNull();
    expect(stored.resolved).toBe(false);

    // A later webhook closes it; a change sent twice is recorded once.
    for (let i = 0; i < 2; i++) {
      const closed = await post("tickets", {
        externalId: "Z-2",
        status: "closed",
        statusAt: "2026-03-04T09:00:00Z",
      });
      expect(closed.statusCode, closed.body).toBe(201);
    }
    stored = await ticket("Z-2");
    expect(stored.statusHistory).toHaveLength(4);
    expect(stored.status).toBe("closed");
    expect(stored.solvedAt).toBe("2026-03-04T09:00:00.000Z");
    // Closed straight from open: not a resolution unless the source says so.
    expect(stored.resolved).toBe(false);
    await post("tickets", { externalId: "Z-2", resolved: true });
    expect((await ticket("Z-2")).resolved).toBe(true);

    // A change that arrives late lands in its place in time.
    await post("tickets", {
      externalId: "Z-2",
      statusHistory: [{ status: "pending", at: "2026-03-03T08:30:00Z" }],
    });
    stored = await ticket("Z-2");
    expect(stored.statusHistory.map((h) => h.status)).toEqual([
      "open",
      "solved",
      "pending",
      "open",
      "closed",
    ]);
    expect(stored.status).toBe("closed");
  });

  it("merges concurrent updates of one ticket without losing a status change", async () => {
    const base = { externalId: "Z-9", createdAt: "2026-03-03T10:00:00Z", channel: "chat" };
    const results = await Promise.all(
      ["10:05", "10:10", "10:15", "10:20"].map((time, i) =>
        post("tickets", {
          ...base,
          statusHistory: [{ status: i % 2 ? "open" : "pending", at: `2026-03-03T${time}:00Z` }],
        }),
      ),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const stored = await ticket("Z-9");
    expect(stored.statusHistory.map((h) => h.status)).toEqual(["pending", "open", "pending", "open"]);
  });

  it("names the row and field of a problem and writes nothing of the batch", async () => {
    const res = await post("tickets", {
      tickets: [
        { externalId: "ok-1", createdAt: "2026-03-01T10:00:00Z", channel: "email" },
        { externalId: "bad-1", channel: "email" },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "validation_failed", field: "tickets.1.createdAt" });
    expect((await t.call("GET", "/api/v1/support/tickets/ok-1")).statusCode).toBe(404);

    const cases: [unknown, string][] = [
      [{ externalId: "x", createdAt: "2026-03-01T10:00:00Z" }, "channel"],
      [
        { externalId: "x", createdAt: "2026-03-01T10:00:00Z", channel: "email", status: "closed" },
        "statusAt",
      ],
      [{ externalId: "x", createdAt: "2026-03-11T10:00:00Z", channel: "email" }, "createdAt"],
      [{ externalId: "x", createdAt: "2026-02-30T10:00:00Z", channel: "email" }, "createdAt"],
      [
        {
          externalId: "x",
          createdAt: "2026-03-01T10:00:00Z",
          channel: "email",
          solvedAt: "2026-03-01T09:00:00Z",
        },
        "solvedAt",
      ],
      [
        {
          externalId: "x",
          createdAt: "2026-03-01T10:00:00Z",
          channel: "email",
          messages: [{ externalId: "m", author: "robot", at: "2026-03-01T10:00:00Z" }],
        },
        "messages.0.author",
      ],
    ];
    for (const [body, field] of cases) {
      const r = await post("tickets", body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.field, r.body).toBe(field);
    }

    const validate = await post("tickets/validate", {
      tickets: [
        { externalId: "a", createdAt: "2026-03-01T10:00:00Z", channel: "email" },
        { externalId: "b", createdAt: "2026-03-01T10:00:00Z" },
        { externalId: "c", createdAt: "yesterday", channel: "email" },
      ],
    });
    expect(validate.statusCode, validate.body).toBe(400);
    const valid = await post("tickets/validate", {
      tickets: [
        { externalId: "a", createdAt: "2026-03-01T10:00:00Z", channel: "email" },
        { externalId: "b", createdAt: "2026-03-01T10:00:00Z" },
        { externalId: "c", status: "open" },
      ],
    });
    expect(valid.json()).toEqual({
      valid: 1,
      problems: [
        { index: 1, field: "tickets.1.channel", message: "is needed for a new ticket" },
        { index: 2, field: "tickets.2.createdAt", message: "is needed for a new ticket" },
      ],
    });
  });

  it("records messages and calls idempotently and checks their references", async () => {
    await post("tickets", { externalId: "Z-3", createdAt: "2026-03-05T10:00:00Z", channel: "email" });
    const messages = {
      messages: [
        { externalId: "z3-1", ticket: "Z-3", author: "agent", at: "2026-03-05T10:30:00Z", internal: true },
        { externalId: "z3-2", ticket: "Z-3", author: "agent", at: "2026-03-05T11:00:00Z", agent: "boris" },
      ],
    };
    expect((await post("messages", messages)).statusCode).toBe(201);
    expect((await post("messages", messages)).statusCode).toBe(201);
    expect((await ticket("Z-3")).messages).toHaveLength(2);
    const missing = await post("messages", {
      externalId: "z3-3",
      ticket: "nope",
      author: "agent",
      at: "2026-03-05T11:00:00Z",
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe("ticket");

    const call = {
      externalId: "call-1",
      outcome: "answered",
      queuedAt: "2026-03-05T10:00:00Z",
      answeredAt: "2026-03-05T10:00:15Z",
      endedAt: "2026-03-05T10:05:15Z",
      holdSeconds: 30,
      acwSeconds: 60,
      agent: "boris",
      ticket: "Z-3",
    };
    expect((await post("calls", call)).statusCode).toBe(201);
    expect((await post("calls", call)).statusCode).toBe(201);
    const bad: [unknown, string][] = [
      [{ ...call, answeredAt: undefined }, "answeredAt"],
      [{ ...call, endedAt: undefined }, "endedAt"],
      [{ ...call, holdSeconds: 400 }, "holdSeconds"],
      [{ ...call, outcome: "abandoned", answeredAt: undefined, endedAt: undefined }, "endedAt"],
      [{ ...call, answeredAt: "2026-03-05T09:59:00Z" }, "answeredAt"],
      [{ ...call, ticket: "nope" }, "ticket"],
    ];
    for (const [body, field] of bad) {
      const r = await post("calls", body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.field, r.body).toBe(field);
    }
    const batch = await post("calls", {
      calls: [
        { externalId: "call-2", outcome: "blocked", queuedAt: "2026-03-05T10:00:00Z" },
        { externalId: "call-2", outcome: "blocked", queuedAt: "2026-03-05T10:00:00Z" },
      ],
    });
    expect(batch.json().error.field).toBe("calls.1.externalId");
  });

  it("keeps workspaces apart", async () => {
    const other = await makeTenant(world);
    await post("tickets", {
      externalId: "T-1",
      createdAt: "2026-03-05T10:00:00Z",
      channel: "email",
      team: "l1",
    });
    expect((await other.call("GET", "/api/v1/support/tickets/T-1")).statusCode).toBe(404);
    expect((await other.call("GET", "/api/v1/support/teams")).json().items).toEqual([]);
    // The same external ids in another workspace are another ticket.
    const mine = await post("tickets", {
      externalId: "T-1",
      createdAt: "2026-03-05T10:00:00Z",
      channel: "email",
    });
    const theirs = await other.call("POST", "/api/v1/support/tickets", {
      externalId: "T-1",
      createdAt: "2026-03-06T10:00:00Z",
      channel: "chat",
    });
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect((await ticket("T-1")).channel).toBe("email");
    const msg = await other.call("POST", "/api/v1/support/messages", {
      externalId: "x-1",
      ticket: "T-1",
      author: "agent",
      at: "2026-03-06T11:00:00Z",
    });
    expect(msg.statusCode).toBe(201);
    expect((await ticket("T-1")).messages).toEqual([]);
  });
});
