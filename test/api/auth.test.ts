import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../src/db/connection.js";
import { newId } from "../../src/ids.js";
import { surveyFromTemplate } from "../../src/surveys/templates.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";
import { signIn, TEST_PASSWORD } from "../helpers/session.js";

const NOW = new Date("2026-03-10T12:00:00Z");

describe.each(testDatabases())("auth on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let owner: Tenant;
  const ownerEmail = `owner-${newId()}@example.com`;
  let surveyId: string;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle, { now: NOW });
    owner = await makeTenant(world, { email: ownerEmail });
    surveyId = (await createSurvey(owner)).id;
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  const login = (email: string, password: string) =>
    world.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });

  it("signs in with the right password and sets a HttpOnly, SameSite=Lax cookie", async () => {
    const res = await login(ownerEmail.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.email).toBe(ownerEmail);
    expect(body.workspace.id).toBe(owner.workspaceId);
    expect(body.role).toBe("owner");
    expect(body.csrfToken).toEqual(expect.any(String));
    const cookie = res.cookies.find((c) => c.name === "otklik_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.maxAge).toBeGreaterThan(0);
    expect(String(res.headers["set-cookie"])).toMatch(/HttpOnly/);
  });

  it("answers a wrong password and an unknown email with the same error", async () => {
    const wrong = await login(ownerEmail, "not the password");
    const unknown = await login(`nobody-${newId()}@example.com`, TEST_PASSWORD);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.cookies).toEqual([]);
    }
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json().error.code).toBe("unauthorized");
  });

  it("requires the CSRF token for writes made with the cookie", async () => {
    const s = await signIn(world, ownerEmail);
    const input = surveyFromTemplate("support-ces");
    const read = await s.call("GET", "/api/v1/surveys", undefined, { csrf: false });
    expect(read.statusCode).toBe(200);

    const missing = await s.call("POST", "/api/v1/surveys", input, { csrf: false });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toMatchObject({ code: "forbidden", message: expect.stringMatching(/CSRF/) });
    const wrong = await world.app.inject({
      method: "POST",
      url: "/api/v1/surveys",
      cookies: { otklik_session: s.cookie },
      headers: { "x-csrf-token": `${s.csrfToken}x` },
      payload: input,
    });
    expect(wrong.statusCode).toBe(403);
    const list = await owner.call("GET", "/api/v1/surveys");
    expect(list.json().items).toHaveLength(1);

    const ok = await s.call("POST", "/api/v1/surveys", input);
    expect(ok.statusCode).toBe(201);
  });

  it("signs out: the old cookie no longer works", async () => {
    const s = await signIn(world, ownerEmail);
    expect((await s.call("GET", "/api/v1/auth/me")).statusCode).toBe(200);
    const out = await s.call("POST", "/api/v1/auth/logout");
    expect(out.statusCode).toBe(200);
    const cleared = out.cookies.find((c) => c.name === "otklik_session");
    expect(cleared?.value).toBe("");
    const me = await s.call("GET", "/api/v1/auth/me");
    expect(me.statusCode).toBe(401);
    const write = await s.call("POST", "/api/v1/responses", { surveyId, answers: { nps: 5 } });
    expect(write.statusCode).toBe(401);
  });

  it("expires sessions after 14 days", async () => {
    const s = await signIn(world, ownerEmail);
    world.setNow(new Date(NOW.getTime() + 13 * 86_400_000));
    expect((await s.call("GET", "/api/v1/auth/me")).statusCode).toBe(200);
    world.setNow(new Date(NOW.getTime() + 15 * 86_400_000));
    expect((await s.call("GET", "/api/v1/auth/me")).statusCode).toBe(401);
    world.setNow(NOW);
  });

  it("refuses requests without credentials or with a malformed key", async () => {
    const none = await world.app.inject({ method: "GET", url: "/api/v1/surveys" });
    expect(none.statusCode).toBe(401);
    for (const key of ["nonsense", "otk_abc_def", `${owner.key}x`]) {
      const res = await world.app.inject({
        method: "GET",
        url: "/api/v1/surveys",
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("unauthorized");
    }
  });

  it("limits an API key to its scopes and names the missing one", async () => {
    const created = await owner.call("POST", "/api/v1/api-keys", {
      name: "dashboards",
      scopes: ["metrics:read"],
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^otk_/);
    expect(apiKey).toMatchObject({ scopes: ["metrics:read"], revokedAt: null });
    const call = (method: string, url: string, payload?: object) =>
      world.app.inject({
        method: method as "GET",
        url,
        headers: { authorization: `Bearer ${key}` },
        payload,
      });

    const metrics = await call("GET", `/api/v1/metrics/nps?surveyId=${surveyId}`);
    expect(metrics.statusCode).toBe(200);
    const write = await call("POST", "/api/v1/responses", { surveyId, answers: { nps: 9 } });
    expect(write.statusCode).toBe(403);
    expect(write.json().error).toMatchObject({ code: "forbidden" });
    expect(write.json().error.message).toContain("responses:write");
    const read = await call("GET", "/api/v1/responses");
    expect(read.statusCode).toBe(403);
    expect(read.json().error.message).toContain("responses:read");
    const admin = await call("POST", "/api/v1/api-keys", { name: "escalate", scopes: ["admin"] });
    expect(admin.statusCode).toBe(403);

    const listed = await owner.call("GET", "/api/v1/api-keys");
    const stored = listed.json().items.find((k: { id: string }) => k.id === apiKey.id);
    expect(stored.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.json())).not.toContain(key);
  });

  it("revokes a key: it then gets 401", async () => {
    const { key, apiKey } = (
      await owner.call("POST", "/api/v1/api-keys", { name: "short-lived", scopes: ["surveys:read"] })
    ).json();
    const get = () =>
      world.app.inject({
        method: "GET",
        url: "/api/v1/surveys",
        headers: { authorization: `Bearer ${key}` },
      });
    expect((await get()).statusCode).toBe(200);
    const revoke = await owner.call("DELETE", `/api/v1/api-keys/${apiKey.id}`);
    expect(revoke.statusCode).toBe(204);
    const after = await get();
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe("unauthorized");
    expect((await owner.call("DELETE", `/api/v1/api-keys/${apiKey.id}`)).statusCode).toBe(404);
    const listed = (await owner.call("GET", "/api/v1/api-keys")).json().items;
    expect(listed.find((k: { id: string }) => k.id === apiKey.id).revokedAt).toEqual(expect.any(String));
  });

  it("lets viewers read but not write, and analysts write but not administer", async () => {
    const viewerEmail = `viewer-${newId()}@example.com`;
    const analystEmail = `analyst-${newId()}@example.com`;
    for (const [email, role] of [
      [viewerEmail, "viewer"],
      [analystEmail, "analyst"],
    ]) {
      const res = await owner.call("POST", "/api/v1/users", {
        email,
        name: role,
        password: TEST_PASSWORD,
        role,
      });
      expect(res.statusCode).toBe(201);
    }
    const viewer = await signIn(world, viewerEmail);
    expect(viewer.login.json()).toMatchObject({ role: "viewer" });
    expect((await viewer.call("GET", "/api/v1/surveys")).statusCode).toBe(200);
    expect((await viewer.call("GET", `/api/v1/metrics/nps?surveyId=${surveyId}`)).statusCode).toBe(200);
    const writes = [
      await viewer.call("POST", "/api/v1/surveys", surveyFromTemplate("cli")),
      await viewer.call("PATCH", `/api/v1/surveys/${surveyId}`, { name: "renamed" }),
      await viewer.call("POST", `/api/v1/surveys/${surveyId}/archive`),
      await viewer.call("POST", "/api/v1/responses", { surveyId, answers: { nps: 1 } }),
      await viewer.call("POST", "/api/v1/api-keys", { name: "x", scopes: ["surveys:read"] }),
      await viewer.call("PATCH", "/api/v1/workspace", { name: "mine" }),
    ];
    for (const res of writes) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    }
    expect((await owner.call("GET", `/api/v1/surveys/${surveyId}`)).json().name).toBe("Relational NPS");
    expect((await owner.call("GET", "/api/v1/responses")).json().items).toEqual([]);

    const analyst = await signIn(world, analystEmail);
    expect((await analyst.call("PATCH", `/api/v1/surveys/${surveyId}`, { name: "renamed" })).statusCode).toBe(
      200,
    );
    expect((await analyst.call("GET", "/api/v1/api-keys")).statusCode).toBe(403);
  });

  it("refuses a second membership for the same email", async () => {
    const res = await owner.call("POST", "/api/v1/users", {
      email: ownerEmail,
      name: "again",
      password: TEST_PASSWORD,
      role: "viewer",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe("email");
  });
});
