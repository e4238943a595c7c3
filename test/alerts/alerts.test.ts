import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAlerts } from "../../src/alerts/jobs.js";
import type { DbHandle } from "../../src/db/connection.js";
import { startSmtp, type TestSmtp } from "../distribution/helpers.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

/** Monday 2026-03-09 10:00 in Moscow (07:00 UTC). */
const NOW = new Date("2026-03-09T07:00:00Z");
const HOUR = 3_600_000;
const SECRET = "whsec-0123456789abcdef";

interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver of signed webhooks that answers with the status `status()` gives. */
async function startReceiver(status: () => number) {
  const received: Hook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status()).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** What a receiver does: HMAC over "<timestamp>.<raw body>", compared in constant time. */
function verify(h: Hook, secret: string) {
  const ts = String(h.headers["x-otklik-timestamp"]);
  const expected = `sha256=${createHmac("sha256", secret).update(`${ts}.${h.body}`).digest("hex")}`;
  const got = String(h.headers["x-otklik-signature"]);
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

describe.each(testDatabases())("alerts, digests and customer notifications on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let other: Tenant;
  let smtp: TestSmtp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hookStatus = 200;
  let surveyId: string;
  let ruleId: string;

  const run = (at: Date) => {
    world.setNow(at);
    return runAlerts(world.ctx, at);
  };
  const respond = (nps: number, why: string | undefined, id: string, at = NOW, attributes = {}) =>
    t.call("POST", "/api/v1/responses", {
      surveyId,
      externalId: id,
      submittedAt: at.toISOString(),
      attributes,
      customer: { externalId: `c-${id}`, email: `${id}@example.com`, name: "Анна <b>", language: "ru" },
      answers: why ? { nps, why } : { nps },
    });
  const mailsTo = (address: string) => smtp.messages.filter((m) => m.envelope.to.includes(address));

  beforeAll(async () => {
    smtp = await startSmtp();
    receiver = await startReceiver(() => hookStatus);
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
    other = await makeTenant(world);
    surveyId = (await createSurvey(t)).id;
    const smtpRes = await t.call("PUT", "/api/v1/distribution/smtp", {
      host: "127.0.0.1",
      port: smtp.port,
      from: "Acme <cx@acme.test>",
    });
    expect(smtpRes.statusCode, smtpRes.body).toBe(200);
  });

  afterAll(async () => {
    await world.app.close();
    await handle.close();
    await smtp.close();
    await receiver.close();
  });

  it("validates alert rules and names the field", async () => {
    const noTarget = await t.call("POST", "/api/v1/alerts/rules", { name: "x", events: ["detractor"] });
    expect(noTarget.statusCode).toBe(400);
    expect(noTarget.json().error.field).toBe("emails");
    const noSecret = await t.call("POST", "/api/v1/alerts/rules", {
      name: "x",
      events: ["detractor"],
      webhook: { url: receiver.url },
    });
    expect(noSecret.json().error.field).toBe("webhook.secret");
    const badUrl = await t.call("POST", "/api/v1/alerts/rules", {
      name: "x",
      events: ["detractor"],
      webhook: { url: "ftp://example.com", secret: SECRET },
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error.field).toContain("webhook");
    const badEvent = await t.call("POST", "/api/v1/alerts/rules", {
      name: "x",
      events: ["nope"],
      emails: ["a@b.co"],
    });
    expect(badEvent.statusCode).toBe(400);
  });

  it("alerts a detractor once by email and by a signed Slack-compatible webhook, retrying a failing receiver", async () => {
    const res = await t.call("POST", "/api/v1/alerts/rules", {
      name: "Detractors",
      events: ["detractor", "case_overdue", "early_warning"],
      emails: ["lead@acme.test", "ops@acme.test"],
      webhook: { url: receiver.url, secret: SECRET },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().webhook).toEqual({ url: receiver.url, secretSet: true });
    expect(res.body).not.toContain(SECRET);
    ruleId = res.json().id;

    hookStatus = 503;
    await respond(2, "Курьер <script>alert(1)</script> опоздал & нагрубил", "d1");
    await respond(2, "Курьер <script>alert(1)</script> опоздал & нагрубил", "d1"); // a retry of the same answer
    await respond(10, "Всё отлично", "p1");
    const first = await run(NOW);
    expect(first.deliveries).toMatchObject({ sent: 2, retry: 1 });
    expect(mailsTo("lead@acme.test")).toHaveLength(1);
    const mail = mailsTo("lead@acme.test")[0];
    expect(mail?.parsed.subject).toContain("NPS 2");
    expect(mail?.parsed.html).toContain("&lt;script&gt;");
    expect(mail?.parsed.html).not.toContain("<script>");

    // Still failing a minute later: the backoff has not passed, nothing is tried.
    expect((await run(new Date(NOW.getTime() + 30_000))).deliveries.retry).toBe(0);
    hookStatus = 200;
    const later = await run(new Date(NOW.getTime() + 2 * 60_000));
    expect(later.deliveries.sent).toBe(1);
    expect(receiver.received).toHaveLength(2);
    const hook = receiver.received[1] as Hook;
    expect(verify(hook, SECRET)).toBe(true);
    expect(verify(hook, "another-secret-123456")).toBe(false);
    expect(hook.headers["x-otklik-delivery"]).toBe(receiver.received[0]?.headers["x-otklik-delivery"]);
    const body = JSON.parse(hook.body);
    expect(body.text).toContain("NPS 2");
    expect(body.text).toContain("&lt;script&gt;");
    expect(body.blocks[0].type).toBe("section");
    expect(body.otklik).toMatchObject({ event: "detractor", data: { score: { kind: "nps", value: 2 } } });

    // Nothing more to send, ever: each alert went once.
    await run(new Date(NOW.getTime() + HOUR));
    expect(mailsTo("lead@acme.test")).toHaveLength(1);
    expect(receiver.received).toHaveLength(2);
    const log = (await t.call("GET", "/api/v1/alerts/deliveries?kind=detractor")).json();
    expect(log.items).toHaveLength(3);
    expect(log.items.every((d: { status: string }) => d.status === "sent")).toBe(true);
  });

  it("alerts a case that becomes overdue once", async () => {
    const r = await t.call("POST", "/api/v1/routing-rules", {
      name: "All detractors",
      conditions: { groups: ["detractor"] },
      dueHours: 4,
    });
    expect(r.statusCode, r.body).toBe(201);
    await respond(1, "Ужасно", "d2", new Date(NOW.getTime() + HOUR));
    world.setNow(new Date(NOW.getTime() + HOUR));
    await run(new Date(NOW.getTime() + HOUR));
    const before = mailsTo("ops@acme.test").length;
    await run(new Date(NOW.getTime() + 6 * HOUR));
    await run(new Date(NOW.getTime() + 7 * HOUR));
    const overdue = mailsTo("ops@acme.test").slice(before);
    expect(overdue.filter((m) => String(m.parsed.subject).startsWith("Case overdue"))).toHaveLength(1);
  });

  it("sends customer notifications of a case through SMTP, with the sorry-bonus code", async () => {
    const cases = (await t.call("GET", "/api/v1/cases")).json().items;
    const c = cases[0];
    await t.call("POST", "/api/v1/promo-pools", { name: "Sorry", codes: ["SORRY-42"] });
    const pool = (await t.call("GET", "/api/v1/promo-pools")).json().items[0];
    expect((await t.call("POST", `/api/v1/cases/${c.id}/promo`, { poolId: pool.id })).statusCode).toBe(200);
    await t.call("POST", `/api/v1/cases/${c.id}/transitions`, { to: "acknowledged" });
    await t.call("POST", `/api/v1/cases/${c.id}/transitions`, {
      to: "resolved",
      customerMessage: "Сменили курьерскую службу",
    });
    const at = new Date(NOW.getTime() + 8 * HOUR);
    const s = await run(at);
    expect(s.notifications.sent).toBe(2);
    const customer = smtp.messages.filter((m) => m.envelope.to.includes("d2@example.com"));
    expect(customer.map((m) => m.parsed.subject)).toEqual([
      "Мы получили ваш отзыв",
      "Мы решили вопрос из вашего отзыва",
    ]);
    expect(customer[1]?.parsed.text).toContain("SORRY-42");
    expect(customer[1]?.parsed.html).toContain("Анна &lt;b&gt;");
    const outbox = (await t.call("GET", `/api/v1/case-notifications?caseId=${c.id}`)).json().items;
    expect(outbox.map((o: { status: string }) => o.status)).toEqual(["sent", "sent"]);
  });

  it("gives promoters a referral link whose visits and signups feed the referral rate", async () => {
    const bad = await t.call("PUT", "/api/v1/referrals/settings", { enabled: true, landingUrl: null });
    expect(bad.json().error.field).toBe("landingUrl");
    const ok = await t.call("PUT", "/api/v1/referrals/settings", {
      enabled: true,
      landingUrl: "https://acme.test/join",
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const at = new Date(NOW.getTime() + 9 * HOUR);
    world.setNow(at);
    await respond(10, "Супер", "p2", at);
    await respond(9, undefined, "p2b", at);
    await run(at);
    const mail = smtp.messages.find((m) => m.envelope.to.includes("p2@example.com"));
    expect(mail?.parsed.subject).toBe("Спасибо за высокую оценку!");
    const link = /http:\/\/otklik\.test\/r\/([A-Za-z0-9_-]+)/.exec(String(mail?.parsed.text));
    expect(link).not.toBeNull();
    const code = link?.[1] ?? "";
    const visit = await world.app.inject({ method: "GET", url: `/r/${code}` });
    expect(visit.statusCode).toBe(302);
    expect(visit.headers.location).toBe(`https://acme.test/join?ref=${code}`);
    expect((await world.app.inject({ method: "GET", url: "/r/nonexistent" })).statusCode).toBe(404);

    const signup = await t.call("POST", "/api/v1/referrals/signups", {
      code,
      customer: { externalId: "friend-1", email: "friend@example.com" },
    });
    expect(signup.statusCode, signup.body).toBe(201);
    const again = await t.call("POST", "/api/v1/referrals/signups", {
      code,
      customer: { externalId: "friend-1" },
    });
    expect(again.statusCode).toBe(409);
    expect(
      (
        await t.call("POST", "/api/v1/referrals/signups", {
          code: "nope-nope",
          customer: { externalId: "x" },
        })
      ).json().error.field,
    ).toBe("code");
    const links = (await t.call("GET", "/api/v1/referrals/links")).json().items;
    const mine = links.find((l: { code: string }) => l.code === code);
    expect(mine).toMatchObject({ visits: 1, signups: 1 });
    // The business metrics' referral rate counts the friend: one of March's two new customers (the
    // other signed up on their own; the answering customers carry no signup date, so are not new).
    const walkIn = await t.call("POST", "/api/v1/customers", {
      externalId: "walk-in-1",
      createdAt: "2026-03-05T10:00:00Z",
    });
    expect(walkIn.statusCode, walkIn.body).toBeLessThan(300);
    const biz = await t.call("GET", "/api/v1/business/metrics?from=2026-03-01&to=2026-04-01");
    expect(biz.statusCode, biz.body).toBe(200);
    expect(biz.json().metrics.referralRate).toMatchObject({ count: 1, n: 2, value: 50 });
  });

  it("sends the Monday digest once per week to every recipient, even with two runners", async () => {
    const res = await t.call("POST", "/api/v1/alerts/digests", {
      name: "Monday",
      recipients: ["lead@acme.test", "a@acme.test", "b@acme.test"],
      language: "ru",
      hour: 9,
    });
    expect(res.statusCode, res.body).toBe(201);
    // Created on Monday after 09:00: the first digest is next Monday 09:00 Moscow (06:00 UTC).
    expect(res.json().nextSendAt).toBe("2026-03-16T06:00:00.000Z");
    const id = res.json().id;
    const preview = (await t.call("GET", `/api/v1/alerts/digests/${id}/preview`)).json();
    expect(preview.from).toBe("2026-03-01T21:00:00.000Z");

    expect((await run(new Date("2026-03-16T05:59:00Z"))).digests).toBe(0);
    const at = new Date("2026-03-16T06:05:00Z");
    world.setNow(at);
    const [a, b] = await Promise.all([runAlerts(world.ctx, at), runAlerts(world.ctx, at)]);
    expect(a.digests + b.digests).toBe(3);
    await run(new Date("2026-03-16T09:00:00Z"));
    const digests = smtp.messages.filter((m) => String(m.parsed.subject).startsWith("Сводка отзывов"));
    expect(digests.flatMap((m) => m.envelope.to).sort()).toEqual([
      "a@acme.test",
      "b@acme.test",
      "lead@acme.test",
    ]);
    const text = String(digests[0]?.parsed.text);
    expect(text).toContain("Новых ответов: 5");
    expect(text).toMatch(/NPS · .*за период \(n = 5\)/);
    expect(text).toContain("Обращения: 0 открыто, 0 просрочено");
  });

  it("keeps every workspace's alert settings to itself", async () => {
    expect((await other.call("GET", "/api/v1/alerts/rules")).json().items).toEqual([]);
    expect((await other.call("GET", `/api/v1/alerts/rules/${ruleId}`)).statusCode).toBe(404);
    expect((await other.call("PATCH", `/api/v1/alerts/rules/${ruleId}`, { name: "mine" })).statusCode).toBe(
      404,
    );
    expect((await other.call("DELETE", `/api/v1/alerts/rules/${ruleId}`)).statusCode).toBe(404);
    expect((await other.call("GET", "/api/v1/alerts/digests")).json().items).toEqual([]);
    expect((await other.call("GET", "/api/v1/alerts/deliveries")).json().items).toEqual([]);
    expect((await other.call("GET", "/api/v1/referrals/links")).json().items).toEqual([]);
    expect((await other.call("GET", "/api/v1/alerts/warnings")).json().items).toEqual([]);
  });
});
