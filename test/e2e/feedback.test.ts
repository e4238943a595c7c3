import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const EMAIL = "cx-lead@example.com";
const PASSWORD = "cx-lead-pass-2026";
const DAY = 86_400_000;

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const testid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

const [database] = testDatabases();
if (!database) throw new Error("no test database");

describe("feedback inbox, cases and taxonomy in the browser", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let tenant: Tenant;
  let browser: Browser;
  let base: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    if (!existsSync(resolve(import.meta.dirname, "../../dist/web/index.html"))) {
      throw new Error("build the dashboard first: npx vite build --config web/vite.config.ts");
    }
    handle = await database.open();
    world = await startApp(handle);
    tenant = await makeTenant(world, { timeZone: "Europe/Moscow" });
    await addUser(world.ctx.db, tenant.workspaceId, {
      email: EMAIL,
      name: "CX Lead",
      password: PASSWORD,
      role: "admin",
    });
    const surveyId = (await createSurvey(tenant)).id;
    const cats = (await tenant.call("GET", "/api/v1/categories")).json().items as {
      id: string;
      key: string;
    }[];
    const delivery = cats.find((c) => c.key === "service.delivery")?.id;
    const pool = await tenant.call("POST", "/api/v1/promo-pools", { name: "Sorry", codes: ["SORRY-7"] });
    expect(pool.statusCode, pool.body).toBe(201);
    const rule = await tenant.call("POST", "/api/v1/routing-rules", {
      name: "Detractors about delivery → logistics",
      conditions: { groups: ["detractor"], categoryIds: [delivery] },
      team: "logistics",
      dueHours: 48,
      promoPoolId: pool.json().id,
    });
    expect(rule.statusCode, rule.body).toBe(201);

    const anna = { externalId: "anna", email: "anna@example.com", name: "Анна", language: "ru" };
    const respond = async (externalId: string, nps: number, why: string, extra: object = {}) => {
      const res = await tenant.call("POST", "/api/v1/responses", {
        surveyId,
        externalId,
        answers: { nps, why },
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    // Anna's earlier answer shows on her timeline; her late delivery opens a case for logistics.
    ids.earlier = await respond("a-0", 8, "Всё нормально, но долго", {
      customer: anna,
      submittedAt: new Date(Date.now() - 20 * DAY).toISOString(),
    });
    ids.late = await respond("a-1", 2, "Курьер опоздал на три часа, доставка ужасная", { customer: anna });
    ids.vague = await respond("b-1", 3, "Мне всё не понравилось, больше не приду", {
      customer: { externalId: "boris" },
    });
    ids.promoter = await respond("c-1", 10, "Great quality, the product works perfectly");
    // A comment whose text would be shown raw if the UI did not escape it.
    ids.html = await respond("d-1", 9, "<img src=x onerror=alert(1)> lovely staff in the store");
    ids.case = (await tenant.call("GET", `/api/v1/cases?responseId=${ids.late}`)).json().items[0].id;
    base = await listen(world);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
  });

  it("filters to detractors, corrects a category, works a case to resolved, edits the taxonomy and sets an alert", async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await page.goto(`${base}/login`);
    await testid(page, "login-email").fill(EMAIL);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await page.waitForURL((url) => url.pathname !== "/login");

    // Inbox: this week's detractors.
    await testid(page, "nav-feedback").click();
    await poll(() => testid(page, "feedback-row").count()).toBe(5);
    await poll(() =>
      page.locator(`[data-response="${ids.html}"] [data-testid="feedback-text"]`).textContent(),
    ).toBe("<img src=x onerror=alert(1)> lovely staff in the store");
    expect(dialogs).toEqual([]);
    await testid(page, "inbox-period-week").click();
    await testid(page, "inbox-group").selectOption("detractor");
    await poll(() => testid(page, "feedback-row").count()).toBe(2);
    await poll(() =>
      testid(page, "feedback-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-group"))),
    ).toEqual(["detractor", "detractor"]);
    expect(new URL(page.url()).searchParams.get("group")).toBe("detractor");

    // Correct the vague comment: it is about product quality. The correction reaches the API.
    const vague = page.locator(`[data-response="${ids.vague}"]`);
    await vague.locator('[data-testid="fix-categories"]').click();
    const fixer = vague.locator('[data-testid="category-fixer"]');
    for (const box of await fixer.locator('input[type="checkbox"]:checked').all()) await box.uncheck();
    await fixer.locator('[data-testid="fix-category-product.quality"]').check();
    await fixer.locator('[data-testid="fix-save"]').click();
    await poll(() =>
      vague
        .locator('[data-testid="category-chip"]')
        .evaluateAll((chips) => chips.map((c) => c.getAttribute("data-key"))),
    ).toEqual(["product.quality"]);
    await poll(() => vague.locator('[data-testid="category-chip"]').textContent()).toBe(
      "Product quality → Quality and defects",
    );
    const corrected = (await tenant.call("GET", `/api/v1/responses/${ids.vague}/categories`)).json();
    expect(corrected).toMatchObject({
      manual: true,
      categories: [{ key: "product.quality", source: "manual" }],
    });

    // The late delivery: its customer's timeline and the case the routing rule opened.
    const late = page.locator(`[data-response="${ids.late}"]`);
    await late.locator('[data-testid="open-timeline"]').click();
    const timeline = testid(page, "customer-timeline");
    await poll(() => timeline.locator('[data-testid="timeline-answer"]').count()).toBe(2);
    await poll(() => timeline.textContent()).toContain("Всё нормально, но долго");
    await timeline.locator('[data-testid="timeline-own-case"]').click();
    await page.waitForURL(`**/cases/${ids.case}`);
    const casePage = testid(page, "case-page");
    await poll(() => casePage.getAttribute("data-status")).toBe("new");
    await poll(() => testid(page, "case-answer").textContent()).toContain("Курьер опоздал");
    await poll(() => testid(page, "case-promo-code").textContent()).toBe("SORRY-7");

    const move = async (to: string, note?: string, message?: string) => {
      await testid(page, `transition-${to}`).click();
      if (note) await testid(page, "transition-note").fill(note);
      if (message) await testid(page, "transition-message").fill(message);
      await testid(page, "transition-submit").click();
      await poll(() => casePage.getAttribute("data-status")).toBe(to);
    };
    await move("acknowledged");
    await move("in_progress", "Called Anna, apologized");
    await move("resolved", "Courier briefed; route changed", "We changed the courier route for your area.");
    const history = testid(page, "case-history");
    await poll(() => history.textContent()).toContain("Called Anna, apologized");
    await poll(() => history.textContent()).toContain("Courier briefed; route changed");
    await poll(() => history.textContent()).toContain("In progress → Resolved");
    await poll(() => testid(page, "case-notification").count()).toBe(3);
    await poll(() =>
      testid(page, "case-notification").evaluateAll((rows) =>
        rows.map((r) => r.getAttribute("data-template")),
      ),
    ).toEqual(["acknowledged", "in_progress", "resolved"]);

    // The board shows it among the resolved cases.
    await testid(page, "nav-cases").click();
    const resolved = testid(page, "board-column-resolved");
    await poll(() => resolved.locator(`[data-case="${ids.case}"]`).count()).toBe(1);
    await poll(() => resolved.locator(`[data-case="${ids.case}"]`).textContent()).toContain("logistics");
    await poll(() => testid(page, "board-column-new").locator('[data-testid="case-card"]').count()).toBe(0);

    // Taxonomy: a missing name is refused in place; a new category is added; a taken key is named.
    await testid(page, "fb-tab-taxonomy").click();
    await testid(page, "taxonomy-add").click();
    const form = testid(page, "category-new-form");
    await form.locator('[data-testid="category-name-en"]').fill("Packaging");
    await form.locator('[data-testid="category-save"]').click();
    await poll(() => form.locator(".field-error").textContent()).toBe("Enter a name.");
    await form.locator('[data-testid="category-name-ru"]').fill("Упаковка");
    await form.locator('[data-testid="category-save"]').click();
    await poll(() => page.locator('[data-testid="taxonomy-item"][data-key="packaging"]').count()).toBe(1);
    await testid(page, "taxonomy-add").click();
    await form.locator('[data-testid="category-name-en"]').fill("Packaging");
    await form.locator('[data-testid="category-name-ru"]').fill("Упаковка снова");
    await form.locator('[data-testid="category-save"]').click();
    await poll(() => form.locator('[data-testid="category-error"]').textContent()).toContain("packaging");
    const created = (await tenant.call("GET", "/api/v1/categories")).json().items as { key: string }[];
    expect(created.filter((c) => c.key === "packaging")).toHaveLength(1);

    // Alert settings: a rule needs somewhere to send; the server names a bad recipient.
    await testid(page, "fb-tab-alerts").click();
    await testid(page, "alert-rule-add").click();
    const ruleForm = page.locator("#alert-rule-form");
    await ruleForm.locator("input").first().fill("Detractors to the CX team");
    await testid(page, "alert-rule-save").click();
    await poll(() => ruleForm.locator(".field-error").textContent()).toBe(
      "Add an email recipient or a webhook.",
    );
    await ruleForm.locator("textarea").fill("cx@example.com, not-an-address");
    await testid(page, "alert-rule-save").click();
    await poll(() => ruleForm.locator(".field-error").textContent()).toMatch(/email/i);
    await ruleForm.locator("textarea").fill("cx@example.com, lead@example.com");
    await testid(page, "alert-rule-save").click();
    await poll(() => testid(page, "alert-rule").textContent()).toContain("cx@example.com, lead@example.com");

    await page.getByRole("button", { name: "RU", exact: true }).click();
    await poll(() => page.locator("h1").textContent()).toBe("Оповещения и сводки");
    await testid(page, "nav-cases").click();
    await poll(() => page.locator("h1").textContent()).toBe("Кейсы");
    await context.close();
  });
});
