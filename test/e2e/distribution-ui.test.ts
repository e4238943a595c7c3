import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import { runDue } from "../../src/distribution/jobs.js";
import { startSmtp, type TestSmtp } from "../distribution/helpers.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const EMAIL = "cx-lead@example.com";
const PASSWORD = "distribution-pass-2026";

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const [database] = testDatabases();
if (!database) throw new Error("no test database");

describe("Reaching customers pages in Chromium", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let tenant: Tenant;
  let smtp: TestSmtp;
  let browser: Browser;
  let base: string;
  let surveyName: string;

  beforeAll(async () => {
    for (const file of ["web/index.html", "widget/embed.js"]) {
      if (!existsSync(resolve(import.meta.dirname, "../../dist", file)))
        throw new Error("build the dashboard and widget first: npm run build:web");
    }
    smtp = await startSmtp();
    handle = await database.open();
    world = await startApp(handle);
    base = await listen(world);
    world.ctx.config.publicUrl = base;
    tenant = await makeTenant(world);
    await addUser(world.ctx.db, tenant.workspaceId, {
      email: EMAIL,
      name: "Lead",
      password: PASSWORD,
      role: "admin",
    });
    // A name with markup: it must show as text in the dashboard and inside the email.
    surveyName = "Delivery <b>NPS</b>";
    await createSurvey(tenant, "relational-nps", { name: surveyName });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
    await smtp?.close();
  });

  const testid = (page: Page, id: string) => page.getByTestId(id);

  it("creates a trigger, shows its invitation and outbox email, sends through SMTP, previews the widget", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("dialog", (d) => void d.accept());

    await page.goto(`${base}/distribution/triggers`);
    await testid(page, "login-email").fill(EMAIL);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await testid(page, "triggers-page").waitFor();
    await poll(() => page.getByText("No triggers yet").count()).toBe(1);

    // The editor: a bad event type is refused by the server and the complaint shows at the field.
    await testid(page, "trigger-new").click();
    await testid(page, "trigger-editor").waitFor();
    await testid(page, "trigger-name").fill("NPS after delivery");
    await poll(() => testid(page, "trigger-survey").locator("option").first().textContent()).toBe(surveyName);
    await testid(page, "trigger-event-type").fill("order delivered");
    await testid(page, "trigger-sample").fill("100");
    await testid(page, "condition-add").click();
    await testid(page, "condition-field-0").fill("event.amount");
    await testid(page, "condition-op-0").selectOption("gte");
    await testid(page, "condition-value-0").fill("1000");
    await testid(page, "trigger-save").click();
    const eventField = page.locator(".field", { has: testid(page, "trigger-event-type") });
    await poll(() => eventField.locator(".field-error").count()).toBe(1);
    expect(await testid(page, "trigger-event-type").getAttribute("aria-invalid")).toBe("true");

    await testid(page, "trigger-event-type").fill("order_delivered");
    await testid(page, "trigger-save").click();
    await testid(page, "triggers-table").waitFor();
    await poll(() => page.getByTestId("trigger-row").count()).toBe(1);
    const row = testid(page, "trigger-row");
    expect(await row.textContent()).toContain("order_delivered, at once");
    expect(await row.textContent()).toContain("1 condition");
    // Markup in the survey's name is text, not HTML.
    expect(await row.locator("b").count()).toBe(0);

    // An event arrives; with no SMTP server the email is kept in the outbox.
    const res = await tenant.call("POST", "/api/v1/events", {
      type: "order_delivered",
      customer: { externalId: "c-77", email: "anna@example.ru", language: "en" },
      properties: { amount: 1500 },
    });
    expect(res.json()).toMatchObject({ invitations: 1 });
    expect(await runDue(world.ctx, world.ctx.now())).toMatchObject({ sent: 1 });

    await testid(page, "dist-tab-invitations").click();
    await poll(() => page.getByTestId("invitation-row").count()).toBe(1);
    expect(await testid(page, "invitation-row").textContent()).toContain("c-77");
    expect(await testid(page, "invitation-status").textContent()).toBe("Sent");
    await testid(page, "invitations-status-answered").click();
    await poll(() => page.getByText("No invitations match").count()).toBe(1);

    await testid(page, "dist-tab-outbox").click();
    await poll(() => page.getByTestId("outbox-item").count()).toBe(1);
    expect(await testid(page, "outbox-item").textContent()).toContain("anna@example.ru");
    const frame = testid(page, "outbox-frame");
    expect(await frame.getAttribute("sandbox")).toBe("");
    const email = page.frameLocator("[data-testid=outbox-frame]");
    // The email's 0–10 scale: eleven score links into this server.
    await poll(() => email.locator(`a[href^="${base}/e/"][href*="v="]`).count()).toBe(11);
    await testid(page, "outbox-view-headers").click();
    expect(await testid(page, "outbox-preview").textContent()).toContain("List-Unsubscribe");

    // SMTP settings pointing at a real SMTP server, and a test message through it.
    await testid(page, "dist-tab-channels").click();
    await testid(page, "smtp-host").fill("127.0.0.1");
    await testid(page, "smtp-port").fill("abc");
    await testid(page, "smtp-from").fill("Acme CX <cx@acme.test>");
    await testid(page, "smtp-save").click();
    const portField = page.locator(".field", { has: testid(page, "smtp-port") });
    await poll(() => portField.locator(".field-error").count()).toBe(1);
    await testid(page, "smtp-port").fill(String(smtp.port));
    await testid(page, "smtp-save").click();
    await testid(page, "smtp-test-to").waitFor();
    await testid(page, "smtp-test-to").fill("lead@example.com");
    await testid(page, "smtp-test").click();
    await poll(() => testid(page, "smtp-test-result").textContent()).toContain("Accepted");
    await poll(() => smtp.messages.map((m) => m.envelope.to[0])).toEqual(["lead@example.com"]);
    expect(smtp.messages[0]?.parsed.from?.text).toContain("cx@acme.test");

    // The widget: the snippet with the workspace's key, and the real widget in the preview.
    await testid(page, "dist-tab-widget").click();
    const key = (await tenant.call("GET", "/api/v1/distribution/settings")).json().widgetKey as string;
    await poll(() => testid(page, "widget-snippet").textContent()).toContain(key);
    expect(await testid(page, "widget-snippet").textContent()).toContain(`${base}/static/embed.js`);
    expect(await testid(page, "widget-preview-frame").getAttribute("sandbox")).toBe("allow-scripts");
    const preview = page.frameLocator("[data-testid=widget-preview-frame]");
    await poll(() => preview.locator("body").getAttribute("data-otklik")).toBe("shown");
    await poll(() => preview.locator("div[data-otklik]").count()).toBe(1);
    // The preview answers the widget itself: nothing reached the server.
    expect((await tenant.call("GET", "/api/v1/invitations?channel=widget")).json().items).toEqual([]);

    // Response rate by channel: one email delivered, none answered yet.
    await testid(page, "dist-tab-rates").click();
    await poll(() => page.getByTestId("rates-row").count()).toBe(1);
    expect(await testid(page, "rates-row").textContent()).toMatch(/^Email1/);
    await testid(page, "rates-by-week").click();
    await poll(() => testid(page, "rates-row").textContent()).toMatch(/^week of /);

    expect(problems).toEqual([]);
    await context.close();
  });
});
