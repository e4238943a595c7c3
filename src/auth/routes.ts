import { z } from "zod";
import { principal, requireScope, SESSION_COOKIE } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import {
  ZApiKey,
  ZApiKeyInput,
  ZLoginInput,
  ZMe,
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

  app.get(
    "/api/v1/users",
    {
      schema: {
        tags,
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() }),
            ),
          }),
        },
      },
      preHandler: requireScope("admin"),
    },
    async (request) => ({ items: await auth.listMembers(db, principal(request).workspaceId) }),
  );

  app.post(
    "/api/v1/users",
    {
      schema: { tags, body: ZUserInput, response: { 201: z.object({ id: z.string() }) } },
      preHandler: requireScope("admin"),
    },
    async (request, reply) => {
      const id = await auth.inviteUser(db, principal(request).workspaceId, request.body);
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
    { schema: { tags, params: z.object({ id: z.string().uuid() }) }, preHandler: requireScope("admin") },
    async (request, reply) => {
      await auth.revokeApiKey(db, principal(request).workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );
}
