import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal, TScope } from "../auth/schema.js";
import { principalFromApiKey, principalFromSession } from "../auth/service.js";
import type { AppContext } from "./context.js";
import { AppError } from "./errors.js";

export const SESSION_COOKIE = "otklik_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Resolves the caller from `Authorization: Bearer <key>` or the session cookie. */
export function resolvePrincipal(ctx: AppContext) {
  return async (request: FastifyRequest) => {
    request.principal = null;
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      request.principal = await principalFromApiKey(ctx.db, header.slice(7).trim(), ctx.now());
      if (!request.principal) throw new AppError("unauthorized", "invalid or revoked API key");
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.principal = await principalFromSession(ctx.db, token, ctx.now());
  };
}

/**
 * Route guard: the caller must be signed in and hold the scope. Cookie-authenticated writes must
 * also echo the session's CSRF token in `X-CSRF-Token` (SameSite=Lax alone does not cover every browser).
 */
export function requireScope(scope: TScope) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const p = request.principal;
    if (!p) throw new AppError("unauthorized", "sign in or send an API key");
    if (p.via === "session" && !SAFE_METHODS.has(request.method)) {
      if (request.headers["x-csrf-token"] !== p.csrfToken)
        throw new AppError("forbidden", "missing or wrong CSRF token");
    }
    if (!p.scopes.includes(scope)) throw new AppError("forbidden", `this action needs the ${scope} scope`);
  };
}

/** The workspace-scoped principal of a guarded route. */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError("unauthorized", "sign in or send an API key");
  return request.principal;
}
