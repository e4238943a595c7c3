import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { runCli, serve } from "../helpers/cli.js";
import { testDatabases } from "../helpers/db.js";

const NOW = new Date("2026-03-10T12:00:00Z");

/** A Zendesk-style export: its own headers, hold status, and a ticket reopened on a later line. */
const TICKETS = [
  "Id,Created at,Via,Priority,Ticket type,Group,Assignee,Requester id,Requester email,Status,Updated at,Solved at,Tags",
  "101,2026-03-02 10:00,Email,high,payment,Billing,anna,C-1,c1@example.com,solved,,2026-03-02 12:00,vip",
  '102,2026-03-02 11:00,Chat,normal,"delivery, late",L1,boris,C-2,,hold,2026-03-02 11:30,,',
  "101,,,,,,,,,open,2026-03-03 09:00,,",
  "",
].join("\n");

const MESSAGES = [
  "external_id,ticket_id,author,at,internal,agent",
  "m-1,101,end-user,2026-03-02 10:00,false,",
  "m-2,101,trigger,2026-03-02 10:00,no,",
  "m-3,101,agent,2026-03-02 10:20,no,anna",
  "m-4,102,agent,2026-03-02 11:05,yes,boris",
  "",
].join("\n");

describe.each(testDatabases())("otklik import tickets|messages|calls on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let url: string;
  let dir: string;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    url = await serve(world);
    dir = mkdtempSync(join(tmpdir(), "otklik-support-import-"));
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
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

  const cli = (...args: string[]) => runCli(["import", ...args], { url, key: t.key });
  const zendesk = [
    "--column",
    "external_id=Id",
    "--column",
    "channel=Via",
    "--column",
    "topic=Ticket type",
    "--column",
    "team=Group",
    "--column",
    "customer_id=Requester id",
    "--column",
    "customer_email=Requester email",
    "--column",
    "status_at=Updated at",
  ];

  it("imports a help-desk export with mapped columns, then its messages", async () => {
    const tickets = await cli("tickets", file("tickets.csv", TICKETS), ...zendesk);
    expect(tickets.code, tickets.stderr).toBe(0);
    expect(tickets.stdout).toContain("ignored columns: Tags");
    expect(tickets.stdout).toContain("imported 3 tickets rows");
    const t101 = (await t.call("GET", "/api/v1/support/tickets/101")).json();
    expect(t101).toMatchObject({
      channel: "email",
      topic: "payment",
      team: "Billing",
      status: "open",
      solvedAt: null,
    });
    expect(t101.statusHistory.map((h: { status: string; at: string }) => `${h.status}@${h.at}`)).toEqual([
      "solved@2026-03-02T09:00:00.000Z",
      "open@2026-03-03T06:00:00.000Z",
    ]);
    const t102 = (await t.call("GET", "/api/v1/support/tickets/102")).json();
    expect(t102).toMatchObject({ status: "on_hold", topic: "delivery, late", customerExternalId: "C-2" });

    const messages = await cli("messages", file("messages.csv", MESSAGES));
    expect(messages.code, messages.stderr).toBe(0);
    const m101 = (await t.call("GET", "/api/v1/support/tickets/101")).json().messages;
    expect(m101.map((m: { author: string }) => m.author)).toEqual(["customer", "system", "agent"]);

    // Importing again changes nothing.
    expect((await cli("messages", file("messages.csv", MESSAGES))).code).toBe(0);
    expect((await t.call("GET", "/api/v1/support/tickets/101")).json().messages).toHaveLength(3);
  });

  it("reports problems by file line and column and imports nothing", async () => {
    const bad = [
      "external_id,outcome,queued_at,answered_at,ended_at,talk_seconds,hold_seconds,acw_seconds,agent",
      "c-1,answered,2026-03-02 10:00:00,2026-03-02 10:00:12,2026-03-02 10:04:00,,00:00:30,45,anna",
      "c-2,answered,2026-03-02 10:01:00,,2026-03-02 10:04:00,,,,anna",
      "c-3,busy,2026-03-02 10:02:00,,,,,,",
      "c-4,lost,2026-03-02 10:03:00,,,,,,",
      "c-5,abandoned,2026-03-02 10:04:00,,2026-03-02 10:03:00,,,,",
      "",
    ].join("\n");
    const res = await cli("calls", file("calls.csv", bad));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("3 problem(s); nothing was imported");
    expect(res.stderr).toContain("line 3: answered_at: is needed for an answered call");
    expect(res.stderr).toContain('line 5: outcome: unknown value "lost"');
    expect(res.stderr).toContain("line 6: ended_at: is before queuedAt");
    const count = await world.ctx.db
      .selectFrom("support_calls")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("workspace_id", "=", t.workspaceId)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(0);

    const good = bad
      .split("\n")
      .filter((l) => !/^c-(2|4|5),/.test(l))
      .join("\n");
    const ok = await cli("calls", file("calls-ok.csv", good));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("imported 2 calls rows");

    const missing = await cli("tickets", file("no-id.csv", "created_at,channel\n2026-03-01,email\n"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no external_id column");
  });
});
