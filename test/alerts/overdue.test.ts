import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAlerts } from "../../src/alerts/jobs.js";
import type { DbHandle } from "../../src/db/connection.js";
import { startSmtp, type TestSmtp } from "../distribution/helpers.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

const NOW = new Date("2026-03-09T07:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe.each(testDatabases())("overdue-case alerts on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let t: Tenant;
  let smtp: TestSmtp;
  let caseId: string;

  const run = (when: Date) => {
    world.setNow(when);
    return runAlerts(world.ctx, when);
  };
  /** The overdue alerts the team got so far, by subject. */
  const overdueMails = () =>
    smtp.messages.filter((m) => String(m.parsed.subject).startsWith("Case overdue")).map((m) => m.parsed);
  const patchCase = async (when: Date, body: object) => {
    world.setNow(when);
    const res = await t.call("PATCH", `/api/v1/cases/${caseId}`, body);
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    t = await makeTenant(world);
    const surveyId = (await createSurvey(t)).id;
    const setup = [
      t.call("PUT", "/api/v1/distribution/smtp", {
        host: "127.0.0.1",
        port: smtp.port,
        from: "cx@acme.test",
      }),
      t.call("POST", "/api/v1/alerts/rules", {
        name: "Overdue",
        events: ["case_overdue"],
        emails: ["ops@acme.test"],
      }),
      t.call("POST", "/api/v1/routing-rules", {
        name: "Detractors",
        conditions: { groups: ["detractor"] },
        dueHours: 4,
      }),
    ];
    for (const res of await Promise.all(setup)) expect(res.statusCode, res.body).toBeLessThan(300);
    const answer = await t.call("POST", "/api/v1/responses", {
      surveyId,
      externalId: "d1",
      submittedAt: NOW.toISOString(),
      customer: { externalId: "c-1" },
      answers: { nps: 2, why: "Never again" },
    });
    expect(answer.statusCode, answer.body).toBe(201);
    const cases = (await t.call("GET", "/api/v1/cases")).json().items;
    expect(cases).toHaveLength(1);
    caseId = cases[0].id;
    expect(cases[0].dueAt).toBe(at(4 * HOUR).toISOString());
  });

  afterAll(async () => {
    await world.app.close();
    await handle.close();
    await smtp.close();
  });

  it("alerts a case whose due time is moved into the past, behind the last scan", async () => {
    expect((await run(at(HOUR))).overdue).toBe(0);
    // The scan at +1 h moved the watermark; the due time now goes back to +30 min, before it.
    await patchCase(at(2 * HOUR), { dueAt: at(30 * MINUTE).toISOString() });
    expect((await run(at(2 * HOUR + MINUTE))).overdue).toBe(1);
    expect(overdueMails()).toHaveLength(1);
    expect(overdueMails()[0]?.text).toContain("Never again");
  });

  it("does not alert the same due time again when the overdue case changes otherwise", async () => {
    await patchCase(at(3 * HOUR), { team: "Logistics" });
    await run(at(3 * HOUR + MINUTE));
    await run(at(5 * HOUR));
    expect(overdueMails()).toHaveLength(1);
  });

  it("alerts again when a new due time is missed", async () => {
    await patchCase(at(5 * HOUR + MINUTE), { dueAt: at(6 * HOUR).toISOString() });
    expect((await run(at(5 * HOUR + 2 * MINUTE))).overdue).toBe(0);
    expect((await run(at(6 * HOUR + MINUTE))).overdue).toBe(1);
    await run(at(7 * HOUR));
    expect(overdueMails()).toHaveLength(2);
    const log = (await t.call("GET", "/api/v1/alerts/deliveries?kind=case_overdue")).json().items;
    expect(log.map((d: { status: string }) => d.status)).toEqual(["sent", "sent"]);
  });

  it("does not alert a closed case whose due time passes", async () => {
    for (const to of ["acknowledged", "resolved"]) {
      const res = await t.call("POST", `/api/v1/cases/${caseId}/transitions`, { to });
      expect(res.statusCode, res.body).toBe(200);
    }
    await patchCase(at(7 * HOUR + MINUTE), { dueAt: at(7 * HOUR + 30 * MINUTE).toISOString() });
    await run(at(8 * HOUR));
    expect(overdueMails()).toHaveLength(2);
  });

  it("keeps the overdue alerts to the workspace", async () => {
    const other = await makeTenant(world);
    expect((await other.call("GET", "/api/v1/alerts/deliveries?kind=case_overdue")).json().items).toEqual([]);
    expect((await other.call("PATCH", `/api/v1/cases/${caseId}`, { team: "x" })).statusCode).toBe(404);
  });
});
