import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import type { ZResponseInput } from "../../src/surveys/schema.js";
import { defaultGranularity, presetPeriod } from "../../web/src/lib/dates.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";

const EMAIL = "cx-lead@example.com";
const PASSWORD = "dashboard-pass-2026";
const XSS = "<img src=x onerror=alert(1)>";
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: "en-US" };

/** Waits for the page to catch up (each step may wait on the API; the machine may be busy). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const [database] = testDatabases();
if (!database) throw new Error("no test database");

/** Answers spread over the last weeks: 12 detractors, 10 passives, 23 promoters, some with comments. */
function answers(surveyId: string, now: Date): z.input<typeof ZResponseInput>[] {
  const scores = [
    ...Array.from({ length: 12 }, (_, i) => i % 7),
    ...Array.from({ length: 10 }, (_, i) => 7 + (i % 2)),
    ...Array.from({ length: 23 }, (_, i) => 9 + (i % 2)),
  ];
  return scores.map((nps, i) => {
    const why =
      i === 0
        ? XSS
        : nps <= 6 && i % 3 === 1
          ? "The delivery was late again"
          : nps >= 9 && i % 4 === 0
            ? "Love the mobile app"
            : undefined;
    return {
      externalId: `r-${i}`,
      surveyId,
      channel: i % 3 === 0 ? "email" : "link",
      submittedAt: new Date(now.getTime() - (i + 1) * 7 * 3_600_000),
      customer: { externalId: `c-${i}`, attributes: { country: i % 2 ? "Armenia" : "Georgia" } },
      attributes: { product: i % 2 ? "Pro" : "Basic" },
      answers: { nps, ...(why ? { why } : {}), ...(i % 5 === 0 ? { reasons: ["price"] } : {}) },
    };
  });
}

