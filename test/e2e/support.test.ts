import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";

const EMAIL = "support-lead@example.com";
const PASSWORD = "support-pass-2026";
/** The lead of a second help desk with a month of history, for the period comparison. */
const EMAIL2 = "support-lead-2@example.com";
const HOUR = 3_600_000;
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** 40 tickets from `start`, ten minutes apart, every fourth by chat, replied to after `replyMin(i)` minutes. */
const replied = (prefix: string, start: number, replyMin: (i: number) => number) =>
  Array.from({ length: 40 }, (_, i) => {
    const created = start + i * 10 * MIN;
    return {
      externalId: `${prefix}${i}`,
      createdAt: iso(created),
      channel: i % 4 === 0 ? "chat" : "email",
      assignee: "anna",
      messages: [
        { externalId: `${prefix}${i}-c`, author: "customer", at: iso(created) },
        {
          externalId: `${prefix}${i}-a`,
          author: "agent",
          agent: "anna",
          at: iso(created + replyMin(i) * MIN),
        },
      ],
    };
  });

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const testid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

const [database] = testDatabases();
if (!database) throw new Error("no test database");

describe("support dashboard", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let tenant: Tenant;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(resolve(import.meta.dirname, "../../dist/web/index.html"))) {
      throw new Error("build the dashboard first: npx vite build --config web/vite.config.ts");
    }
    handle = await database.open();
    world = await startApp(handle);
    tenant = await makeTenant(world, { timeZone: "Europe/Moscow" });
    await addUser(world.ctx.db, tenant.workspaceId, {
      email: EMAIL,
      name: "Lead",
      password: PASSWORD,
      role: "admin",
    });
    const policy = await tenant.call("POST", "/api/v1/support/sla-policies", {
      name: "Round the clock",
      targets: [{ match: {}, firstReplyMinutes: 30 }],
    });
    expect(policy.statusCode, policy.body).toBe(201);
    // Three tickets a day ago: one answered in 10 minutes, one (a bot answer only) after 2 hours, one never.
    const created = Date.now() - 24 * HOUR;
    const tickets = [10 * 60_000, 2 * HOUR, null].map((reply, i) => ({
      externalId: `E-${i + 1}`,
      createdAt: iso(created + i * 60_000),
      channel: i === 2 ? "chat" : "email",
      assignee: i === 0 ? "anna" : "boris",
      messages: [
        { externalId: `E-${i + 1}-c`, author: "customer", at: iso(created + i * 60_000) },
        { externalId: `E-${i + 1}-b`, author: "bot", at: iso(created + i * 60_000 + 1000) },
        ...(reply === null
          ? []
          : [
              {
                externalId: `E-${i + 1}-a`,
                author: "agent",
                agent: "anna",
                at: iso(created + i * 60_000 + reply),
              },
            ]),
      ],
    }));
    const res = await tenant.call("POST", "/api/v1/support/tickets", { tickets });
    expect(res.statusCode, res.body).toBe(201);

    // The second desk: 40 tickets 40 days ago answered after 50 or 70 minutes (all breach a 30-minute
    // target), 40 two days ago answered after 5 or 15 minutes (all met).
    const second = await makeTenant(world, { timeZone: "Europe/Moscow" });
    await addUser(world.ctx.db, second.workspaceId, {
      email: EMAIL2,
      name: "Lead 2",
      password: PASSWORD,
      role: "admin",
    });
    const policy2 = await second.call("POST", "/api/v1/support/sla-policies", {
      name: "Half an hour",
      targets: [{ match: {}, firstReplyMinutes: 30 }],
    });
    expect(policy2.statusCode, policy2.body).toBe(201);
    const history = await second.call("POST", "/api/v1/support/tickets", {
      tickets: [
        ...replied("P", Date.now() - 40 * 24 * HOUR, (i) => (i % 2 ? 70 : 50)),
        ...replied("C", Date.now() - 2 * 24 * HOUR, (i) => (i % 2 ? 15 : 5)),
      ],
    });
    expect(history.statusCode, history.body).toBe(201);
    base = await listen(world);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
  });

  it("shows SLA, reply times and the tickets behind the breached figure, in English and Russian", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await testid(page, "login-email").fill(EMAIL);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await testid(page, "nav-support").click();
    await testid(page, "support-sla").waitFor();
    // Nothing before this month to compare with.
    await poll(() => testid(page, "support-sla-change").textContent()).toContain(
      "No data in the previous period",
    );
    // 1 met, 2 breached (the bot answer is no reply; the unanswered ticket is past its deadline).
    await poll(() => testid(page, "support-sla").locator("[data-value]").getAttribute("data-value")).toBe(
      String(100 / 3),
    );
    // Median of 10 min and 2 h.
    await poll(() => testid(page, "support-frt").textContent()).toContain("1 h 5 min");
    await poll(() => testid(page, "support-frt").textContent()).toContain("1 ticket still waiting");
    await testid(page, "support-show-breached").click();
    await poll(() => testid(page, "support-breach").count()).toBe(2);
    await poll(() =>
      testid(page, "support-breach").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-ticket"))),
    ).toEqual(["E-2", "E-3"]);
    // The drill-down's export carries the same query: both breached tickets, with the session's cookie.
    const csvHref = await testid(page, "support-breaches-export-csv").getAttribute("href");
    expect(csvHref).toContain("/api/v1/support/exports/breaches.csv?");
    expect(csvHref).toContain("measure=firstReply");
    const csv = await page.request.get(`${base}${csvHref}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain("E-2");
    expect(text).toContain("E-3");
    expect(text).not.toContain("E-1");
    await page.keyboard.press("Escape");

    // The SLA trend (one day: 1 of 3 met) and the FRT distribution (two replies) are drawn as charts.
    await testid(page, "support-sla-trend").locator('[role="img"]').waitFor();
    await testid(page, "support-frt-distribution").locator('[role="img"]').waitFor();
    await poll(() => testid(page, "support-frt-distribution").locator("svg path").count()).toBeGreaterThan(0);

    await testid(page, "support-group-by").selectOption("agent");
    await poll(() => testid(page, "support-group").count()).toBe(2);

    await page.getByRole("button", { name: "RU", exact: true }).click();
    await poll(() => page.locator("h1").textContent()).toBe("Поддержка");
    await poll(() => testid(page, "support-sla").textContent()).toContain("SLA: первый ответ");
    await context.close();
  });

  it("tells whether each change against the previous period is significant", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await testid(page, "login-email").fill(EMAIL2);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await page.waitForURL((url) => url.pathname !== "/login");
    await page.goto(`${base}/support`);
    const sla = testid(page, "support-sla-change");
    // 40 of 40 met against 0 of 40: the two-proportion z test.
    await poll(() => sla.getAttribute("data-significant")).toBe("true");
    await poll(() => sla.textContent()).toContain("▲ +100.0 pts vs 0.0% in the previous period (n = 40)");
    expect(await sla.textContent()).toContain("Significant change (p < 0.001)");
    expect(await sla.locator(".delta-good").count()).toBe(1);
    // Mean first reply 10 min against 1 h: Welch's t, a fall is the improvement.
    const frt = testid(page, "support-frt-change");
    await poll(() => frt.getAttribute("data-significant")).toBe("true");
    expect(await frt.textContent()).toContain("Mean: ▼ -50 min vs 1 h 0 min in the previous period (n = 40)");
    expect(await frt.locator(".delta-good").count()).toBe(1);
    expect(await testid(page, "support-frt").textContent()).toContain(
      "median 1 h 0 min in the previous period",
    );
    // Chats only: 10 a side, too few to call the same change significant.
    await testid(page, "support-channel").selectOption("chat");
    await poll(() => sla.textContent()).toContain("(n = 10)");
    await poll(() => sla.getAttribute("data-significant")).toBe("false");
    expect(await sla.textContent()).toContain("Under 30 cases on a side: not called significant (p < 0.001)");
    expect(await sla.locator(".delta-flat").count()).toBe(1);

    await page.getByRole("button", { name: "RU", exact: true }).click();
    await poll(() => sla.textContent()).toContain("Меньше 30 случаев");
    await testid(page, "support-channel").selectOption("");
    await poll(() => sla.textContent()).toContain("Значимое изменение (p < 0.001)");
    await poll(() => frt.textContent()).toContain("Среднее: ▼ -50 мин");
    await context.close();
  });
});
