import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import type { TResponse } from "../../src/surveys/schema.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

/** Where screenshots of the page go for a look by eye (outside the repository). */
const SHOTS = process.env.SURVEY_SCREENSHOTS ?? "/tmp";
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PUT = "**/api/public/surveys/*/responses/*";

const [database] = testDatabases();
if (!database) throw new Error("no test database");

describe("public survey page", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let tenant: Tenant;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(resolve(import.meta.dirname, "../../dist/widget/survey.js"))) {
      throw new Error("build the page first: npx vite build --config widget/vite.config.ts");
    }
    handle = await database.open();
    world = await startApp(handle);
    tenant = await makeTenant(world);
    base = await listen(world);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
  });

  /** A fresh browser profile (its own localStorage), like another respondent's device. */
  async function open(
    path: string,
    device: object = PHONE,
  ): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext(device);
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}${path}`);
    await page.locator("#otklik-survey h1").first().waitFor();
    expect(problems).toEqual([]);
    return { page, context };
  }

  async function responses(surveyId: string): Promise<TResponse[]> {
    const res = await tenant.call("GET", `/api/v1/responses?surveyId=${surveyId}`);
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: TResponse[] }).items;
  }

  const answersOf = (r: TResponse | undefined) =>
    Object.fromEntries(
      (r?.answers ?? []).map((a) => [a.questionId, a.choices ?? a.text ?? a.items ?? a.value]),
    );
  const testid = (page: Page, id: string) => page.getByTestId(id);
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el?.getAttribute("data-testid") ?? el?.tagName.toLowerCase() ?? null;
    });

  it("saves a detractor's score at once, follows up in the detractor's words, and completes one response", async () => {
    const survey = await createSurvey(tenant);
    const { page } = await open(`/s/${survey.id}?order=123&channel_hint=receipt`);

    const group = page.getByRole("radiogroup");
    await expect(group.getAttribute("aria-labelledby")).resolves.toBeTruthy();
    expect(await group.getByRole("radio").count()).toBe(11);
    expect(await page.locator(".ok-ends").textContent()).toContain("Not at all likely");
    expect(await page.locator(".ok-ends").textContent()).toContain("Extremely likely");
    await page.screenshot({ path: `${SHOTS}/survey-phone-score.png`, fullPage: true });

    await testid(page, "score-3").click();
    // The score is stored as a partial response before the respondent does anything else.
    await expect
      .poll(async () => (await responses(survey.id)).map((r) => [r.status, answersOf(r).nps]), {
        timeout: 5000,
      })
      .toEqual([["partial", 3]]);
    const [partial] = await responses(survey.id);
    expect(partial?.attributes).toEqual({ order: "123", channel_hint: "receipt" });
    expect(partial?.channel).toBe("link");
    expect(partial?.language).toBe("en");

    await expect(page.locator("h1").textContent()).resolves.toBe("What influenced your score most?");
    expect(await focused(page)).toBe("h1");
    await testid(page, "option-price").click();
    await testid(page, "option-delivery").click();
    await page.screenshot({ path: `${SHOTS}/survey-phone-reasons.png`, fullPage: true });
    await testid(page, "next").click();

    await expect(page.locator("h1").textContent()).resolves.toBe(
      "We're sorry. What went wrong, and what should we fix first?",
    );
    const comment = 'Late again <script>window.__owned = 1</script> & "cold" <img src=x onerror=alert(1)>';
    await testid(page, "text-why").fill(comment);
    // Going back keeps what was answered.
    await testid(page, "back").click();
    expect(await testid(page, "option-price").isChecked()).toBe(true);
    expect(await testid(page, "option-quality").isChecked()).toBe(false);
    await testid(page, "next").click();
    expect(await testid(page, "text-why").inputValue()).toBe(comment);

    await testid(page, "submit").click();
    await testid(page, "thank-you").waitFor();
    expect(await testid(page, "thank-you").textContent()).toContain("Thank you for being honest.");
    await page.screenshot({ path: `${SHOTS}/survey-phone-thanks.png`, fullPage: true });
    expect(await page.evaluate(() => (window as { __owned?: number }).__owned)).toBeUndefined();

    const check = async () => {
      const all = await responses(survey.id);
      expect(all).toHaveLength(1);
      expect(all[0]?.status).toBe("complete");
      expect(all[0]?.id).toBe(partial?.id);
      expect(answersOf(all[0])).toEqual({ nps: 3, reasons: ["price", "delivery"], why: comment });
    };
    await check();

    // Reloading shows the thank-you screen again and sends nothing new.
    await page.reload();
    await testid(page, "thank-you").waitFor();
    expect(await testid(page, "thank-you").textContent()).toContain("Thank you for being honest.");
    expect(await page.getByRole("radiogroup").count()).toBe(0);
    await check();
  });

  it("continues the same response after a reload mid-way", async () => {
    const survey = await createSurvey(tenant);
    const { page } = await open(`/s/${survey.id}`);
    await testid(page, "score-8").click();
    await testid(page, "option-quality").click();
    await page.reload();
    await page.locator("h1").waitFor();
    expect(await page.locator("h1").textContent()).toBe("What influenced your score most?");
    expect(await testid(page, "option-quality").isChecked()).toBe(true);
    await testid(page, "next").click();
    expect(await page.locator("h1").textContent()).toBe("What would make you rate us higher?");
    await testid(page, "submit").click();
    await testid(page, "thank-you").waitFor();
    expect(await testid(page, "thank-you").textContent()).toContain("Thank you for your feedback!");
    const all = await responses(survey.id);
    expect(all.map((r) => [r.status, answersOf(r)])).toEqual([
      ["complete", { nps: 8, reasons: ["quality"] }],
    ]);
  });

  it("can be answered with the keyboard alone, with a visible focus", async () => {
    const survey = await createSurvey(tenant);
    const { page } = await open(`/s/${survey.id}`, DESKTOP);

    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("score-0");
    expect(await testid(page, "score-0").evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe(
      "none",
    );
    for (let i = 0; i < 9; i++) await page.keyboard.press("ArrowRight");
    expect(await focused(page)).toBe("score-9");
    expect(await testid(page, "score-9").getAttribute("aria-checked")).toBe("true");
    expect(await testid(page, "score-0").getAttribute("aria-checked")).toBe("false");
    // Arrows wrap around, as in any radio group.
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await focused(page)).toBe("score-0");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Enter");

    // The next question takes the focus, so a screen reader reads it out.
    await expect(page.locator("h1").textContent()).resolves.toBe("What influenced your score most?");
    expect(await focused(page)).toBe("h1");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("option-quality");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    for (let i = 0; i < 10 && (await focused(page)) !== "next"; i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");

    await expect(page.locator("h1").textContent()).resolves.toBe(
      "Great to hear! What do you like most about us?",
    );
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("text-why");
    await page.keyboard.type("Fast and friendly");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("back");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("submit");
    await page.keyboard.press("Enter");
    await testid(page, "thank-you").waitFor();
    expect(await testid(page, "thank-you").textContent()).toContain("Would you share us with a friend?");
    expect(await focused(page)).toBe("h1");

    const all = await responses(survey.id);
    expect(all.map((r) => [r.status, answersOf(r)])).toEqual([
      ["complete", { nps: 9, reasons: ["quality", "support"], why: "Fast and friendly" }],
    ]);
  });

  it("speaks Russian with ?lang=ru and announces a missing answer", async () => {
    const survey = await createSurvey(tenant);
    const { page } = await open(`/s/${survey.id}?lang=ru`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ru");
    expect(await page.locator("h1").textContent()).toBe(
      "Насколько вероятно, что вы порекомендуете нас другу или коллеге?",
    );
    expect(await page.locator(".ok-step").textContent()).toBe("Вопрос 1 из 3");
    expect(await page.locator(".ok-ends").textContent()).toContain("Крайне маловероятно");
    expect(await testid(page, "next").textContent()).toBe("Далее");

    await testid(page, "next").click();
    const error = testid(page, "error");
    await error.waitFor();
    expect(await error.textContent()).toBe("Пожалуйста, ответьте на этот вопрос.");
    expect(await page.locator("[role=alert]").filter({ has: error }).count()).toBe(1);
    expect(await responses(survey.id)).toEqual([]);

    await testid(page, "score-10").click();
    expect(await error.count()).toBe(0);
    expect(await page.locator("h1").textContent()).toBe("Что больше всего повлияло на вашу оценку?");
    expect(await testid(page, "back").textContent()).toBe("Назад");
    await testid(page, "next").click();
    await testid(page, "submit").click();
    await testid(page, "thank-you").waitFor();
    expect(await testid(page, "thank-you").textContent()).toContain("Спасибо! Расскажете о нас друзьям?");
    await expect.poll(async () => (await responses(survey.id))[0]?.language).toBe("ru");
  });

  it("shows survey wording as text, never as markup", async () => {
    const base0 = await createSurvey(tenant, "transactional-csat");
    const definition = structuredClone(base0.definition);
    const first = definition.questions[0];
    if (!first) throw new Error("template has no questions");
    first.title = { ...first.title, en: '<img src=x onerror="window.__owned=1">How was it?' };
    definition.thankYou = {
      title: { en: "Thanks <b>a lot</b>", ru: "Спасибо" },
      link: {
        url: "https://example.com/ref?code=A1&x=<y>",
        label: { en: "Invite a friend", ru: "Пригласить" },
      },
    };
    const patch = await tenant.call("PATCH", `/api/v1/surveys/${base0.id}`, { definition });
    expect(patch.statusCode).toBe(200);
    const { page } = await open(`/s/${base0.id}`);
    expect(await page.locator("h1").textContent()).toBe('<img src=x onerror="window.__owned=1">How was it?');
    expect(await page.locator("#otklik-survey img").count()).toBe(0);
    await testid(page, "score-5").click();
    await testid(page, "submit").click();
    await testid(page, "thank-you").waitFor();
    expect(await page.locator("h1").textContent()).toBe("Thanks <b>a lot</b>");
    const link = page.getByRole("link", { name: "Invite a friend" });
    expect(await link.getAttribute("href")).toBe("https://example.com/ref?code=A1&x=%3Cy%3E");
    expect(await page.locator("#otklik-survey img, #otklik-survey b").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __owned?: number }).__owned)).toBeUndefined();
  });

  it("keeps the answers through a network failure and sends them on retry", async () => {
    const survey = await createSurvey(tenant, "transactional-csat");
    const { page } = await open(`/s/${survey.id}`);
    await page.route(PUT, (route) => route.abort("internetdisconnected"));

    await testid(page, "score-2").click();
    // A low score brings the follow-up; the failed save is explained, not hidden.
    await expect(page.locator("h1").textContent()).resolves.toBe("What could we have done better?");
    await testid(page, "error").waitFor();
    expect(await testid(page, "error").textContent()).toContain("couldn't save");
    await testid(page, "text-comment").fill("The box was damaged");
    await testid(page, "submit").click();
    await expect.poll(() => testid(page, "error").textContent()).toContain("couldn't send");
    expect(await testid(page, "text-comment").inputValue()).toBe("The box was damaged");
    expect(await responses(survey.id)).toEqual([]);

    await page.unroute(PUT);
    await testid(page, "retry").click();
    await testid(page, "thank-you").waitFor();
    const all = await responses(survey.id);
    expect(all.map((r) => [r.status, answersOf(r)])).toEqual([
      ["complete", { csat: 2, comment: "The box was damaged" }],
    ]);
  });

  it("says when a survey is no longer available, at load and while answering", async () => {
    const archived = await createSurvey(tenant);
    expect((await tenant.call("POST", `/api/v1/surveys/${archived.id}/archive`)).statusCode).toBe(200);
    const res = await world.app.inject({ method: "GET", url: `/s/${archived.id}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("text/html");
    const { page } = await open(`/s/${archived.id}`);
    expect(await testid(page, "error").textContent()).toBe("This survey is no longer available.");
    const ru = await open(`/s/${archived.id}?lang=ru`);
    expect(await testid(ru.page, "error").textContent()).toBe("Этот опрос больше недоступен.");

    const closing = await createSurvey(tenant);
    const live = await open(`/s/${closing.id}`);
    expect((await tenant.call("POST", `/api/v1/surveys/${closing.id}/archive`)).statusCode).toBe(200);
    await testid(live.page, "score-5").click();
    await expect
      .poll(() => testid(live.page, "error").textContent())
      .toBe("This survey is no longer available.");
    expect(await responses(closing.id)).toEqual([]);
  });

  it("refuses a personal link whose token is not valid", async () => {
    const survey = await createSurvey(tenant);
    const { page } = await open(`/s/${survey.id}?t=not-a-real-token`);
    expect(await testid(page, "error").textContent()).toContain("personal link has expired or is not valid");
    expect(await page.getByRole("radiogroup").count()).toBe(0);
  });

  it("serves the page script without zod in it", async () => {
    const res = await world.app.inject({ method: "GET", url: "/static/survey.js" });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/zod|ZodError|safeParse/);
    expect(res.body.length).toBeLessThan(40_000);
  });
});
