import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { newId } from "../../src/ids.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";
import { signIn } from "../helpers/session.js";

type Call = (method: string, url: string, body?: unknown) => Promise<LightMyRequestResponse>;

describe.each(testDatabases())("tenancy on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let a: Tenant;
  let b: Tenant;
  const bEmail = `b-${newId()}@example.com`;
  const aEmail = `a-${newId()}@example.com`;
  const of: Record<string, string> = {};
  let callers: [string, Call][];

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle);
    a = await makeTenant(world, { email: aEmail });
    b = await makeTenant(world, { email: bEmail });
    const survey = await createSurvey(b);
    of.survey = survey.id;
    const res = await b.call("POST", "/api/v1/responses", {
      surveyId: survey.id,
      externalId: "b-1",
      customer: { externalId: "cust-b", attributes: { plan: "pro" } },
      answers: { nps: 10, why: "секрет B" },
    });
    expect(res.statusCode).toBe(201);
    of.response = res.json().id;
    const keys = await b.call("GET", "/api/v1/api-keys");
    of.key = keys.json().items[0].id;
    const users = await b.call("GET", "/api/v1/users");
    of.userEmail = users.json().items[0].email;
    const session = await signIn(world, aEmail);
    callers = [
      ["API key", a.call],
      ["session", session.call],
    ];
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const notFound = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  };

  it("workspace A cannot see or change B's survey", async () => {
    for (const [, call] of callers) {
      notFound(await call("GET", `/api/v1/surveys/${of.survey}`));
      notFound(await call("PATCH", `/api/v1/surveys/${of.survey}`, { name: "taken over" }));
      notFound(await call("POST", `/api/v1/surveys/${of.survey}/archive`));
      notFound(
        await call("POST", `/api/v1/surveys/${of.survey}/links`, { customer: { externalId: "cust-b" } }),
      );
      const list = await call("GET", "/api/v1/surveys");
      expect(list.json().items).toEqual([]);
    }
    const still = await b.call("GET", `/api/v1/surveys/${of.survey}`);
    expect(still.json()).toMatchObject({ name: "Relational NPS", status: "active" });
    // The refused link request left nothing behind in A either.
    const customersOfA = await world.ctx.db
      .selectFrom("customers")
      .select("external_id")
      .where("workspace_id", "=", a.workspaceId)
      .execute();
    expect(customersOfA).toEqual([]);
  });

  it("workspace A cannot read B's responses", async () => {
    for (const [, call] of callers) {
      notFound(await call("GET", `/api/v1/responses/${of.response}`));
      const list = await call("GET", `/api/v1/responses?surveyId=${of.survey}`);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual({ items: [], nextCursor: null });
      const search = await call("GET", `/api/v1/responses?q=${encodeURIComponent("секрет")}`);
      expect(search.json().items).toEqual([]);
    }
  });

  it("workspace A cannot write responses into B's survey", async () => {
    for (const [, call] of callers) {
      const res = await call("POST", "/api/v1/responses", { surveyId: of.survey, answers: { nps: 0 } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe("surveyId");
      const batch = await call("POST", "/api/v1/responses/validate", {
        responses: [{ surveyId: of.survey, answers: { nps: 0 } }],
      });
      expect(batch.json().problems).toEqual([
        { index: 0, field: "responses.0.surveyId", message: expect.stringContaining("not found") },
      ]);
    }
    const list = await b.call("GET", `/api/v1/responses?surveyId=${of.survey}`);
    expect(list.json().items).toHaveLength(1);
  });

  it("workspace A cannot compute metrics over B's survey", async () => {
    for (const [, call] of callers) {
      for (const metric of ["nps", "csat", "ces"]) {
        notFound(await call("GET", `/api/v1/metrics/${metric}?surveyId=${of.survey}`));
      }
      const all = await call("GET", "/api/v1/metrics/nps");
      expect(all.statusCode).toBe(200);
      expect(all.json().n).toBe(0);
    }
  });

  it("workspace A cannot see or revoke B's API keys and users", async () => {
    for (const [, call] of callers) {
      notFound(await call("DELETE", `/api/v1/api-keys/${of.key}`));
      const keys = await call("GET", "/api/v1/api-keys");
      expect(keys.json().items.map((k: { id: string }) => k.id)).not.toContain(of.key);
      const users = await call("GET", "/api/v1/users");
      expect(users.json().items.map((u: { email: string }) => u.email)).not.toContain(of.userEmail);
    }
    const stillWorks = await b.call("GET", "/api/v1/surveys");
    expect(stillWorks.statusCode).toBe(200);
  });

  it("a user of A cannot sign in to B", async () => {
    const res = await world.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: aEmail, password: "correct horse battery", workspaceId: b.workspaceId },
    });
    expect(res.statusCode).toBe(403);
    expect(res.cookies).toEqual([]);
  });
});
