import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { runCli, serve } from "../helpers/cli.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-10T12:00:00Z");
const HEADER = "external_id,customer_id,submitted_at,nps,reasons,why,customer.country,store";

/** Six responses on lines 2–8 (the second spans lines 3–4); `line7` replaces the row on line 7. */
function csv(line7 = "r-5,c-3,2026-03-03T10:00:00Z,8,,,RU,Kazan-1", eol = "\n") {
  return [
    HEADER,
    'r-1,c-1,2026-03-01T10:15:00Z,9,quality;price,"Fast delivery, friendly staff",RU,Kazan-1',
    'r-2,c-2,2026-03-01T11:00:00Z,3,price,"Too expensive',
    'and slow",KZ,',
    "r-3,c-1,2026-03-02T09:00:00Z,10,,,RU,Kazan-2",
    "r-4,,2026-03-02T10:00:00Z,7,delivery,Отлично,,Omsk",
    line7,
    "r-6,c-4,2026-03-03T12:00:00Z,0,,,RU,",
    "",
  ].join(eol);
}

describe.each(testDatabases())("otklik import responses on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let url: string;
  let dir: string;
  let t: Tenant;
  let surveyId: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    url = await serve(world);
    dir = mkdtempSync(join(tmpdir(), "otklik-import-"));
  });

  beforeEach(async () => {
    t = await makeTenant(world);
    surveyId = (await createSurvey(t)).id;
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function file(name: string, content: string) {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  const importFile = (path: string, ...extra: string[]) =>
    runCli(["import", "responses", path, "--survey", surveyId, ...extra], { url, key: t.key });

  async function stored() {
    const res = await t.call("GET", `/api/v1/responses?surveyId=${surveyId}&limit=500`);
    return res.json().items as {
      externalId: string;
      customerExternalId: string | null;
      channel: string;
      submittedAt: string;
      attributes: Record<string, unknown>;
      answers: { questionId: string; value: number | null; choices: string[] | null; text: string | null }[];
    }[];
  }

  async function customers() {
    return world.ctx.db
      .selectFrom("customers")
      .select(["external_id", "attributes"])
      .where("workspace_id", "=", t.workspaceId)
      .orderBy("external_id")
      .execute();
  }

  it("refuses a file with a bad row on line 7, naming the line and column, and writes nothing", async () => {
    const path = file("bad.csv", csv("r-5,c-3,2026-03-03T10:00:00Z,11,,,RU,Kazan-1"));
    const run = await importFile(path);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/1 problem\(s\); nothing was imported/);
    expect(run.stderr).toMatch(/line 7: nps: .*0 to 10/);
    expect(run.stderr).not.toMatch(/line [^7]/);
    expect(await stored()).toEqual([]);
    expect(await customers()).toEqual([]);
  });

  it("reports every problem by its first line and column, also with CRLF line ends and a BOM", async () => {
    const lines = csv("r-5,c-3,2026-03-03T10:00:00Z,abc,teleport,,RU,Kazan-1", "\r\n").split("\r\n");
    lines[2] = 'r-2,c-2,2026-03-01T11:00:00Z,12,price,"Too expensive';
    lines[5] = "r-4,,yesterday,7,delivery,Отлично,,Omsk";
    lines[7] = "r-6,c-4,2026-04-03T12:00:00Z,0,,,RU,";
    const path = file("many.csv", `\uFEFF${lines.join("\r\n")}`);
    const run = await importFile(path);
    expect(run.code).not.toBe(0);
    const reported = run.stderr.split("\n").filter((l) => /^\s+line \d+/.test(l));
    expect(reported).toEqual([
      expect.stringMatching(/line 3: nps: /),
      expect.stringMatching(/line 6: submitted_at: .*ISO 8601/),
      expect.stringMatching(/line 7: nps: .*abc/),
      expect.stringMatching(/line 8: submitted_at: .*future/),
    ]);
    expect(await stored()).toEqual([]);
  });

  it("imports a good file completely, and a second run adds no duplicates", async () => {
    const path = file("good.csv", csv());
    const first = await importFile(path);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('imported 6 responses into "Relational NPS"');

    const rows = await stored();
    expect(rows.map((r) => r.externalId).sort()).toEqual(["r-1", "r-2", "r-3", "r-4", "r-5", "r-6"]);
    const r1 = rows.find((r) => r.externalId === "r-1");
    expect(r1).toMatchObject({
      customerExternalId: "c-1",
      channel: "import",
      submittedAt: "2026-03-01T10:15:00.000Z",
      attributes: { store: "Kazan-1" },
    });
    expect(r1?.answers.find((a) => a.questionId === "reasons")?.choices?.sort()).toEqual([
      "price",
      "quality",
    ]);
    const r2 = rows.find((r) => r.externalId === "r-2");
    expect(r2?.answers.find((a) => a.questionId === "why")?.text).toBe("Too expensive\nand slow");
    const r4 = rows.find((r) => r.externalId === "r-4");
    expect(r4).toMatchObject({ customerExternalId: null, attributes: { store: "Omsk" } });
    expect(r4?.answers.find((a) => a.questionId === "why")?.text).toBe("Отлично");
    expect(await customers()).toEqual([
      { external_id: "c-1", attributes: { country: "RU" } },
      { external_id: "c-2", attributes: { country: "KZ" } },
      { external_id: "c-3", attributes: { country: "RU" } },
      { external_id: "c-4", attributes: { country: "RU" } },
    ]);

    const again = await importFile(path);
    expect(again.code, again.stderr).toBe(0);
    expect(await stored()).toHaveLength(6);
    const metric = await t.call("GET", `/api/v1/metrics/nps?surveyId=${surveyId}`);
    expect(metric.json().n).toBe(6);
  });

  it("checks without writing with --dry-run", async () => {
    const good = await importFile(file("dry.csv", csv()), "--dry-run");
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain("6 rows are valid (dry run: nothing written)");
    expect(await stored()).toEqual([]);

    const bad = await importFile(
      file("dry-bad.csv", csv("r-5,c-3,2026-03-03T10:00:00Z,11,,,RU,")),
      "--dry-run",
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/line 7: nps/);
    expect(await stored()).toEqual([]);
  });

  it("fails clearly for an unknown survey or a key without the scope", async () => {
    const unknown = await runCli(
      ["import", "responses", file("u.csv", csv()), "--survey", "0190a0a0-0000-7000-8000-000000000000"],
      { url, key: t.key },
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/survey not found/);

    const created = await t.call("POST", "/api/v1/api-keys", {
      name: "read only",
      scopes: ["surveys:read", "responses:read"],
    });
    const denied = await runCli(["import", "responses", file("r.csv", csv()), "--survey", surveyId], {
      url,
      key: created.json().key,
    });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/responses:write/);
  });
});
