import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";

const EMAIL = "revenue-lead@example.com";
const PASSWORD = "business-pass-2026";
const NOW = new Date("2026-03-10T12:00:00Z");

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const [database] = testDatabases();
if (!database) throw new Error("no test database");

/** Twelve customers buying monthly from November, the last four stopping after December. */
function orders() {
  const rows = [];
  for (let c = 0; c < 12; c++) {
    const months = c < 4 ? ["2025-11", "2025-12"] : ["2025-11", "2025-12", "2026-01", "2026-02"];
    for (const [k, month] of months.entries()) {
      rows.push({
        externalId: `o-${c}-${k}`,
        customerExternalId: `c-${c}`,
        orderedAt: `${month}-${String(5 + c).padStart(2, "0")}`,
        amount: 100 + 10 * c,
        category: k % 2 ? "Books" : "Music",
      });
    }
  }
  return rows;
}

describe("Customers & revenue page", () => {
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
    world = await startApp(handle, { now: NOW });
    tenant = await makeTenant(world);
    await addUser(world.ctx.db, tenant.workspaceId, {
      email: EMAIL,
      name: "Lead",
      password: PASSWORD,
      role: "admin",
    });
    expect((await tenant.call("POST", "/api/v1/orders", { orders: orders() })).statusCode).toBe(201);
    // Usage: sessions of three customers in January and February, one of them exporting each month.
    const usage = ["2026-01", "2026-02"].flatMap((month) =>
      [0, 1, 2].flatMap((c) => [
        {
          customerExternalId: `c-${c}`,
          occurredAt: `${month}-1${c}T10:00:00Z`,
          name: "session",
          duration: 600 * (c + 1),
        },
        ...(c === 0
          ? [{ customerExternalId: "c-0", occurredAt: `${month}-10T10:05:00Z`, name: "export" }]
          : []),
      ]),
    );
    expect((await tenant.call("POST", "/api/v1/usage-events", { usage })).statusCode).toBe(201);
    await tenant.call("PATCH", "/api/v1/business/settings", {
      lost: { kind: "noPurchaseFor", days: 45 },
      coreActions: ["export"],
    });
    base = await listen(world);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
  });

  const testid = (page: Page, id: string) => page.getByTestId(id);

  /** A new browser context signed in at `path` (the login form shows first), collecting page errors. */
  async function signedIn(
    path: string,
    opts: { email?: string; lang?: string; options?: BrowserContextOptions } = {},
  ) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "en-US",
      ...opts.options,
    });
    if (opts.lang) await context.addInitScript((l) => localStorage.setItem("otklik.lang", l), opts.lang);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}${path}`);
    await testid(page, "login-email").fill(opts.email ?? EMAIL);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    return { context, page, problems };
  }

  it("shows churn, its trend, the cohort triangle, engagement and predicted CLV after a fit", async () => {
    const { context, page, problems } = await signedIn(
      "/business?period=custom&from=2026-01-01&to=2026-01-31",
      {
        options: { acceptDownloads: true },
      },
    );
    await testid(page, "business-page").waitFor();
    // At Jan 1 all twelve are customers; the four who stopped after December are lost by Jan 31.
    await poll(() => testid(page, "business-churn").textContent()).toContain("4 of 12 customers lost");
    await poll(() => testid(page, "business-churn").textContent()).toContain("33.3%");

    await page.goto(`${base}/business?period=custom&from=2025-11-01&to=2026-02-28`);
    await poll(() => page.getByTestId("business-cohort").count()).toBe(1);
    await poll(() => testid(page, "business-cohorts").textContent()).toMatch(/2025-1112100%100%67%67%/);

    // The churn/retention trend: a line per rate over the four months, by quarter on request.
    await poll(() => page.locator("[data-testid=business-trend] svg path").count()).toBeGreaterThan(2);
    await expect(testid(page, "business-trend").textContent()).resolves.toContain("Customer churn");
    await testid(page, "business-trend-quarter").click();
    await poll(() => page.url()).toContain("trend=quarter");
    await poll(() => testid(page, "business-trend").locator("svg").textContent()).toContain("Q1 2026");

    // Engagement: 3 active users; 10, 20 and 30 min a month over two months make 40 min per user on average.
    await poll(() => testid(page, "business-engagement-summary").textContent()).toContain("3 active users");
    await expect(testid(page, "business-engagement-summary").textContent()).resolves.toContain("40.0 min");
    for (const chart of ["time", "visits", "core"]) {
      await poll(() =>
        testid(page, `business-engagement-${chart}`).locator("svg path").count(),
      ).toBeGreaterThan(1);
    }
    await expect(testid(page, "business-engagement-core").textContent()).resolves.toContain("export");

    // Before the first fit, the CLV section asks for one; after it, the histogram and the table.
    await poll(() => testid(page, "business-clv").textContent()).toContain("No CLV fit yet");
    await testid(page, "clv-fit").click();
    await poll(() => page.locator("[data-testid=clv-customers] tbody tr").count()).toBe(12);
    await poll(() => testid(page, "clv-distribution-summary").textContent()).toContain("12 customers");
    await poll(() => testid(page, "clv-distribution").locator("svg path").count()).toBeGreaterThan(1);
    expect(await testid(page, "clv-export").getAttribute("href")).toBe("/api/v1/clv/customers.csv");

    // The XLSX button downloads a workbook (a ZIP) named after the calibration end.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      testid(page, "clv-export-xlsx").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^clv-2026-03-10.*\.xlsx$/);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 2).toString()).toBe("PK");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("edits the core actions on the settings page, with errors at the field", async () => {
    const { context, page, problems } = await signedIn(
      "/business?period=custom&from=2026-01-01&to=2026-02-28",
    );
    await testid(page, "business-settings-link").click();
    await testid(page, "business-settings-page").waitFor();
    await poll(() => page.getByTestId("core-action").allTextContents()).toEqual([
      expect.stringContaining("export"),
    ]);

    // Removing the only one leaves the empty state; blank and over-long names are refused at the field.
    await testid(page, "core-action-remove-export").click();
    await poll(() => testid(page, "core-actions").textContent()).toContain("No core actions yet");
    await testid(page, "core-action-add").click();
    await poll(() => page.locator(".field-error").textContent()).toBe("Enter an event name.");
    await testid(page, "core-action-input").fill("x".repeat(201));
    await testid(page, "core-action-add").click();
    await poll(() => page.locator(".field-error").textContent()).toBe("At most 200 characters.");

    // Names are shown as text, never as markup.
    for (const name of ["export", "<b>session</b>"]) {
      await testid(page, "core-action-input").fill(name);
      await testid(page, "core-action-add").click();
      await poll(() => testid(page, "core-action-input").inputValue()).toBe("");
    }
    await poll(() => page.getByTestId("core-action").count()).toBe(2);
    expect(await page.locator(".core-action-name b").count()).toBe(0);
    await testid(page, "core-action-input").fill(" export ");
    await testid(page, "core-action-add").click();
    await poll(() => page.locator(".field-error").textContent()).toBe("“export” is already a core action.");
    const saved = (
      await world.app.inject({
        method: "GET",
        url: "/api/v1/business/settings",
        headers: { authorization: `Bearer ${tenant.key}` },
      })
    ).json();
    expect(saved.coreActions).toEqual(["export", "<b>session</b>"]);

    // Both now appear as series of the core-action chart.
    await page.goto(`${base}/business?period=custom&from=2026-01-01&to=2026-02-28`);
    await poll(() => testid(page, "business-engagement-core").textContent()).toContain("<b>session</b>");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("changes the lost definition and CLV inputs, and Customers & revenue follows", async () => {
    const { context, page, problems } = await signedIn(
      "/business?period=custom&from=2026-01-01&to=2026-01-31",
    );
    await poll(() => testid(page, "business-churn").textContent()).toContain("4 of 12 customers lost");
    await expect(testid(page, "business-clv-formula").textContent()).resolves.not.toContain("given");

    // The form shows what is stored: 45 days, categories, every CLV input derived, 12 months at 1%.
    await testid(page, "business-settings-link").click();
    await testid(page, "business-churn-settings").waitFor();
    expect(await testid(page, "lost-days-choice").isChecked()).toBe(true);
    expect(await testid(page, "lost-days").inputValue()).toBe("45");
    expect(await testid(page, "upsell-category").isChecked()).toBe(true);
    expect(await testid(page, "clv-cac-derive").isChecked()).toBe(true);
    expect(await testid(page, "clv-horizon").inputValue()).toBe("12");
    expect(await testid(page, "clv-discount").inputValue()).toBe("1");

    // Lost after 90 days without a purchase: nobody who bought in December is lost by January 31.
    await testid(page, "lost-days").fill("90");
    await testid(page, "upsell-product").check();
    await testid(page, "churn-settings-save").click();
    await poll(() => testid(page, "business-churn-settings").getByRole("status").textContent()).toBe("Saved");

    // A given CAC and relationship length, a longer horizon and a discount rate typed in percent.
    await testid(page, "clv-cac").fill("50");
    expect(await testid(page, "clv-cac-given").isChecked()).toBe(true);
    await testid(page, "clv-relationshipYears-given").check();
    await testid(page, "clv-relationshipYears").fill("2,5");
    await testid(page, "clv-horizon").fill("24");
    await testid(page, "clv-discount").fill("1.5");
    await testid(page, "clv-settings-save").click();
    await poll(() => testid(page, "business-clv-settings").getByRole("status").textContent()).toBe("Saved");
    const saved = (
      await world.app.inject({
        method: "GET",
        url: "/api/v1/business/settings",
        headers: { authorization: `Bearer ${tenant.key}` },
      })
    ).json();
    expect(saved).toMatchObject({
      lost: { kind: "noPurchaseFor", days: 90 },
      upsellBy: "product",
      clvInputs: { annualRevenuePerCustomer: null, relationshipYears: 2.5, cac: 50 },
      clvHorizonMonths: 24,
      clvMonthlyDiscountRate: 0.015,
    });

    // Back on the page (no reload), the cached figures were asked again.
    await page.goBack();
    await poll(() => testid(page, "business-churn").textContent()).toContain("0 of 12 customers lost");
    await poll(() => testid(page, "business-clv-formula").textContent()).toContain("2.5 (given)");
    await expect(testid(page, "business-clv-formula").textContent()).resolves.toContain("CAC 50 (given)");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("refuses bad settings at the field and saves nothing", async () => {
    const { context, page } = await signedIn("/business/settings");
    await testid(page, "business-clv-settings").waitFor();
    const section = testid(page, "business-clv-settings");

    await poll(() => testid(page, "clv-horizon").inputValue()).toBe("24");
    await testid(page, "clv-horizon").fill("0");
    await testid(page, "clv-discount").fill("150");
    await testid(page, "clv-cac").fill("");
    await testid(page, "clv-settings-save").click();
    await poll(() => section.locator(".field-error").allTextContents()).toEqual([
      "Enter a number, 0 or more, or choose to derive it.",
      "Enter a whole number of months from 1 to 120.",
      "Enter a percent from 0 to 100.",
    ]);
    expect(await testid(page, "clv-horizon").getAttribute("aria-invalid")).toBe("true");
    await testid(page, "lost-days").fill("1.5");
    await testid(page, "churn-settings-save").click();
    await poll(() => testid(page, "lost-choice").locator(".field-error").textContent()).toBe(
      "Enter a whole number of days from 1 to 3650.",
    );

    // Nothing was saved; choosing "derive" for CAC and fixing the rest saves.
    const stored = await world.app.inject({
      method: "GET",
      url: "/api/v1/business/settings",
      headers: { authorization: `Bearer ${tenant.key}` },
    });
    expect(stored.json()).toMatchObject({ clvHorizonMonths: 24, clvInputs: { cac: 50 } });
    await testid(page, "clv-cac-derive").check();
    await testid(page, "clv-horizon").fill("12");
    await testid(page, "clv-discount").fill("1");
    await testid(page, "clv-settings-save").click();
    await poll(() => section.getByRole("status").textContent()).toBe("Saved");
    await expect(section.locator(".field-error").count()).resolves.toBe(0);

    await context.close();
  });

  it("shows the settings page in Russian, read-only to a viewer", async () => {
    await addUser(world.ctx.db, tenant.workspaceId, {
      email: "viewer@example.com",
      name: "Viewer",
      password: PASSWORD,
      role: "viewer",
    });
    // The workspace speaks English; this viewer chose Russian in the language switch.
    const { context, page } = await signedIn("/business/settings", {
      email: "viewer@example.com",
      lang: "ru",
      options: { viewport: { width: 390, height: 800 }, locale: "ru-RU" },
    });
    await testid(page, "business-settings-page").waitFor();
    await poll(() => page.locator("h1").textContent()).toBe("Настройки выручки");
    await poll(() => testid(page, "business-settings-readonly").textContent()).toBe(
      "Менять эти настройки могут аналитики, администраторы и владельцы.",
    );
    expect(await testid(page, "core-action-input").count()).toBe(0);
    expect(await page.getByRole("button", { name: /Убрать/ }).count()).toBe(0);
    // The stored values are shown, in Russian, and cannot be changed.
    await poll(() => testid(page, "lost-days").inputValue()).toBe("90");
    expect(await testid(page, "lost-days").isDisabled()).toBe(true);
    expect(await testid(page, "upsell-product").isDisabled()).toBe(true);
    await expect(testid(page, "business-churn-settings").textContent()).resolves.toContain("дней");
    await expect(testid(page, "business-clv-settings").textContent()).resolves.toContain("% в месяц");
    expect(await page.getByRole("button", { name: "Сохранить" }).count()).toBe(0);
    await context.close();
  });
});
