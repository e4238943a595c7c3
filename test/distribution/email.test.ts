import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";
import { days, pathOf, runAt, startSmtp, type TestSmtp } from "./helpers.js";

/** 23:00 in Moscow: inside the quiet hours. */
const NOW = new Date("2026-03-10T20:00:00Z");

interface Invitation {
  id: string;
  status: string;
  reason: string | null;
  sendAt: string;
  customerExternalId: string;
  channel: string;
}

function bootOf(res: LightMyRequestResponse) {
  const m = /<script type="application\/json" id="otklik-boot">([\s\S]*?)<\/script>/.exec(res.body);
  if (!m?.[1]) throw new Error(`no boot JSON in ${res.body.slice(0, 300)}`);
  return JSON.parse(m[1]);
}

/** The score links of an email's HTML, by value. */
function scoreLinks(html: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of html.matchAll(/href="([^"]*\/e\/[A-Za-z0-9_-]+\?q=[a-z_]+&amp;v=(\d+))"/g)) {
    out.set(Number(m[2]), (m[1] ?? "").replaceAll("&amp;", "&"));
  }
  return out;
}

describe.each(testDatabases())("email invitations on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let smtp: TestSmtp;
  let npsSurvey: string;
  let csatSurvey: string;

  const invitations = async (query = ""): Promise<Invitation[]> =>
    (await t.call("GET", `/api/v1/invitations?limit=500${query}`)).json().items;
  const post = (url: string, form: Record<string, string>) =>
    world.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams(form).toString(),
    });
  const get = (url: string) => world.app.inject({ method: "GET", url });

  beforeAll(async () => {
    smtp = await startSmtp({
      user: "mailer",
      password: "s3cret",
      refuse: (a) => (a.startsWith("nobody@") ? 550 : undefined),
    });
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    npsSurvey = (await createSurvey(t, "relational-nps")).id;
    csatSurvey = (await createSurvey(t, "transactional-csat")).id;
    const res = await t.call("PUT", "/api/v1/distribution/smtp", {
      host: "127.0.0.1",
      port: smtp.port,
      user: "mailer",
      password: "s3cret",
      from: "Acme Feedback <feedback@acme.test>",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().smtp).toMatchObject({ host: "127.0.0.1", passwordSet: true });
    expect(res.body).not.toContain("s3cret");
    const settings = await t.call("PATCH", "/api/v1/distribution/settings", {
      recontactDays: 60,
      quietHours: { from: "22:00", to: "09:00" },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const trigger = await t.call("POST", "/api/v1/triggers", {
      name: "NPS 10 days after delivery",
      surveyId: npsSurvey,
      channel: "email",
      rule: { kind: "event", eventType: "order_delivered", delayMinutes: 10 * 24 * 60 },
    });
    expect(trigger.statusCode, trigger.body).toBe(201);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
    await smtp?.close();
  });

  it("test-sends over the stored SMTP settings, password included", async () => {
    const res = await t.call("POST", "/api/v1/distribution/smtp/test", { to: "ops@acme.test" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().ok).toBe(true);
    expect(smtp.logins).toContain("mailer:s3cret");
    expect(smtp.messages.at(-1)?.envelope.to).toEqual(["ops@acme.test"]);
    smtp.messages.length = 0;
  });

  let link9: string;
  let token: string;

  it("sends the email 10 days after the event, after the quiet hours, in the customer's language", async () => {
    const ev = await t.call("POST", "/api/v1/events", {
      externalId: "delivery-1",
      type: "order_delivered",
      customer: {
        externalId: "anna",
        name: "Анна",
        email: "anna@example.ru",
        language: "ru",
        timeZone: "Europe/Moscow",
      },
      properties: { orderId: "A-1" },
    });
    expect(ev.json().invitations).toBe(1);

    expect((await runAt(world, NOW)).claimed).toBe(0);
    expect((await runAt(world, new Date(NOW.getTime() + days(9)))).claimed).toBe(0);
    const due = new Date(NOW.getTime() + days(10));
    const deferred = await runAt(world, due);
    expect(deferred).toMatchObject({ claimed: 1, deferred: 1, sent: 0 });
    const [queued] = await invitations("&customer=anna");
    // 23:00 in Moscow is quiet: the invitation waits for 09:00 local (06:00 UTC).
    expect(queued).toMatchObject({ status: "queued", sendAt: "2026-03-21T06:00:00.000Z" });
    expect(smtp.messages).toHaveLength(0);

    const sent = await runAt(world, new Date("2026-03-21T06:00:00Z"));
    expect(sent).toMatchObject({ claimed: 1, sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    if (!mail) throw new Error("no mail");
    expect(mail.envelope.to).toEqual(["anna@example.ru"]);
    expect(mail.parsed.subject).toBe("Короткий вопрос от Test");
    expect(mail.parsed.from?.text).toContain("feedback@acme.test");
    const html = String(mail.parsed.html);
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain("Насколько вероятно, что вы порекомендуете нас");
    expect(html).toContain("Здравствуйте, Анна!");
    expect(mail.parsed.text).toContain("Отписаться");
    const links = scoreLinks(html);
    expect([...links.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    link9 = links.get(9) ?? "";
    expect(link9).toMatch(/^http:\/\/otklik\.test\/e\/[A-Za-z0-9_-]{22,}\?q=nps&v=9$/);
    token = /\/e\/([A-Za-z0-9_-]+)/.exec(link9)?.[1] ?? "";
    // 128 bits or more.
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    const unsubscribe = `http://otklik.test/u/${token}`;
    expect(mail.raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(mail.raw).toContain(`List-Unsubscribe: <${unsubscribe}>`);
    expect(html).toContain(`href="${unsubscribe}"`);
    const [inv] = await invitations("&customer=anna");
    expect(inv).toMatchObject({ status: "sent", channel: "email" });
  });

  it("never records an answer on a GET: link scanners fetch every link", async () => {
    for (const link of scoreLinks(String(smtp.messages[0]?.parsed.html)).values()) {
      const res = await get(pathOf(link));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<form method="post"');
      expect(res.body).toContain("<noscript>");
    }
    const responses = await t.call("GET", `/api/v1/responses?surveyId=${npsSurvey}`);
    expect(responses.json().items).toEqual([]);
    // The confirmation page's script runs only with its nonce.
    const page = await get(pathOf(link9));
    const nonce = /script-src 'nonce-([^']+)'/.exec(String(page.headers["content-security-policy"]))?.[1];
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    expect(page.body).toContain("Сохраняем ваш ответ: 9");
  });

  it("records the clicked score first, then opens the page for the follow-ups", async () => {
    world.setNow(new Date("2026-03-21T08:00:00Z"));
    const res = await post(`/e/${token}`, { q: "nps", v: "9" });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/s/${npsSurvey}?t=${token}&lang=ru`);
    const responses = (await t.call("GET", `/api/v1/responses?surveyId=${npsSurvey}`)).json().items;
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      channel: "email",
      customerExternalId: "anna",
      status: "partial",
      attributes: { orderId: "A-1" },
      answers: [expect.objectContaining({ questionId: "nps", value: 9 })],
    });
    const page = await get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    const boot = bootOf(page);
    expect(boot).toMatchObject({ token, language: "ru", answers: { nps: 9 } });
    const [inv] = await invitations("&customer=anna");
    expect(inv).toMatchObject({ status: "answered" });
  });

  it("updates the same response when the customer changes their mind", async () => {
    world.setNow(new Date("2026-03-21T08:05:00Z"));
    // Another score from the email, later: an update, not a second response.
    await post(`/e/${token}`, { q: "nps", v: "7" });
    // The follow-up on the page, from another browser (another client key).
    const put = await world.app.inject({
      method: "PUT",
      url: `/api/public/surveys/${npsSurvey}/responses/${"z".repeat(32)}`,
      payload: { answers: { nps: 8, why: "Быстрая доставка" }, token, complete: true, language: "ru" },
    });
    expect(put.statusCode, put.body).toBe(200);
    const responses = (await t.call("GET", `/api/v1/responses?surveyId=${npsSurvey}`)).json().items;
    expect(responses).toHaveLength(1);
    expect(responses[0].status).toBe("complete");
    expect(responses[0].channel).toBe("email");
    const answers = Object.fromEntries(
      responses[0].answers.map((a: { questionId: string; value: number; text: string }) => [
        a.questionId,
        a.value ?? a.text,
      ]),
    );
    expect(answers).toMatchObject({ nps: 8, why: "Быстрая доставка" });
  });

  it("withdraws scores a scanner posts for every link within seconds", async () => {
    world.setNow(new Date("2026-03-21T09:00:00Z"));
    await t.call("POST", "/api/v1/events", {
      externalId: "delivery-2",
      type: "order_delivered",
      occurredAt: "2026-03-21T09:00:00Z",
      customer: { externalId: "boris", email: "boris@example.com", language: "en", timeZone: "UTC" },
    });
    await runAt(world, new Date("2026-03-31T12:00:00Z"));
    const mail = smtp.messages.find((m) => m.envelope.to[0] === "boris@example.com");
    if (!mail) throw new Error("no mail for boris");
    expect(mail.parsed.subject).toBe("A quick question from Test");
    const links = scoreLinks(String(mail.parsed.html));
    const bToken = /\/e\/([A-Za-z0-9_-]+)/.exec(links.get(0) ?? "")?.[1] ?? "";
    for (const v of [0, 1, 2]) await post(`/e/${bToken}`, { q: "nps", v: String(v) });
    const responses = (await t.call("GET", `/api/v1/responses?surveyId=${npsSurvey}&limit=10`)).json().items;
    const boris = responses.find((r: { customerExternalId: string }) => r.customerExternalId === "boris");
    expect(boris?.answers ?? []).toEqual([]);
    expect((await invitations("&customer=boris"))[0]).toMatchObject({ status: "opened" });
    // The person comes later and clicks one score: it counts.
    world.setNow(new Date("2026-03-31T14:00:00Z"));
    await post(`/e/${bToken}`, { q: "nps", v: "10" });
    const after = (await t.call("GET", `/api/v1/responses?surveyId=${npsSurvey}&limit=10`)).json().items;
    expect(
      after.find((r: { customerExternalId: string }) => r.customerExternalId === "boris").answers,
    ).toEqual([expect.objectContaining({ questionId: "nps", value: 10 })]);
  });

  it("throttles a customer across surveys within the recontact period", async () => {
    await t.call("POST", "/api/v1/triggers", {
      name: "CSAT right after the order",
      surveyId: csatSurvey,
      channel: "email",
      rule: { kind: "event", eventType: "order_paid" },
    });
    world.setNow(new Date("2026-04-01T10:00:00Z"));
    await t.call("POST", "/api/v1/events", {
      type: "order_paid",
      occurredAt: "2026-04-01T10:00:00Z",
      customer: { externalId: "anna" },
    });
    const before = smtp.messages.length;
    const run = await runAt(world, new Date("2026-04-01T10:00:00Z"));
    expect(run).toMatchObject({ claimed: 1, suppressed: 1 });
    expect(smtp.messages).toHaveLength(before);
    const [inv] = await invitations(`&customer=anna&surveyId=${csatSurvey}`);
    expect(inv).toMatchObject({ status: "suppressed", reason: "throttled" });
  });

  it("renders CSAT faces with labels and records a click on one", async () => {
    await t.call("POST", "/api/v1/events", {
      type: "order_paid",
      occurredAt: "2026-04-01T10:00:00Z",
      customer: { externalId: "carl", email: "carl@example.com" },
    });
    await runAt(world, new Date("2026-04-01T10:00:00Z"));
    const mail = smtp.messages.find((m) => m.envelope.to[0] === "carl@example.com");
    const html = String(mail?.parsed.html);
    expect(html).toContain("How satisfied are you with your order?");
    for (const label of ["Very dissatisfied", "Neutral", "Very satisfied"]) expect(html).toContain(label);
    expect(html).toContain("😍");
    const links = scoreLinks(html);
    expect([...links.keys()]).toEqual([1, 2, 3, 4, 5]);
    const cToken = /\/e\/([A-Za-z0-9_-]+)/.exec(links.get(5) ?? "")?.[1] ?? "";
    expect((await get(pathOf(links.get(5) ?? ""))).body).toContain("Very satisfied");
    expect((await post(`/e/${cToken}`, { q: "csat", v: "5" })).statusCode).toBe(303);
    const responses = (await t.call("GET", `/api/v1/responses?surveyId=${csatSurvey}`)).json().items;
    expect(responses[0].answers[0]).toMatchObject({ questionId: "csat", value: 5 });
  });

  it("honours unsubscribe on every channel, for good (one-click POST; the GET only asks)", async () => {
    const page = await get(`/u/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect((await t.call("GET", "/api/v1/suppressions")).json().items).toEqual([]);
    const res = await post(`/u/${token}`, { "List-Unsubscribe": "One-Click" });
    expect(res.statusCode).toBe(200);
    const suppressions = (await t.call("GET", "/api/v1/suppressions")).json().items;
    expect(suppressions).toEqual([expect.objectContaining({ channel: "all", reason: "unsubscribed" })]);

    await t.call("POST", "/api/v1/triggers", {
      name: "Link after signup",
      surveyId: csatSurvey,
      channel: "link",
      rule: { kind: "event", eventType: "signup" },
      recontactDays: 0,
    });
    world.setNow(new Date("2026-09-01T10:00:00Z"));
    await t.call("POST", "/api/v1/events", {
      events: [
        { type: "order_delivered", occurredAt: "2026-09-01T10:00:00Z", customer: { externalId: "anna" } },
        { type: "signup", occurredAt: "2026-09-01T10:00:00Z", customer: { externalId: "anna" } },
      ],
    });
    const before = smtp.messages.length;
    await runAt(world, new Date("2026-09-11T10:00:00Z"));
    expect(smtp.messages).toHaveLength(before);
    const annas = await invitations("&customer=anna&from=2026-09-01T00:00:00Z");
    expect(annas).toHaveLength(2);
    for (const inv of annas) expect(inv).toMatchObject({ status: "suppressed", reason: "unsubscribed" });
    // The link keeps working long after it expired for answers.
    world.setNow(new Date("2027-09-01T00:00:00Z"));
    expect((await post(`/u/${token}`, {})).body).toContain("Готово");
  });

  it("records SMTP refusals as bounces and stops emailing that address", async () => {
    world.setNow(new Date("2026-10-01T10:00:00Z"));
    await t.call("POST", "/api/v1/events", {
      type: "order_paid",
      occurredAt: "2026-10-01T10:00:00Z",
      customer: { externalId: "nobody", email: "nobody@example.com" },
    });
    const run = await runAt(world, new Date("2026-10-01T10:00:00Z"));
    expect(run).toMatchObject({ bounced: 1 });
    const [inv] = await invitations("&customer=nobody");
    expect(inv).toMatchObject({ status: "bounced", reason: "smtp_rejected" });
    const suppressions = (await t.call("GET", "/api/v1/suppressions")).json().items;
    expect(suppressions).toContainEqual(expect.objectContaining({ channel: "email", reason: "bounced" }));
  });

  it("reports the response rate per channel", async () => {
    const res = await t.call("GET", "/api/v1/invitations/rates?groupBy=channel");
    expect(res.statusCode).toBe(200);
    const email = res.json().items.find((r: { key: string }) => r.key === "email");
    // anna (answered), boris (answered), carl (answered); nobody bounced; throttled/unsubscribed suppressed.
    expect(email).toMatchObject({ delivered: 3, answered: 3, bounced: 1, responseRate: 100 });
  });
});

describe.each(testDatabases())("email outbox on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    const survey = (await createSurvey(t, "relational-nps")).id;
    await t.call("POST", "/api/v1/triggers", {
      name: "NPS",
      surveyId: survey,
      channel: "email",
      rule: { kind: "event", eventType: "visit" },
    });
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("keeps emails in the outbox while no SMTP server is configured", async () => {
    await t.call("POST", "/api/v1/events", {
      type: "visit",
      customer: { externalId: "x", email: "x@example.com", name: `<b>"X"</b>` },
    });
    expect(await runAt(world, NOW)).toMatchObject({ sent: 1 });
    const outbox = (await t.call("GET", "/api/v1/outbox")).json().items;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to: "x@example.com", subject: "A quick question from Test" });
    expect(outbox[0].headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(outbox[0].html).toContain("Hello, &lt;b&gt;&quot;X&quot;&lt;/b&gt;!");
    const [inv] = (await t.call("GET", "/api/v1/invitations")).json().items;
    expect(inv).toMatchObject({ status: "sent", detail: expect.stringContaining("outbox") });
  });
});
