import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";

/** The customer timeline and the inbox find cases by customer and by answer, within the workspace only. */
describe.each(testDatabases())("case filters by customer and answer on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let a: Tenant;
  let b: Tenant;
  let surveyId: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle);
    a = await makeTenant(world);
    b = await makeTenant(world);
    surveyId = (await createSurvey(a)).id;
    const rule = await a.call("POST", "/api/v1/routing-rules", {
      name: "every detractor",
      conditions: { groups: ["detractor"] },
      dueHours: 24,
    });
    expect(rule.statusCode, rule.body).toBe(201);
  });
  afterAll(async () => {
    await world.app.close();
    await handle.close();
  });

  const respond = async (customer: string, externalId: string, nps: number) => {
    const res = await a.call("POST", "/api/v1/responses", {
      surveyId,
      externalId,
      customer: { externalId: customer },
      answers: { nps, why: "Курьер опоздал" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string };
    const stored = (await a.call("GET", `/api/v1/responses/${id}`)).json() as { customerId: string };
    return { id, customerId: stored.customerId };
  };

  it("lists one customer's cases and the case of one answer", async () => {
    const first = await respond("anna", "a-1", 2);
    const second = await respond("anna", "a-2", 3);
    const other = await respond("boris", "b-1", 1);
    const byCustomer = (await a.call("GET", `/api/v1/cases?customerId=${first.customerId}`)).json();
    expect(byCustomer.items.map((c: { responseId: string }) => c.responseId).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    const byAnswer = (await a.call("GET", `/api/v1/cases?responseId=${other.id}`)).json();
    expect(byAnswer.items).toHaveLength(1);
    expect(byAnswer.items[0]).toMatchObject({ responseId: other.id, customerId: other.customerId });
    expect((await a.call("GET", "/api/v1/cases?customerId=not-a-uuid")).statusCode).toBe(400);
    // Another workspace asking for these ids sees nothing.
    expect((await b.call("GET", `/api/v1/cases?customerId=${first.customerId}`)).json().items).toEqual([]);
    expect((await b.call("GET", `/api/v1/cases?responseId=${other.id}`)).json().items).toEqual([]);
  });
});
