import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TRole } from "../../src/auth/schema.js";
import { addUser } from "../../src/auth/service.js";
import type { DbHandle } from "../../src/db/connection.js";
import { newId } from "../../src/ids.js";
import { makeTenant, startApp, type Tenant, type TestWorld } from "../helpers/app.js";
import { testDatabases } from "../helpers/db.js";
import { createSurvey } from "../helpers/fixtures.js";
import { type Session, signIn, TEST_PASSWORD } from "../helpers/session.js";

const error = (res: LightMyRequestResponse) =>
  (res.json() as { error: { code: string; field?: string } }).error;

describe.each(testDatabases())("members and workspace switching on $name", (database) => {
  let handle: DbHandle;
  let world: TestWorld;
  let a: Tenant;
  let b: Tenant;
  const ownerEmail = `owner-${newId()}@example.com`;
  let owner: Session;

  /** A new member of workspace A (or `ws`) with the role, and their user id. */
  async function member(role: TRole, ws = a.workspaceId, email = `${role}-${newId()}@example.com`) {
    const id = await addUser(world.ctx.db, ws, { email, name: role, password: TEST_PASSWORD, role });
    return { id, email };
  }
  const roleIn = async (workspaceId: string, userId: string) =>
    (
      await world.ctx.db
        .selectFrom("memberships")
        .select("role")
        .where("workspace_id", "=", workspaceId)
        .where("user_id", "=", userId)
        .executeTakeFirst()
    )?.role;

  beforeAll(async () => {
    handle = await database.open();
    world = await startApp(handle);
    a = await makeTenant(world, { email: ownerEmail });
    b = await makeTenant(world);
    owner = await signIn(world, ownerEmail);
  });

  afterAll(async () => {
    await world?.app.close();
    await handle?.close();
  });

  it("lists members by email a page at a time", async () => {
    const ws = await makeTenant(world, { email: `zz-${newId()}@example.com` });
    const tag = newId().slice(-8);
    for (const name of ["Carol", "alice", "bob"])
      await member("viewer", ws.workspaceId, `${name}+${tag}@example.com`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await ws.call("GET", `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: { email: string; role: string }[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((u) => u.email.split("+")[0] ?? u.email));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(["alice", "bob", "Carol", expect.stringMatching(/^zz-/)]);
    const bad = await ws.call("GET", "/api/v1/users?limit=0");
    expect(bad.statusCode).toBe(400);
    expect(error(bad).field).toBe("query.limit");
  });

  it("changes a role; the member's open session follows at once", async () => {
    const m = await member("analyst");
    const session = await signIn(world, m.email);
    expect((await session.call("PATCH", `/api/v1/surveys/${newId()}`, { name: "x" })).statusCode).toBe(404);

    const res = await owner.call("PATCH", `/api/v1/users/${m.id}`, { role: "viewer" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: m.id, email: m.email, name: "analyst", role: "viewer" });
    expect((await session.call("GET", "/api/v1/auth/me")).json()).toMatchObject({ role: "viewer" });
    expect((await session.call("PATCH", `/api/v1/surveys/${newId()}`, { name: "x" })).statusCode).toBe(403);

    // Unchanged role: no error, nothing to do.
    expect((await owner.call("PATCH", `/api/v1/users/${m.id}`, { role: "viewer" })).statusCode).toBe(200);
  });

  it("validates the input and names the field", async () => {
    const m = await member("agent");
    const badRole = await owner.call("PATCH", `/api/v1/users/${m.id}`, { role: "superuser" });
    expect(badRole.statusCode).toBe(400);
    expect(error(badRole)).toMatchObject({ code: "validation_failed", field: "role" });
    const noRole = await owner.call("PATCH", `/api/v1/users/${m.id}`, {});
    expect(error(noRole).field).toBe("role");
    const badId = await owner.call("PATCH", "/api/v1/users/not-a-uuid", { role: "viewer" });
    expect(badId.statusCode).toBe(400);
    expect(error(badId).field).toBe("path.id");
    const unknown = await owner.call("DELETE", `/api/v1/users/${newId()}`);
    expect(unknown.statusCode).toBe(404);
    expect(error(unknown).code).toBe("not_found");
  });

  it("requires the admin scope and the CSRF token", async () => {
    const m = await member("viewer");
    const analyst = await signIn(world, (await member("analyst")).email);
    for (const res of [
      await analyst.call("PATCH", `/api/v1/users/${m.id}`, { role: "admin" }),
      await analyst.call("DELETE", `/api/v1/users/${m.id}`),
      await analyst.call("GET", "/api/v1/users"),
      await owner.call("PATCH", `/api/v1/users/${m.id}`, { role: "admin" }, { csrf: false }),
      await owner.call("DELETE", `/api/v1/users/${m.id}`, undefined, { csrf: false }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(error(res).code).toBe("forbidden");
    }
    expect(await roleIn(a.workspaceId, m.id)).toBe("viewer");
  });

  it("lets only an owner grant, take away or remove the owner role", async () => {
    const admin = await member("admin");
    const adminSession = await signIn(world, admin.email);
    const m = await member("analyst");
    const other = await member("owner");
    for (const [caller, who] of [
      [adminSession.call, "admin session"],
      [a.call, "API key"],
    ] as const) {
      const grant = await caller("PATCH", `/api/v1/users/${m.id}`, { role: "owner" });
      expect(grant.statusCode, who).toBe(403);
      expect(error(grant)).toMatchObject({ code: "forbidden", field: "role" });
      const demote = await caller("PATCH", `/api/v1/users/${other.id}`, { role: "viewer" });
      expect(demote.statusCode, who).toBe(403);
      expect(error(demote).field).toBe("role");
      const remove = await caller("DELETE", `/api/v1/users/${other.id}`);
      expect(remove.statusCode, who).toBe(403);
      expect(error(remove).field).toBe("id");
      // Everything below the owner is theirs to manage.
      expect((await caller("PATCH", `/api/v1/users/${m.id}`, { role: "agent" })).statusCode).toBe(200);
    }
    expect(await roleIn(a.workspaceId, m.id)).toBe("agent");
    expect(await roleIn(a.workspaceId, other.id)).toBe("owner");
    const invited = { email: `new-${newId()}@example.com`, name: "New", password: TEST_PASSWORD };
    const inviteOwner = await adminSession.call("POST", "/api/v1/users", { ...invited, role: "owner" });
    expect(inviteOwner.statusCode).toBe(403);
    expect(error(inviteOwner).field).toBe("role");
    expect((await owner.call("POST", "/api/v1/users", { ...invited, role: "owner" })).statusCode).toBe(201);

    const granted = await owner.call("PATCH", `/api/v1/users/${m.id}`, { role: "owner" });
    expect(granted.json()).toMatchObject({ role: "owner" });
    expect((await owner.call("PATCH", `/api/v1/users/${m.id}`, { role: "admin" })).statusCode).toBe(200);
    expect((await owner.call("DELETE", `/api/v1/users/${other.id}`)).statusCode).toBe(204);
  });

  it("keeps the last owner: neither demoted nor removed", async () => {
    const ws = await makeTenant(world, { email: `solo-${newId()}@example.com` });
    const [solo] = (await ws.call("GET", "/api/v1/users")).json().items as { id: string; email: string }[];
    if (!solo) throw new Error("no owner");
    const session = await signIn(world, solo.email);
    const demote = await session.call("PATCH", `/api/v1/users/${solo.id}`, { role: "admin" });
    expect(demote.statusCode).toBe(409);
    expect(error(demote)).toMatchObject({ code: "conflict", field: "role" });
    expect((demote.json() as { error: { message: string } }).error.message).toMatch(/last owner/);
    const remove = await session.call("DELETE", `/api/v1/users/${solo.id}`);
    expect(remove.statusCode).toBe(409);
    expect(error(remove)).toMatchObject({ code: "conflict", field: "id" });
    expect(await roleIn(ws.workspaceId, solo.id)).toBe("owner");

    // With a second owner, the first may step down; then the second is the last one.
    const second = await member("owner", ws.workspaceId);
    expect((await session.call("PATCH", `/api/v1/users/${solo.id}`, { role: "admin" })).statusCode).toBe(200);
    const last = await session.call("PATCH", `/api/v1/users/${second.id}`, { role: "viewer" });
    expect(last.statusCode).toBe(403); // an admin now, so not allowed to touch the owner at all
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const ws = await makeTenant(world, { email: `pair-${newId()}@example.com` });
    const [first] = (await ws.call("GET", "/api/v1/users")).json().items as { id: string; email: string }[];
    if (!first) throw new Error("no owner");
    const second = await member("owner", ws.workspaceId);
    const s1 = await signIn(world, first.email);
    const s2 = await signIn(world, second.email);
    const results = await Promise.all([
      s1.call("PATCH", `/api/v1/users/${second.id}`, { role: "admin" }),
      s2.call("PATCH", `/api/v1/users/${first.id}`, { role: "admin" }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    // The loser either finds itself the last owner (409) or already demoted to admin (403).
    expect(codes[0]).toBe(200);
    expect([403, 409]).toContain(codes[1]);
    const roles = [await roleIn(ws.workspaceId, first.id), await roleIn(ws.workspaceId, second.id)];
    expect(roles.sort()).toEqual(["admin", "owner"]);
  });

  it("removes a member from this workspace only and ends their sessions here", async () => {
    const email = `both-${newId()}@example.com`;
    const m = await member("analyst", a.workspaceId, email);
    await member("viewer", b.workspaceId, email);
    const inA = await signIn(world, email, TEST_PASSWORD, a.workspaceId);
    const inB = await signIn(world, email, TEST_PASSWORD, b.workspaceId);

    const res = await owner.call("DELETE", `/api/v1/users/${m.id}`);
    expect(res.statusCode).toBe(204);
    expect((await inA.call("GET", "/api/v1/surveys")).statusCode).toBe(401);
    const me = await inB.call("GET", "/api/v1/auth/me");
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ workspace: { id: b.workspaceId }, role: "viewer" });
    expect((me.json() as { workspaces: { id: string }[] }).workspaces.map((w) => w.id)).toEqual([
      b.workspaceId,
    ]);
    const listed = (await owner.call("GET", "/api/v1/users")).json().items as { id: string }[];
    expect(listed.map((u) => u.id)).not.toContain(m.id);
    expect((await owner.call("DELETE", `/api/v1/users/${m.id}`)).statusCode).toBe(404);
    // Signing in again lands in the workspace they still belong to.
    const again = await signIn(world, email);
    expect(again.login.json()).toMatchObject({ workspace: { id: b.workspaceId } });
    await expect(signIn(world, email, TEST_PASSWORD, a.workspaceId)).rejects.toThrow(/403/);
  });

  it("cannot find or change a member of another workspace (404), by key or by session", async () => {
    const email = `shared-${newId()}@example.com`;
    const inB = await member("analyst", b.workspaceId);
    const sharedB = await member("agent", b.workspaceId, email);
    await member("viewer", a.workspaceId, email);
    for (const call of [a.call, owner.call]) {
      for (const res of [
        await call("PATCH", `/api/v1/users/${inB.id}`, { role: "viewer" }),
        await call("DELETE", `/api/v1/users/${inB.id}`),
      ]) {
        expect(res.statusCode, res.body).toBe(404);
        expect(error(res).code).toBe("not_found");
      }
      const listed = (await call("GET", "/api/v1/users")).json().items as { id: string }[];
      expect(listed.map((u) => u.id)).not.toContain(inB.id);
    }
    expect(await roleIn(b.workspaceId, inB.id)).toBe("analyst");
    // A user in both: A changes and removes only A's membership.
    expect((await owner.call("PATCH", `/api/v1/users/${sharedB.id}`, { role: "admin" })).statusCode).toBe(
      200,
    );
    expect(await roleIn(a.workspaceId, sharedB.id)).toBe("admin");
    expect(await roleIn(b.workspaceId, sharedB.id)).toBe("agent");
    expect((await owner.call("DELETE", `/api/v1/users/${sharedB.id}`)).statusCode).toBe(204);
    expect(await roleIn(a.workspaceId, sharedB.id)).toBeUndefined();
    expect(await roleIn(b.workspaceId, sharedB.id)).toBe("agent");
  });

  describe("switching workspaces", () => {
    it("moves the session to another of the user's workspaces", async () => {
      const email = `switcher-${newId()}@example.com`;
      await member("viewer", a.workspaceId, email);
      await member("admin", b.workspaceId, email);
      const surveyOfB = await createSurvey(b);
      const s = await signIn(world, email, TEST_PASSWORD, a.workspaceId);
      expect((s.login.json() as { workspaces: unknown[] }).workspaces).toHaveLength(2);
      expect((await s.call("GET", `/api/v1/surveys/${surveyOfB.id}`)).statusCode).toBe(404);

      const res = await s.call("POST", "/api/v1/auth/switch", { workspaceId: b.workspaceId });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ workspace: { id: b.workspaceId }, role: "admin" });
      expect((await s.call("GET", `/api/v1/surveys/${surveyOfB.id}`)).statusCode).toBe(200);
      expect((await s.call("GET", "/api/v1/users")).statusCode).toBe(200);
      const back = await s.call("POST", "/api/v1/auth/switch", { workspaceId: a.workspaceId });
      expect(back.json()).toMatchObject({ workspace: { id: a.workspaceId }, role: "viewer" });
      expect((await s.call("GET", "/api/v1/users")).statusCode).toBe(403);
    });

    it("refuses workspaces the user is not in, API keys, and requests without the CSRF token", async () => {
      const s = await signIn(world, ownerEmail);
      for (const workspaceId of [b.workspaceId, newId()]) {
        const res = await s.call("POST", "/api/v1/auth/switch", { workspaceId });
        expect(res.statusCode).toBe(404);
        expect(error(res).code).toBe("not_found");
      }
      const malformed = await s.call("POST", "/api/v1/auth/switch", { workspaceId: "b" });
      expect(malformed.statusCode).toBe(400);
      expect(error(malformed).field).toBe("workspaceId");
      const noCsrf = await s.call(
        "POST",
        "/api/v1/auth/switch",
        { workspaceId: a.workspaceId },
        { csrf: false },
      );
      expect(noCsrf.statusCode).toBe(403);
      const byKey = await a.call("POST", "/api/v1/auth/switch", { workspaceId: a.workspaceId });
      expect(byKey.statusCode).toBe(403);
      expect(error(byKey)).toMatchObject({ code: "forbidden", field: "workspaceId" });
      const anonymous = await world.app.inject({
        method: "POST",
        url: "/api/v1/auth/switch",
        payload: { workspaceId: a.workspaceId },
      });
      expect(anonymous.statusCode).toBe(401);
      expect((await s.call("GET", "/api/v1/auth/me")).json()).toMatchObject({
        workspace: { id: a.workspaceId },
      });
    });

    it("cannot switch back into a workspace the user was removed from", async () => {
      const email = `leaver-${newId()}@example.com`;
      const m = await member("analyst", a.workspaceId, email);
      await member("analyst", b.workspaceId, email);
      const s = await signIn(world, email, TEST_PASSWORD, b.workspaceId);
      expect((await owner.call("DELETE", `/api/v1/users/${m.id}`)).statusCode).toBe(204);
      const res = await s.call("POST", "/api/v1/auth/switch", { workspaceId: a.workspaceId });
      expect(res.statusCode).toBe(404);
      expect((await s.call("GET", "/api/v1/auth/me")).json()).toMatchObject({
        workspace: { id: b.workspaceId },
      });
    });
  });
});
