import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRole } from "../../src/auth/schema.js";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";

const LEAD = "lead@example.com";
const PASSWORD = "members-pass-2026";
const XSS = "<img src=x onerror=alert(1)>";
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: "en-US" };

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const [database] = testDatabases();
if (!database) throw new Error("no test database");

describe("members and workspace switcher", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let acme: Tenant;
  let beta: Tenant;
  let browser: Browser;
  let base: string;
  const ids: Record<string, string> = {};

  const roleIn = async (workspaceId: string, userId: string | undefined) =>
    (
      await world.ctx.db
        .selectFrom("memberships")
        .select("role")
        .where("workspace_id", "=", workspaceId)
        .where("user_id", "=", userId ?? "")
        .executeTakeFirst()
    )?.role;

  beforeAll(async () => {
    if (!existsSync(resolve(import.meta.dirname, "../../dist/web/index.html"))) {
      throw new Error("build the dashboard first: npx vite build --config web/vite.config.ts");
    }
    handle = await database.open();
    world = await startApp(handle);
    acme = await makeTenant(world, { email: "founder@example.com" });
    beta = await makeTenant(world);
    const { db } = world.ctx;
    for (const [tenant, name, survey] of [
      [acme, "Acme Support", "Acme NPS"],
      [beta, "Beta Retail", "Beta checkout CSAT"],
    ] as const) {
      expect((await tenant.call("PATCH", "/api/v1/workspace", { name })).statusCode).toBe(200);
      const created = await tenant.call("POST", "/api/v1/surveys/from-template", {
        templateId: "relational-nps",
        language: "en",
        name: survey,
      });
      expect(created.statusCode).toBe(201);
    }
    const add = (ws: string, email: string, name: string, role: TRole) =>
      addUser(db, ws, { email, name, password: PASSWORD, role });
    ids.lead = await add(acme.workspaceId, LEAD, "Lena Lead", "owner");
    await add(beta.workspaceId, LEAD, "Lena Lead", "analyst");
    ids.ana = await add(acme.workspaceId, "ana@example.com", "Ana Analyst", "analyst");
    ids.vic = await add(acme.workspaceId, "vic@example.com", XSS, "viewer");
    ids.founder = (
      (await acme.call("GET", "/api/v1/users")).json() as { items: { id: string; email: string }[] }
    ).items.find((u) => u.email === "founder@example.com")?.id as string;
    base = await listen(world);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
  });

  const testid = (page: Page, id: string) => page.getByTestId(id);
  const row = (page: Page, email: string) => page.locator(`[data-testid="user-row"][data-email="${email}"]`);

  async function signIn(page: Page) {
    await page.goto(`${base}/login`);
    await testid(page, "login-email").fill(LEAD);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await testid(page, "survey-row").first().waitFor();
  }

  it("changes a role, removes a user, and shows the last-owner rule", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    const dialogs: string[] = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.accept();
    });
    await signIn(page);
    await testid(page, "nav-settings").click();
    await poll(() => testid(page, "user-row").count()).toBe(4);
    // Sorted by email; a name with markup is shown as text.
    expect(
      await testid(page, "user-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-email"))),
    ).toEqual(["ana@example.com", "founder@example.com", LEAD, "vic@example.com"]);
    expect(await row(page, "vic@example.com").locator("td").first().textContent()).toMatch(
      /^<img src=x onerror=alert\(1\)>/,
    );
    expect(await testid(page, "users").locator("img").count()).toBe(0);
    // The user cannot remove themselves from here.
    expect(await row(page, LEAD).getByTestId("user-remove").count()).toBe(0);

    await row(page, "ana@example.com").getByTestId("user-role").selectOption("agent");
    await poll(() => testid(page, "users-notice").textContent()).toBe("Ana Analyst is now: Agent.");
    expect(await roleIn(acme.workspaceId, ids.ana)).toBe("agent");
    expect(await row(page, "ana@example.com").getByTestId("user-role").inputValue()).toBe("agent");

    await row(page, "vic@example.com").getByTestId("user-remove").click();
    await poll(() => testid(page, "user-row").count()).toBe(3);
    expect(dialogs.at(-1)).toContain(`Remove ${XSS} (vic@example.com) from “Acme Support”?`);
    expect(await roleIn(acme.workspaceId, ids.vic)).toBeUndefined();
    await poll(() => testid(page, "users-notice").textContent()).toContain("was removed");

    // Two owners: the lead removes the founder, then cannot step down as the last owner.
    await row(page, "founder@example.com").getByTestId("user-remove").click();
    await poll(() => testid(page, "user-row").count()).toBe(2);
    await row(page, LEAD).getByTestId("user-role").selectOption("admin");
    await poll(() => testid(page, "users-error").textContent()).toBe(
      "The workspace must keep at least one owner: make another member owner first.",
    );
    expect(await roleIn(acme.workspaceId, ids.lead)).toBe("owner");
    expect(await row(page, LEAD).getByTestId("user-role").inputValue()).toBe("owner");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("switches to another workspace and shows that workspace's surveys", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    const requests: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/v1/surveys") requests.push(r.url());
    });
    await signIn(page);
    const switcher = testid(page, "workspace-switcher");
    expect(await switcher.inputValue()).toBe(acme.workspaceId);
    expect(await switcher.locator("option").allTextContents()).toEqual(["Acme Support", "Beta Retail"]);
    await poll(() => testid(page, "survey-row").allTextContents()).toEqual([
      expect.stringContaining("Acme NPS"),
    ]);
    const before = requests.length;

    await switcher.selectOption(beta.workspaceId);
    await poll(() => testid(page, "survey-row").allTextContents()).toEqual([
      expect.stringContaining("Beta checkout CSAT"),
    ]);
    // The list was fetched again, not served from the cache of the other workspace.
    expect(requests.length).toBeGreaterThan(before);
    expect(await testid(page, "workspace-switcher").inputValue()).toBe(beta.workspaceId);
    // An analyst in Beta: no settings there.
    expect(await testid(page, "nav-settings").count()).toBe(0);

    // Opening a survey, then switching back, lands on Acme's list (the open survey is Beta's).
    await testid(page, "survey-row").first().locator("a").first().click();
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}/);
    await testid(page, "workspace-switcher").selectOption(acme.workspaceId);
    await page.waitForURL(`${base}/surveys`);
    await poll(() => testid(page, "survey-row").allTextContents()).toEqual([
      expect.stringContaining("Acme NPS"),
    ]);
    await testid(page, "nav-settings").waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the workspace name without a picker to a user of one workspace", async () => {
    await addUser(world.ctx.db, beta.workspaceId, {
      email: "solo@example.com",
      name: "Solo",
      password: PASSWORD,
      role: "viewer",
    });
    const context = await browser.newContext({ ...DESKTOP, locale: "ru-RU" });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await testid(page, "login-email").fill("solo@example.com");
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await testid(page, "survey-row").first().waitFor();
    expect(await testid(page, "workspace-switcher").count()).toBe(0);
    expect(await page.locator(".workspace-name").textContent()).toBe("Beta Retail");
    await context.close();
  });
});
