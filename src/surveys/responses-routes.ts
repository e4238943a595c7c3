import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { invalid } from "../http/errors.js";
import {
  getResponse,
  ingestResponses,
  listResponses,
  MAX_BATCH,
  validateResponses,
} from "./responses-service.js";
import { ZChannel, ZResponse, ZResponseInput, ZScoreGroup } from "./schema.js";

const tags = ["responses"];
const ZIngestResult = z.object({ id: z.string(), externalId: z.string().nullable() });

/** Score groups as value ranges on the question's scale, for the group filter. */
const GROUP_RANGES: Record<string, { kind: string; min: number; max: number }> = {
  detractor: { kind: "nps", min: 0, max: 6 },
  passive: { kind: "nps", min: 7, max: 8 },
  promoter: { kind: "nps", min: 9, max: 10 },
};

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
        description: "Responses, newest first, with cursor pagination.",
        querystring: z.object({
          surveyId: z.string().uuid().optional(),
          customerId: z.string().uuid().optional(),
          channel: ZChannel.optional(),
          status: z.enum(["partial", "complete"]).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          group: ZScoreGroup.optional(),
          questionId: z.string().optional(),
          scoreMin: z.coerce.number().optional(),
          scoreMax: z.coerce.number().optional(),
          q: z.string().trim().min(1).max(200).optional(),
          cursor: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ items: z.array(ZResponse), nextCursor: z.string().nullable() }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => {
      const { group, questionId, scoreMin, scoreMax, ...rest } = request.query;
      let score: { questionId?: string; kind?: string; min: number; max: number } | undefined;
      if (group) {
        const range = GROUP_RANGES[group];
        if (!range)
          throw invalid(
            "query.group",
            "use detractor, passive or promoter, or scoreMin/scoreMax with questionId",
          );
        score = { ...range, questionId };
      } else if (scoreMin !== undefined || scoreMax !== undefined) {
        if (!questionId)
          throw invalid("query.questionId", "scoreMin/scoreMax need the questionId they apply to");
        score = { questionId, min: scoreMin ?? -1e9, max: scoreMax ?? 1e9 };
      }
      return listResponses(db, principal(request).workspaceId, { ...rest, score });
    },
  );

  app.get(
    "/api/v1/responses/:id",
    {
      schema: { tags, params: z.object({ id: z.string().uuid() }), response: { 200: ZResponse } },
      preHandler: requireScope("responses:read"),
    },
    async (request) => getResponse(db, principal(request).workspaceId, request.params.id),
  );
}
