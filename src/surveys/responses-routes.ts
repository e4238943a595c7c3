import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { ZIdParams } from "../http/crud-routes.js";
import { responseFilterOf, ZResponseQuery } from "./responses-query.js";
import {
  getResponse,
  ingestResponses,
  listResponses,
  MAX_BATCH,
  validateResponses,
} from "./responses-service.js";
import { ZResponse, ZResponseInput } from "./schema.js";

const tags = ["responses"];
const ZIngestResult = z.object({ id: z.string(), externalId: z.string().nullable() });

export async function responseRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.post(
    "/api/v1/responses",
    {
      schema: {
        tags,
        description: `Records one response, or a batch of up to ${MAX_BATCH} as { responses: [...] }. Idempotent by externalId: a retry returns the same id; a later post with the same externalId merges its answers. A batch is stored whole or not at all.`,
        body: z.union([
          ZResponseInput,
          z.object({ responses: z.array(ZResponseInput).min(1).max(MAX_BATCH) }),
        ]),
        response: { 201: z.union([ZIngestResult, z.object({ items: z.array(ZIngestResult) })]) },
      },
      preHandler: requireScope("responses:write"),
    },
    async (request, reply) => {
      const { workspaceId } = principal(request);
      const body = request.body;
      if ("responses" in body) {
        const items = await ingestResponses(db, workspaceId, body.responses, { now: ctx.now() });
        return reply.status(201).send({ items });
      }
      const [one] = await ingestResponses(db, workspaceId, [body], { now: ctx.now(), fieldPrefix: () => "" });
      if (!one) throw new Error("no response stored");
      return reply.status(201).send(one);
    },
  );

  app.post(
    "/api/v1/responses/validate",
    {
      schema: {
        tags,
        description:
          "Checks a batch as POST /api/v1/responses would, writes nothing, and lists every problem by index.",
        body: z.object({ responses: z.array(ZResponseInput).min(1).max(MAX_BATCH) }),
        response: {
          200: z.object({
            valid: z.number(),
            problems: z.array(
              z.object({ index: z.number(), field: z.string().optional(), message: z.string() }),
            ),
          }),
        },
      },
      preHandler: requireScope("responses:write"),
    },
    async (request) => {
      const problems = await validateResponses(
        db,
        principal(request).workspaceId,
        request.body.responses,
        ctx.now(),
      );
      return { valid: request.body.responses.length - new Set(problems.map((p) => p.index)).size, problems };
    },
  );

  app.get(
    "/api/v1/responses",
    {
      schema: {
        tags,
        description:
          "Responses, newest first, with cursor pagination; `filter` and `segmentId` narrow them as they narrow the metrics.",
        querystring: ZResponseQuery.extend({
          cursor: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ items: z.array(ZResponse), nextCursor: z.string().nullable() }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => {
      const { workspaceId } = principal(request);
      const { cursor, limit } = request.query;
      return listResponses(db, workspaceId, {
        ...(await responseFilterOf(db, workspaceId, request.query)),
        cursor,
        limit,
      });
    },
  );

  app.get(
    "/api/v1/responses/:id",
    {
      schema: { tags, params: ZIdParams, response: { 200: ZResponse } },
      preHandler: requireScope("responses:read"),
    },
    async (request) => getResponse(db, principal(request).workspaceId, request.params.id),
  );
}
