import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import { npsFromScores } from "../../src/metrics/index.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";

const EMAIL = "manager@example.com";
const PASSWORD = "loop-pass-2026";
const [database] = testDatabases();
if (!database) throw new Error("no test database");

/**
 * The whole loop in real browsers: a CX manager creates an NPS survey from the Russian template, a
 * customer answers on a phone through the public link, and the manager's results page shows the new
 * answer in n and in the score.
 */
describe("question → answer → score on the dashboard", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let tenant: Tenant;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle);
    tenant = await makeTenant(world);
    await addUser(world.ctx.db, tenant.workspaceId, {
      email: EMAIL,
      name: "CX",
      password: PASSWORD,
      role: "owner",
    });
    base = await listen(world);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.app.close();
    await handle?.close();
  });

  it("a respondent's answer on the public page shows up in the results", async () => {
    const created = await tenant.call("POST", "/api/v1/surveys/from-template", {
      templateId: "relational-nps",
      language: "ru",
      name: "NPS после доставки",
    });
    expect(created.statusCode).toBe(201);
    const surveyId = (created.json() as { id: string }).id;
    const earlier = [10, 9, 9, 7, 3];
    const res = await tenant.call("POST", "/api/v1/responses", {
      responses: earlier.map((nps, i) => ({
        externalId: `old-${i}`,
        surveyId,
        channel: "email",
        submittedAt: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
        answers: { nps },
      })),
    });
    expect(res.statusCode).toBe(201);

    // The manager's dashboard.
    const manager = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await manager.goto(`${base}/login`);
    await manager.getByTestId("login-email").fill(EMAIL);
    await manager.getByTestId("login-password").fill(PASSWORD);
    await manager.getByTestId("login-submit").click();
    await manager.getByTestId("survey-row").first().waitFor();
    await manager.goto(`${base}/surveys/${surveyId}`);
    await expect.poll(() => manager.getByTestId("score-n").textContent(), { timeout: 15_000 }).toBe("5");
    const before = npsFromScores(earlier);
    expect(await manager.getByTestId("score-value").textContent()).toBe(before.value?.toFixed(1));
    const link = (await manager.getByTestId("public-link").textContent()) ?? "";
    expect(link).toBe(`${base}/s/${surveyId}`);

    // A customer on a phone, through that link.
    const phone = await (
      await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        locale: "ru-RU",
      })
    ).newPage();
    await phone.goto(link);
    await phone.getByTestId("score-2").tap();
    await phone.getByTestId("option-delivery").tap();
    await phone.getByTestId("next").tap();
    await phone.getByTestId("text-why").fill("Курьер опоздал на два дня");
    await phone.getByTestId("submit").tap();
    await phone.getByTestId("thank-you").waitFor();

    // Back on the dashboard: n and the score include the new answer, and the comment is listed.
    await manager.reload();
    await expect.poll(() => manager.getByTestId("score-n").textContent(), { timeout: 15_000 }).toBe("6");
    const after = npsFromScores([...earlier, 2]);
    expect(await manager.getByTestId("score-value").textContent()).toBe(after.value?.toFixed(1));
    await expect
      .poll(() => manager.getByTestId("answers-list").textContent(), { timeout: 15_000 })
      .toContain("Курьер опоздал на два дня");
  });
});
