import { z } from "zod";
import { principal, requireScope, SESSION_COOKIE } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { ZIdParams } from "../http/crud-routes.js";
import * as members from "./members.js";
import {
  ZApiKey,
  ZApiKeyInput,
  ZLoginInput,
  ZMe,
  ZMember,
  ZMemberPatch,
  ZMemberQuery,
  ZSwitchInput,
  ZUserInput,
  ZWorkspace,
  ZWorkspacePatch,
} from "./schema.js";
import * as auth from "./service.js";

const tags = ["auth"];

export async function authRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.post(
    "/api/v1/auth/login",
    {
      schema: { tags, body: ZLoginInput, response: { 200: ZMe } },
      config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const { token, maxAgeSeconds } = await auth.login(db, request.body, ctx.now());
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        secure: ctx.config.secureCookies,
        path: "/",
        maxAge: maxAgeSeconds,
      });
      const p = await auth.principalFromSession(db, token, ctx.now());
      if (!p) throw new Error("session vanished right after login");
      return auth.describePrincipal(db, p);
    },
  );

  app.post("/api/v1/auth/logout", { schema: { tags } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await auth.logout(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  app.get(
    "/api/v1/auth/me",
    { schema: { tags, response: { 200: ZMe } }, preHandler: requireScope("surveys:read") },
    async (request) => auth.describePrincipal(db, principal(request)),
  );

  app.patch(
    "/api/v1/workspace",
    {
      schema: { tags, body: ZWorkspacePatch, response: { 200: ZWorkspace } },
      preHandler: requireScope("admin"),
    },
    async (request) => auth.updateWorkspace(db, principal(request).workspaceId, request.body),
  );

  app.post(
    "/api/v1/auth/switch",
    {
      schema: {
        tags,
        description:
          "Moves the dashboard session to another workspace the user is a member of (404 otherwise).",
        body: ZSwitchInput,
        response: { 200: ZMe },
      },
      // Every role reads surveys; the guard is here for sign-in and the CSRF check on writes.
      preHandler: requireScope("surveys:read"),
    },
    async (request) => {
      const p = principal(request);
      const token = request.cookies[SESSION_COOKIE];
      await auth.switchWorkspace(db, p, token, request.body.workspaceId);
      const moved = token ? await auth.principalFromSession(db, token, ctx.now()) : null;
      if (!moved) throw new Error("session vanished right after switching");
      return auth.describePrincipal(db, moved);
    },
  );

  app.get(
    "/api/v1/users",
    {
      schema: {
        tags,
        description: "The workspace's members by email, a page at a time (`cursor` from `nextCursor`).",
        querystring: ZMemberQuery,
        response: { 200: z.object({ items: z.array(ZMember), nextCursor: z.string().nullable() }) },
      },
      preHandler: requireScope("admin"),
    },
    async (request) => members.listMembersPage(db, principal(request).workspaceId, request.query),
  );

  app.patch(
    "/api/v1/users/:id",
    {
      schema: {
        tags,
        description: "Changes a member's role. Only an owner grants or takes away the owner role.",
        params: ZIdParams,
        body: ZMemberPatch,
        response: { 200: ZMember },
      },
      preHandler: requireScope("admin"),
    },
    async (request) => members.changeRole(db, principal(request), request.params.id, request.body.role),
  );

  app.delete(
    "/api/v1/users/:id",
    {
      schema: {
        tags,
        description:
          "Removes the member from this workspace and ends their sessions here; their other workspaces stay.",
        params: ZIdParams,
      },
      preHandler: requireScope("admin"),
    },
    async (request, reply) => {
      await members.removeMember(db, principal(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/v1/users",
    {
      schema: { tags, body: ZUserInput, response: { 201: z.object({ id: z.string() }) } },
      preHandler: requireScope("admin"),
    },
    async (request, reply) => {
      const id = await members.invite(db, principal(request), request.body);
      return reply.status(201).send({ id });
    },
  );

  app.get(
    "/api/v1/api-keys",
    {
      schema: { tags, response: { 200: z.object({ items: z.array(ZApiKey) }) } },
      preHandler: requireScope("admin"),
    },
    async (request) => ({ items: await auth.listApiKeys(db, principal(request).workspaceId) }),
  );

  app.post(
    "/api/v1/api-keys",
    {
      schema: {
        tags,
        description: "Creates an API key. The key is shown once; only its hash is stored.",
        body: ZApiKeyInput,
        response: { 201: z.object({ key: z.string(), apiKey: ZApiKey }) },
      },
      preHandler: requireScope("admin"),
    },
    async (request, reply) => {
      const p = principal(request);
      return reply.status(201).send(await auth.createApiKey(db, p.workspaceId, request.body, p.userId));
    },
  );

  app.delete(
    "/api/v1/api-keys/:id",
    { schema: { tags, params: ZIdParams }, preHandler: requireScope("admin") },
    async (request, reply) => {
      await auth.revokeApiKey(db, principal(request).workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );
}
