import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { npsFromScores } from "../../src/metrics/index.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { runCli, serve } from "../helpers/cli.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");

describe.each(testDatabases())("otklik metrics on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let url: string;
  let t: Tenant;
  let surveyId: string;
  const scores = [10, 9, 9, 8, 7, 6, 3, 0, 10, 10];

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    url = await serve(world);
    t = await makeTenant(world, { timeZone: "Europe/Moscow" });
    surveyId = (await createSurvey(t)).id;
    const res = await t.call("POST", "/api/v1/responses", {
      responses: scores.map((nps, i) => ({
        surveyId,
        submittedAt: new Date(Date.UTC(2026, 1, 1 + i * 2, 10)).toISOString(),
        answers: { nps },
        attributes: { store: i % 2 ? "Kazan" : "Omsk" },
      })),
    });
    expect(res.statusCode).toBe(201);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const cli = (...args: string[]) => runCli(["metrics", ...args], { url, key: t.key });

  it("prints the API's JSON with --json", async () => {
    const run = await cli("nps", "--survey", surveyId, "--json");
    expect(run.code, run.stderr).toBe(0);
    const api = await t.call("GET", `/api/v1/metrics/nps?surveyId=${surveyId}`);
    expect(JSON.parse(run.stdout)).toEqual(api.json());
    expect(JSON.parse(run.stdout)).toMatchObject({ n: 10, value: npsFromScores(scores).value });
  });

  it("passes period, trend and segment options through", async () => {
    const run = await cli(
      "nps",
      "--survey",
      surveyId,
      "--from",
      "2026-02-01",
      "--to",
      "2026-03-01",
      "--group-by",
      "week",
      "--segment",
      "store",
      "--json",
    );
    expect(run.code, run.stderr).toBe(0);
    const api = await t.call(
      "GET",
      `/api/v1/metrics/nps?surveyId=${surveyId}&from=2026-02-01&to=2026-03-01&groupBy=week&segment=store`,
    );
    const printed = JSON.parse(run.stdout);
    expect(printed).toEqual(api.json());
    expect(printed.breakdown.map((b: { key: string }) => b.key).sort()).toEqual(["Kazan", "Omsk"]);
    expect(printed.series.length).toBeGreaterThan(1);
    expect(printed.previous).not.toBeNull();
  });

  it("prints a readable table by default", async () => {
    const run = await cli("nps", "--survey", surveyId, "--segment", "store");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^NPS -?\d+\.\d {2}n=10 {2}95% CI \[/);
    expect(run.stdout).toContain("(low sample: n < 30)");
    expect(run.stdout).toMatch(/Kazan/);
  });

  it("fails with a message for an unknown metric or a bad request", async () => {
    const unknown = await cli("happiness", "--survey", surveyId);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown metric "happiness"/);
    const wrong = await cli("csat", "--survey", surveyId);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/no csat question/);
  });
});
