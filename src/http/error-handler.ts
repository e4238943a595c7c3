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

/** Turns every thrown error into `{ error: { code, message, field? } }` with its status, once, here. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, body: ErrorBody) => reply.status(status).send(body);
  if (error instanceof AppError) {
    return send(error.status, { error: { code: error.code, message: error.message, field: error.field } });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const field = fieldOf(error.validationContext, first?.instancePath ?? "");
    return send(400, {
      error: { code: "validation_failed", message: `${field}: ${first?.message ?? "invalid"}`, field },
    });
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
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
