import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { ZIdParams } from "../http/crud-routes.js";
import {
  ZCategory,
  ZCategoryInput,
  ZCategoryPatch,
  ZCategoryStats,
  ZCorrectionInput,
  ZFeedbackItem,
  ZFeedbackQuery,
  ZQueryBool,
  ZRecategorizeInput,
  ZStatsQuery,
} from "./schema.js";
import * as feedback from "./service.js";
import { categoryStats } from "./stats.js";

const tags = ["feedback"];

/** Taxonomy, categorized inbox, corrections, re-categorization and category statistics. */
export async function feedbackRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    "/api/v1/categories",
    {
      schema: {
        tags,
        description:
          "The workspace's categories (parents and sub-categories). A workspace starts with the default RU/EN taxonomy.",
        querystring: z.object({ includeArchived: ZQueryBool.default(false) }),
        response: { 200: z.object({ items: z.array(ZCategory) }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => ({
      items: await feedback.listCategories(db, principal(request).workspaceId, request.query),
    }),
  );

  app.get(
    "/api/v1/categories/stats",
    {
      schema: {
        tags,
        description:
          "Per category: volume, share, trend, sentiment, NPS and CSAT of its answers, and driver impact (NPS points gained if its detractors had been passives). Periods are [from, to).",
        querystring: ZStatsQuery,
        response: { 200: ZCategoryStats },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => categoryStats(db, principal(request).workspaceId, request.query),
  );

  app.post(
    "/api/v1/categories",
    {
      schema: { tags, body: ZCategoryInput, response: { 201: ZCategory } },
      preHandler: requireScope("feedback:write"),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await feedback.createCategory(db, principal(request).workspaceId, request.body, ctx.now())),
  );

  app.patch(
    "/api/v1/categories/:id",
    {
      schema: { tags, params: ZIdParams, body: ZCategoryPatch, response: { 200: ZCategory } },
      preHandler: requireScope("feedback:write"),
    },
    async (request) =>
      feedback.updateCategory(db, principal(request).workspaceId, request.params.id, request.body, ctx.now()),
  );

  app.delete(
    "/api/v1/categories/:id",
    {
      schema: {
        tags,
        description:
          "Deletes the category, its sub-categories and their assignments. Archive instead to keep history.",
        params: ZIdParams,
      },
      preHandler: requireScope("feedback:write"),
    },
    async (request, reply) => {
      await feedback.deleteCategory(db, principal(request).workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/feedback",
    {
      schema: {
        tags,
        description: "The inbox: answers with open text, newest first, with their categories and sentiment.",
        querystring: ZFeedbackQuery,
        response: { 200: z.object({ items: z.array(ZFeedbackItem), nextCursor: z.string().nullable() }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => feedback.listFeedback(db, principal(request).workspaceId, request.query),
  );

  app.get(
    "/api/v1/responses/:id/categories",
    {
      schema: { tags, params: ZIdParams, response: { 200: ZFeedbackItem } },
      preHandler: requireScope("responses:read"),
    },
    async (request) => feedback.getFeedbackItem(db, principal(request).workspaceId, request.params.id),
  );

  app.put(
    "/api/v1/responses/:id/categories",
    {
      schema: {
        tags,
        description:
          "A manual correction: sets the answer's categories (and optionally its sentiment). It is recorded and trains the workspace's classifier.",
        params: ZIdParams,
        body: ZCorrectionInput,
        response: { 200: ZFeedbackItem },
      },
      preHandler: requireScope("feedback:write"),
    },
    async (request) => {
      const p = principal(request);
      return feedback.correctCategories(
        db,
        p.workspaceId,
        request.params.id,
        request.body,
        p.userId,
        ctx.now(),
      );
    },
  );

  app.post(
    "/api/v1/feedback/recategorize",
    {
      schema: {
        tags,
        description:
          "Categorizes every answer with open text in the scope again with the current taxonomy and classifier.",
        body: ZRecategorizeInput,
        response: { 200: z.object({ processed: z.number(), categorized: z.number() }) },
      },
      preHandler: requireScope("feedback:write"),
    },
    async (request) => feedback.recategorize(db, principal(request).workspaceId, request.body, ctx.now()),
  );
}
