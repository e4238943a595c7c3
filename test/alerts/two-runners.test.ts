import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAlerts } from "../../src/alerts/jobs.js";
import { type SendSummary, sendDueDeliveries, sendDueNotifications } from "../../src/alerts/sender.js";
import { openTwinPostgres, startSmtp, type TestSmtp } from "../distribution/helpers.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-09T07:00:00Z");
const HOUR = 3_600_000;
const ANSWERS = 40;

/** A webhook receiver that answers after a few milliseconds, so the two runners' sends interleave. */
async function startReceiver() {
  const deliveryIds: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      deliveryIds.push(String(req.headers["x-otklik-delivery"]));
      setTimeout(() => res.writeHead(200).end("ok"), 3);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveryIds,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const total = (...s: SendSummary[]) => s.reduce((a, x) => a + x.sent, 0);

/**
 * Two servers, each with its own connection pool, on one PostgreSQL database: every alert and customer
 * notification is queued once and delivered once while both run the jobs at the same moment.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("alert jobs on two servers sharing PostgreSQL", () => {
  let twin: NonNullable<Awaited<ReturnType<typeof openTwinPostgres>>>;
  let one: TestWorld;
  let two: TestWorld;
  let t: Tenant;
  let smtp: TestSmtp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const both = (at: Date) => {
    one.setNow(at);
    two.setNow(at);
  };

  beforeAll(async () => {
    const opened = await openTwinPostgres();
    if (!opened) throw new Error("TEST_DATABASE_URL is needed");
    twin = opened;
    smtp = await startSmtp();
    receiver = await startReceiver();
    one = await startApp(twin.a, { now: NOW });
    two = await startApp(twin.b, { now: NOW });
    t = await makeTenant(one);
    const surveyId = (await createSurvey(t)).id;
    const setup = [
      t.call("PUT", "/api/v1/distribution/smtp", {
        host: "127.0.0.1",
        port: smtp.port,
        from: "cx@acme.test",
      }),
      t.call("POST", "/api/v1/alerts/rules", {
        name: "Team",
        events: ["detractor", "case_overdue"],
        emails: ["lead@acme.test"],
        webhook: { url: receiver.url, secret: "whsec-0123456789abcdef" },
      }),
      t.call("POST", "/api/v1/routing-rules", {
        name: "All",
        conditions: { groups: ["detractor"] },
        dueHours: 4,
      }),
    ];
    for (const res of await Promise.all(setup)) expect(res.statusCode, res.body).toBeLessThan(300);
    const responses = Array.from({ length: ANSWERS }, (_, i) => ({
      surveyId,
      externalId: `d${i}`,
      submittedAt: NOW.toISOString(),
      customer: { externalId: `c${i}`, email: `c${i}@example.com`, language: "en" },
      answers: { nps: i % 7, why: `Answer ${i}` },
    }));
    const res = await t.call("POST", "/api/v1/responses", { responses });
    expect(res.statusCode, res.body).toBeLessThan(300);
  });

  afterAll(async () => {
    await one?.app.close();
    await two?.app.close();
    await twin?.close();
    await smtp?.close();
    await receiver?.close();
  });

  it("sends each detractor alert and each customer notification once, with both servers claiming", async () => {
    // The case owner acknowledges every case on the second server: one notification per customer.
    const cases = (await t.call("GET", "/api/v1/cases?limit=100")).json().items as { id: string }[];
    expect(cases).toHaveLength(ANSWERS);
    const acknowledge = (id: string) =>
      two.app.inject({
        method: "POST",
        url: `/api/v1/cases/${id}/transitions`,
        headers: { authorization: `Bearer ${t.key}` },
        payload: { to: "acknowledged" },
      });
    for (const c of cases) expect((await acknowledge(c.id)).statusCode).toBe(200);

    const at = new Date(NOW.getTime() + 60_000);
    both(at);
    // Small batches, so the two servers take turns claiming from the same queues.
    const [a, b, na, nb] = await Promise.all([
      sendDueDeliveries(twin.a.db, at, { batch: 5 }),
      sendDueDeliveries(twin.b.db, at, { batch: 5 }),
      sendDueNotifications(twin.a.db, "http://otklik.test", at, { batch: 5 }),
      sendDueNotifications(twin.b.db, "http://otklik.test", at, { batch: 5 }),
    ]);
    expect(total(a, b)).toBe(2 * ANSWERS);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(total(na, nb)).toBe(ANSWERS);
    expect(na.sent).toBeGreaterThan(0);
    expect(nb.sent).toBeGreaterThan(0);

    const alerts = smtp.messages.filter((m) => m.envelope.to.includes("lead@acme.test"));
    expect(alerts).toHaveLength(ANSWERS);
    expect(new Set(alerts.map((m) => m.parsed.text)).size).toBe(ANSWERS);
    expect(receiver.deliveryIds).toHaveLength(ANSWERS);
    expect(new Set(receiver.deliveryIds).size).toBe(ANSWERS);
    for (let i = 0; i < ANSWERS; i++)
      expect(smtp.messages.filter((m) => m.envelope.to.includes(`c${i}@example.com`))).toHaveLength(1);
  });

  it("queues and sends each overdue alert once when both servers scan at the same moment", async () => {
    const at = new Date(NOW.getTime() + 5 * HOUR);
    both(at);
    const [a, b] = await Promise.all([runAlerts(one.ctx, at), runAlerts(two.ctx, at)]);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    expect(a.overdue + b.overdue).toBe(2 * ANSWERS); // an email and a webhook per case
    expect(total(a.deliveries, b.deliveries)).toBe(2 * ANSWERS);
    const later = new Date(at.getTime() + HOUR);
    both(later);
    await Promise.all([runAlerts(one.ctx, later), runAlerts(two.ctx, later)]);
    const overdue = smtp.messages.filter((m) => String(m.parsed.subject).startsWith("Case overdue"));
    expect(overdue).toHaveLength(ANSWERS);
    expect(receiver.deliveryIds).toHaveLength(2 * ANSWERS);
    expect(new Set(receiver.deliveryIds).size).toBe(2 * ANSWERS);
  });

  it("leaves every delivery sent after one attempt", async () => {
    const seen: { status: string; attempts: number }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: typeof seen; nextCursor: string | null } = (
        await t.call("GET", `/api/v1/alerts/deliveries?limit=50${cursor ? `&cursor=${cursor}` : ""}`)
      ).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4 * ANSWERS);
    expect(seen.every((d) => d.status === "sent" && d.attempts === 1)).toBe(true);
    const notes = (await t.call("GET", "/api/v1/case-notifications?limit=100")).json().items;
    expect(notes).toHaveLength(ANSWERS);
    expect(
      notes.every((n: { status: string; attempts: number }) => n.status === "sent" && n.attempts === 1),
    ).toBe(true);
  });
});
