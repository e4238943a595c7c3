import { z } from "zod";
import { upsertCustomers } from "../customers/service.js";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { ZIdParams } from "../http/crud-routes.js";
import { notFound } from "../http/errors.js";
import {
  ZAttributes,
  ZCustomerRef,
  ZLanguage,
  ZSurvey,
  ZSurveyInput,
  ZSurveyPatch,
  ZSurveyStatus,
} from "./schema.js";
import * as surveys from "./service.js";
import { surveyFromTemplate, TEMPLATES } from "./templates.js";

const tags = ["surveys"];

export async function surveyRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    "/api/v1/surveys",
    {
      schema: {
        tags,
        querystring: z.object({ status: ZSurveyStatus.optional() }),
        response: { 200: z.object({ items: z.array(ZSurvey) }) },
      },
      preHandler: requireScope("surveys:read"),
    },
    async (request) => ({
      items: await surveys.listSurveys(db, principal(request).workspaceId, request.query),
    }),
  );

  app.post(
    "/api/v1/surveys",
    {
      schema: { tags, body: ZSurveyInput, response: { 201: ZSurvey } },
      preHandler: requireScope("surveys:write"),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await surveys.createSurvey(db, principal(request).workspaceId, request.body, ctx.now())),
  );

  app.get(
    "/api/v1/surveys/templates",
    {
      schema: {
        tags,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                name: z.object({ ru: z.string(), en: z.string() }),
                description: z.object({ ru: z.string(), en: z.string() }),
                survey: ZSurveyInput,
              }),
            ),
          }),
        },
      },
      preHandler: requireScope("surveys:read"),
    },
    async () => ({ items: TEMPLATES }),
  );

  app.post(
    "/api/v1/surveys/from-template",
    {
      schema: {
        tags,
        description: "Creates a survey from a template, in one language or in both.",
        body: z.object({
          templateId: z.string(),
          language: ZLanguage.optional(),
          name: z.string().trim().min(1).max(200).optional(),
        }),
        response: { 201: ZSurvey },
      },
      preHandler: requireScope("surveys:write"),
    },
    async (request, reply) => {
      const input = surveyFromTemplate(request.body.templateId, request.body.language);
      if (!input) throw notFound("template");
      if (request.body.name) input.name = request.body.name;
      return reply
        .status(201)
        .send(await surveys.createSurvey(db, principal(request).workspaceId, input, ctx.now()));
    },
  );

  app.get(
    "/api/v1/surveys/:id",
    {
      schema: { tags, params: ZIdParams, response: { 200: ZSurvey } },
      preHandler: requireScope("surveys:read"),
    },
    async (request) => surveys.getSurvey(db, principal(request).workspaceId, request.params.id),
  );

  app.patch(
    "/api/v1/surveys/:id",
    {
      schema: { tags, params: ZIdParams, body: ZSurveyPatch, response: { 200: ZSurvey } },
      preHandler: requireScope("surveys:write"),
    },
    async (request) =>
      surveys.updateSurvey(db, principal(request).workspaceId, request.params.id, request.body, ctx.now()),
  );

  app.post(
    "/api/v1/surveys/:id/archive",
    {
      schema: { tags, params: ZIdParams, response: { 200: ZSurvey } },
      preHandler: requireScope("surveys:write"),
    },
    async (request) =>
      surveys.updateSurvey(
        db,
        principal(request).workspaceId,
        request.params.id,
        { status: "archived" },
        ctx.now(),
      ),
  );

  app.post(
    "/api/v1/surveys/:id/links",
    {
      schema: {
        tags,
        description: "A personal link for one customer: answers through it are attributed to that customer.",
        params: ZIdParams,
        body: z.object({ customer: ZCustomerRef, attributes: ZAttributes.default({}) }),
        response: { 201: z.object({ url: z.string(), token: z.string(), expiresAt: z.string() }) },
      },
      preHandler: requireScope("responses:write"),
    },
    async (request, reply) => {
      const { workspaceId } = principal(request);
      // One transaction: a link refused (e.g. unknown survey) leaves no customer behind.
      const link = await db.transaction().execute(async (trx) => {
        const ids = await upsertCustomers(trx, workspaceId, [request.body.customer], ctx.now());
        const customerId = ids.get(request.body.customer.externalId);
        if (!customerId) throw new Error("customer upsert returned no id");
        return surveys.createRecipientLink(
          trx,
          ctx.config.publicUrl,
          workspaceId,
          request.params.id,
          customerId,
          request.body.attributes,
          ctx.now(),
        );
      });
      return reply.status(201).send(link);
    },
  );
}
