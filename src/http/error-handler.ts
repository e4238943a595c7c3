import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ZodError } from "zod";
import { AppError, type ErrorBody } from "./errors.js";

/** `/answers/0/value` → `answers.0.value`; prefixed with the part of the request it came from. */
function fieldOf(context: string | undefined, path: string): string {
  const dotted = path.replace(/^\//, "").replaceAll("/", ".");
  const where = context === "querystring" ? "query" : context === "params" ? "path" : undefined;
  if (!dotted) return where ?? "body";
  return where ? `${where}.${dotted}` : dotted;
}

/** The part of a zod issue this handler reads; a failed union carries each alternative's issues. */
interface IssueLike {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  errors?: IssueLike[][];
}

const depth = (issues: IssueLike[]) => Math.max(...issues.map((i) => i.path.length));

/**
 * The issue to report. A failed union (one response or a `{ responses }` batch) reports the
 * alternative that got furthest into the input (the deepest path, then the fewest issues), so a bad
 * row reads `responses.3.answers.nps` instead of the whole body.
 */
function specificIssue(issue: IssueLike): IssueLike {
  const alternatives = (issue.code === "invalid_union" ? (issue.errors ?? []) : []).filter((a) => a.length);
  const best = alternatives.reduce<IssueLike[] | undefined>(
    (a, b) => (!a || depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a),
    undefined,
  );
  const first = best?.[0];
  if (!first) return issue;
  const inner = specificIssue(first);
  return { ...inner, path: [...issue.path, ...inner.path] };
}

/** Turns every thrown error into `{ error: { code, message, field? } }` with its status, once, here. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, body: ErrorBody) => reply.status(status).send(body);
  if (error instanceof AppError) {
    return send(error.status, { error: { code: error.code, message: error.message, field: error.field } });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const issue = specificIssue({
      code: first?.keyword,
      path: (first?.instancePath ?? "").split("/").filter(Boolean),
      message: first?.message ?? "invalid",
      errors: first?.params.errors as IssueLike[][] | undefined,
    });
    const field = fieldOf(error.validationContext, issue.path.join("/"));
    return send(400, { error: { code: "validation_failed", message: `${field}: ${issue.message}`, field } });
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0] ? specificIssue(error.issues[0]) : undefined;
    const field = issue?.path.join(".") || "body";
    return send(400, { error: { code: "validation_failed", message: `${field}: ${issue?.message}`, field } });
  }
  const status = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status === 429)
    return send(429, { error: { code: "rate_limited", message: "too many requests, slow down" } });
  if (status === 413)
    return send(413, { error: { code: "payload_too_large", message: "request body is too large" } });
  if (status >= 400 && status < 500) {
    return send(status, { error: { code: "validation_failed", message: error.message } });
  }
  request.log.error({ err: error }, "unhandled error");
  return send(500, { error: { code: "internal", message: "internal error" } });
}
