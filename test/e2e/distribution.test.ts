import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { runDue } from "../../src/distribution/jobs.js";
import type { TResponse } from "../../src/surveys/schema.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { launchBrowser, listen } from "../helpers/browser.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const [database] = testDatabases();
if (!database) throw new Error("no test database");

/** A shop's pages, on another origin than Otklik, with the widget snippet pasted in. */
function hostPage(snippet: string, path: string) {
  const identify =
    path === "/shop" ? "otklik('identify',{externalId:'v-1',email:'v1@example.com',language:'en'});" : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<style>button{background:red!important;font-size:40px!important} h2{color:red!important}</style></head>
<body><h1>Shop ${path}</h1><button id="buy">Buy</button><div id="feedback"></div>
${snippet}
<script>${identify}document.getElementById('buy').onclick=function(){otklik('track','checkout_completed')};</script>
</body></html>`;
}

describe("distribution in Chromium", () => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let browser: Browser;
  let base: string;
  let host: Server;
  let hostOrigin: string;
  let cesSurvey: string;
  let snippet = "";

  beforeAll(async () => {
    for (const file of ["survey.js", "embed.js"]) {
      if (!existsSync(resolve(import.meta.dirname, "../../dist/widget", file)))
        throw new Error("build the pages first: npm run build:web");
    }
    handle = await database.open();
    world = await startApp(handle);
    base = await listen(world);
    world.ctx.config.publicUrl = base;
    t = await makeTenant(world);
    host = createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(hostPage(snippet, req.url ?? "/"));
    });
    await new Promise<void>((r) => host.listen(0, "127.0.0.1", r));
    hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    await t.call("PATCH", "/api/v1/distribution/settings", {
      allowedOrigins: [hostOrigin],
      recontactDays: 30,
    });
    snippet = (await t.call("GET", "/api/v1/distribution/widget")).json().snippet;
    cesSurvey = (await createSurvey(t, "support-ces")).id;
    const triggers = [
      { name: "CES after checkout", rule: { kind: "page", event: "checkout_completed" } },
      {
        name: "Pricing, after a second",
        rule: {
          kind: "page",
          urlMatch: "/pricing",
          secondsOnPage: 1,
          anonymous: true,
          display: { mode: "inline", selector: "#feedback" },
        },
      },
      {
        name: "Leaving the cart",
        rule: { kind: "page", urlMatch: "/cart", exitIntent: true, anonymous: true },
      },
    ];
    for (const tr of triggers) {
      const res = await t.call("POST", "/api/v1/triggers", { ...tr, surveyId: cesSurvey, channel: "widget" });
      expect(res.statusCode, res.body).toBe(201);
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (host ? host.close(() => r()) : r()));
    await world?.app.close();
    await handle?.close();
  });

  async function responses(surveyId: string): Promise<TResponse[]> {
    return (await t.call("GET", `/api/v1/responses?surveyId=${surveyId}`)).json().items;
  }

  /** A page that records the widget's `otklik` events in window.__otklik. */
  async function visit(context: Awaited<ReturnType<Browser["newContext"]>>, path: string): Promise<Page> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.addInitScript(() => {
      const w = window as unknown as { __otklik: { type: string; reason?: string }[] };
      w.__otklik = [];
      addEventListener("otklik", (e) => w.__otklik.push((e as CustomEvent).detail));
    });
    await page.goto(`${hostOrigin}${path}`);
    expect(problems).toEqual([]);
    return page;
  }
  const widgetEvent = (page: Page, type: string) =>
    page.waitForFunction(
      (type) =>
        (window as unknown as { __otklik: { type: string }[] }).__otklik.find((d) => d.type === type) ??
        false,
      type,
      { timeout: 15_000 },
    );

  it("asks the CES question in a popup after checkout, records the answer, and throttles the next visit", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await visit(context, "/shop");
    await page.waitForFunction(
      () =>
        typeof (window as unknown as { otklik?: { q?: unknown } }).otklik === "function" &&
        !(window as unknown as { otklik: { q?: unknown } }).otklik.q,
    );
    await page.click("#buy");
    await widgetEvent(page, "shown");
    const widget = page.locator("[data-otklik]");
    await expect
      .poll(() => widget.getByRole("dialog").getAttribute("aria-label"))
      .toBe("Support effort (CES)");
    await expect
      .poll(() => widget.locator("h2").textContent())
      .toBe("The company made it easy for me to handle my issue.");
    // The shop's own CSS does not reach into the shadow root.
    const style = await widget
      .getByRole("button", { name: "6", exact: true })
      .evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).fontSize]);
    expect(style).not.toContain("rgb(255, 0, 0)");
    expect(style[1]).not.toBe("40px");
    await widget.getByRole("button", { name: "6", exact: true }).click();
    await widget.locator(".c[data-done]").waitFor();
    await expect
      .poll(async () => (await responses(cesSurvey)).find((r) => r.customerExternalId === "v-1")?.status, {
        timeout: 10_000,
      })
      .toBe("complete");
    const [response] = (await responses(cesSurvey)).filter((r) => r.customerExternalId === "v-1");
    expect(response).toMatchObject({
      channel: "widget",
      answers: [expect.objectContaining({ questionId: "ces", value: 6 })],
    });
    await widget.getByRole("button", { name: "Close" }).click();
    await widgetEvent(page, "closed");
    expect(await page.locator("[data-otklik]").count()).toBe(0);

    // The next visit: the server says this customer was surveyed recently.
    const second = await visit(context, "/shop");
    await second.waitForFunction(() => !(window as unknown as { otklik: { q?: unknown } }).otklik.q);
    await second.click("#buy");
    const skipped = await widgetEvent(second, "skipped");
    expect(await skipped.jsonValue()).toMatchObject({ reason: "throttled" });
    expect(await second.locator("[data-otklik]").count()).toBe(0);
    await context.close();
  });

  it("fills an element of the page after time on a matching URL, for an anonymous visitor", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await visit(context, "/pricing");
    await widgetEvent(page, "shown");
    const inline = page.locator("#feedback [data-otklik]");
    await inline.getByRole("region").waitFor();
    await inline.getByRole("button", { name: "2", exact: true }).click();
    // A low score: the follow-up question appears, in the widget.
    await expect.poll(() => inline.locator("h2").textContent()).toBe("What was the hardest part?");
    await inline.locator("textarea").fill("Finding the price list");
    await inline.getByRole("button", { name: "Send" }).click();
    await inline.locator(".c[data-done]").waitFor();
    await expect
      .poll(
        async () =>
          (await responses(cesSurvey)).find((r) => r.customerExternalId?.startsWith("anon:"))?.status,
        { timeout: 10_000 },
      )
      .toBe("complete");
    await context.close();
  });

  it("shows on exit intent", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await visit(context, "/cart");
    await page.waitForFunction(() => !(window as unknown as { otklik: { q?: unknown } }).otklik.q);
    // Give the widget its triggers, then leave towards the tabs.
    await page.waitForTimeout(300);
    await page.evaluate(() =>
      document.dispatchEvent(new MouseEvent("mouseout", { bubbles: true, clientY: -5, relatedTarget: null })),
    );
    await widgetEvent(page, "shown");
    await context.close();
  });

  it("records a score clicked in an email in a real browser, then shows the follow-up", async () => {
    const nps = (await createSurvey(t, "relational-nps")).id;
    await t.call("POST", "/api/v1/triggers", {
      name: "NPS email",
      surveyId: nps,
      channel: "email",
      rule: { kind: "event", eventType: "delivered" },
      recontactDays: 0,
    });
    await t.call("POST", "/api/v1/events", {
      type: "delivered",
      customer: { externalId: "mail-1", email: "m@example.com" },
    });
    await runDue(world.ctx, world.ctx.now());
    const [mail] = (await t.call("GET", "/api/v1/outbox")).json().items;
    const link = /href="([^"]+\/e\/[^"?]+\?q=nps&amp;v=9)"/.exec(mail.html)?.[1]?.replaceAll("&amp;", "&");
    expect(link?.startsWith(base)).toBe(true);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link ?? "");
    await page.waitForURL(/\/s\//);
    await page.locator("#otklik-survey h1").first().waitFor();
    const [response] = await responses(nps);
    expect(response).toMatchObject({ channel: "email", customerExternalId: "mail-1" });
    expect(response?.answers).toEqual([expect.objectContaining({ questionId: "nps", value: 9 })]);
    // The page continues after the score: not the NPS question again.
    expect(await page.locator("#otklik-survey h1").first().textContent()).not.toContain("recommend");
    await context.close();
  });
});