describe("web dashboard", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let tenant: Tenant;
  let browser: Browser;
  let base: string;
  let surveyId: string;
  const detractorIds = new Set<string>();

  beforeAll(async () => {
    if (!existsSync(resolve(import.meta.dirname, "../../dist/web/index.html"))) {
      throw new Error("build the dashboard first: npx vite build --config web/vite.config.ts");
    }
    handle = await database.open();
    world = await startApp(handle);
    tenant = await makeTenant(world);
    await addUser(world.ctx.db, tenant.workspaceId, {
      email: EMAIL,
      name: "CX Lead",
      password: PASSWORD,
      role: "admin",
    });
    const created = await tenant.call("POST", "/api/v1/surveys/from-template", {
      templateId: "relational-nps",
      language: "en",
      name: "Quarterly NPS",
    });
    expect(created.statusCode).toBe(201);
    surveyId = (created.json() as { id: string }).id;
    const batch = answers(surveyId, new Date());
    const ingested = await tenant.call("POST", "/api/v1/responses", { responses: batch });
    expect(ingested.statusCode).toBe(201);
    const ids = (ingested.json() as { items: { id: string; externalId: string }[] }).items;
    for (const [i, r] of batch.entries()) if (Number(r.answers.nps) <= 6) detractorIds.add(ids[i]?.id ?? "");
    base = await listen(world);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
  });

  const testid = (page: Page, id: string) => page.getByTestId(id);

  it("signs in, shows the survey, and its results match the metrics API", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    let dialogs = 0;
    page.on("dialog", async (d) => {
      dialogs++;
      await d.dismiss();
    });

    // Signed out: any page leads to the login form, and back after signing in.
    await page.goto(`${base}/surveys/${surveyId}`);
    await testid(page, "login-email").waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    await testid(page, "login-email").fill(EMAIL);
    await testid(page, "login-password").fill("wrong password");
    await testid(page, "login-submit").click();
    await poll(() => testid(page, "login-error").textContent()).toContain("Wrong email or password");
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await testid(page, "score-value").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/surveys/${surveyId}`);

    // The headline equals the API's number for the same period (the last 12 months by default).
    const period = presetPeriod("12m", "UTC");
    const api = await tenant.call(
      "GET",
      `/api/v1/metrics/nps?surveyId=${surveyId}&from=${period.from}&to=${period.to}&groupBy=${defaultGranularity(period)}`,
    );
    expect(api.statusCode).toBe(200);
    const metric = api.json() as {
      value: number;
      n: number;
      ci: [number, number];
      previous: { pValue: number | null } | null;
    };
    expect(metric.n).toBe(45);
    expect(await testid(page, "score-value").textContent()).toBe(metric.value.toFixed(1));
    expect(await testid(page, "score-n").textContent()).toBe(String(metric.n));
    const ci = await testid(page, "score-ci").textContent();
    expect(ci).toContain(metric.ci[0].toFixed(1));
    expect(ci).toContain(metric.ci[1].toFixed(1));
    await expect(testid(page, "score-change").textContent()).resolves.toBeTruthy();
    expect(await testid(page, "public-link").textContent()).toBe(`${base}/s/${surveyId}`);

    // The breakdown offers attributes found on the answers and customer profiles.
    const choices = await testid(page, "breakdown-by").locator("option").allTextContents();
    expect(choices).toEqual(expect.arrayContaining(["Channel", "country", "product"]));
    await testid(page, "breakdown-by").selectOption("country");
    await expect
      .poll(() => testid(page, "breakdown").locator("tbody tr").allTextContents())
      .toEqual([expect.stringContaining("Georgia"), expect.stringContaining("Armenia")]);

    // Latest answers: a page of 20, then more; filter by detractors, then search the comments.
    const rows = testid(page, "answer-row");
    await poll(() => rows.count()).toBe(20);
    await testid(page, "answers-more").click();
    await poll(() => rows.count()).toBe(40);
    await testid(page, "answers-more").click();
    await poll(() => rows.count()).toBe(45);

    await testid(page, "group-filter").selectOption("detractor");
    await poll(() => rows.count()).toBe(detractorIds.size);
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-group"))))).toEqual(
      new Set(["detractor"]),
    );
    await expect
      .poll(async () => Number((await rows.allTextContents()).every((t) => /^[0-6]\D/.test(t))))
      .toBe(1);

    await testid(page, "answers-search").fill("late");
    await poll(() => rows.count()).toBe(4);
    for (const text of await testid(page, "answer-text").allTextContents())
      expect(text).toBe("The delivery was late again");

    // User text is shown as text, never as markup.
    await testid(page, "answers-search").fill("onerror");
    await poll(() => rows.count()).toBe(1);
    expect(await testid(page, "answer-text").textContent()).toBe(XSS);
    expect(await testid(page, "answers-list").locator("img").count()).toBe(0);
    await testid(page, "answers-search").fill("no such words anywhere");
    await testid(page, "answers-empty").waitFor();

    expect(dialogs).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("creates a survey from the Russian template, edits it with server validation, and lists it", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("dialog", (d) => d.accept());

    await page.goto(`${base}/login`);
    await testid(page, "login-email").fill(EMAIL);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await poll(() => testid(page, "survey-row").count()).toBe(1);
    expect(await testid(page, "survey-row").textContent()).toContain("Quarterly NPS");

    await testid(page, "new-survey").click();
    await testid(page, "template-relational-nps").check();
    await testid(page, "language-ru").click();
    await testid(page, "create-survey").click();
    await testid(page, "survey-name").waitFor();
    expect(await testid(page, "survey-name").inputValue()).toBe("Отношенческий NPS (NPS+)");
    const newId = new URL(page.url()).pathname.split("/")[2] ?? "";
    const created = await tenant.call("GET", `/api/v1/surveys/${newId}`);
    expect(created.json()).toMatchObject({
      name: "Отношенческий NPS (NPS+)",
      definition: { languages: ["ru"], defaultLanguage: "ru" },
    });

    // A question id the server rejects: the message appears next to that field.
    const idInput = page.locator('[data-path="definition.questions.0.id"] input');
    await idInput.fill("1st");
    await testid(page, "save-survey").click();
    const idField = page.locator('[data-path="definition.questions.0.id"]');
    await poll(() => idField.locator(".field-error").textContent()).toContain("lowercase");
    expect(await idInput.getAttribute("aria-invalid")).toBe("true");
    await testid(page, "save-error").waitFor();

    // Fixed, renamed and saved: the conditions that named the question follow it.
    await idInput.fill("score");
    await testid(page, "survey-name").fill("NPS после покупки");
    await testid(page, "save-survey").click();
    type Saved = { name: string; definition: { questions: { id: string; showIf?: { question: string } }[] } };
    const fetchSaved = async () => (await tenant.call("GET", `/api/v1/surveys/${newId}`)).json() as Saved;
    await poll(async () => (await fetchSaved()).name).toBe("NPS после покупки");
    await expect
      .poll(() => page.locator('[data-path="definition.questions.0.id"] .field-error').count())
      .toBe(0);
    const saved = await fetchSaved();
    expect(saved.definition.questions.map((q) => q.id)).toEqual(["score", "reasons", "why"]);
    expect(saved.definition.questions[2]?.showIf?.question).toBe("score");

    await testid(page, "nav-surveys").click();
    await poll(() => testid(page, "survey-row").count()).toBe(2);
    expect(await testid(page, "survey-row").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("NPS после покупки")]),
    );

    // The interface switches to Russian.
    await page.getByRole("button", { name: "RU", exact: true }).click();
    await poll(() => testid(page, "nav-surveys").textContent()).toBe("Опросы");
    await poll(() => testid(page, "new-survey").textContent()).toContain("Новый опрос");

    expect(problems).toEqual([]);
    await context.close();
  });

  it("creates an API key shown once, and revokes it", async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    page.on("dialog", (d) => d.accept());
    await page.goto(`${base}/login`);
    await testid(page, "login-email").fill(EMAIL);
    await testid(page, "login-password").fill(PASSWORD);
    await testid(page, "login-submit").click();
    await testid(page, "survey-row").first().waitFor();
    await testid(page, "nav-settings").click();

    await testid(page, "api-key-name").fill("CRM");
    await testid(page, "api-key-create").click();
    const key = (await testid(page, "new-api-key-value").textContent()) ?? "";
    expect(key).toMatch(/^otk_/);
    const withKey = await world.app.inject({
      method: "GET",
      url: "/api/v1/metrics/overview?from=2026-01-01&to=2026-02-01",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(withKey.statusCode).toBe(200);

    const row = testid(page, "api-keys").locator("tr", { hasText: "CRM" });
    await row.getByRole("button", { name: "Revoke" }).click();
    await poll(() => row.textContent()).toContain("Revoked");
    const revoked = await world.app.inject({
      method: "GET",
      url: "/api/v1/metrics/overview?from=2026-01-01&to=2026-02-01",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(revoked.statusCode).toBe(401);
    await context.close();
  });
});
