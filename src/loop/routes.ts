import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { crudRoutes, ZIdParams } from "../http/crud-routes.js";
import {
  ZCase,
  ZCaseDetail,
  ZCasePatch,
  ZCaseQuery,
  ZNoteInput,
  ZOutboxMessage,
  ZPromoCodesInput,
  ZPromoPool,
  ZPromoPoolInput,
  ZRoutingRule,
  ZRoutingRuleInput,
  ZRoutingRulePatch,
  ZTransitionInput,
} from "./schema.js";
import * as loop from "./service.js";

/** Routing rules, cases, the customer-notification outbox and promo-code pools. */
export async function loopRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const rules = ["routing"];
  const cases = ["cases"];

  crudRoutes(app, {
    path: "/api/v1/routing-rules",
    tags: rules,
    description:
      "A rule of score group / category / segment / survey → team, owner, due time (and a sorry-bonus pool). New answers that match open a case.",
    item: ZRoutingRule,
    input: ZRoutingRuleInput,
    patch: ZRoutingRulePatch,
    read: requireScope("responses:read"),
    write: requireScope("feedback:write"),
    list: (w) => loop.listRules(db, w),
    create: (w, body) => loop.createRule(db, w, body, ctx.now()),
    get: (w, id) => loop.getRule(db, w, id),
    update: (w, id, body) => loop.updateRule(db, w, id, body, ctx.now()),
    remove: (w, id) => loop.deleteRule(db, w, id),
  });

  app.get(
    "/api/v1/cases",
    {
      schema: {
        tags: cases,
        description: "Cases, newest first. `overdue`: open cases past their due time.",
        querystring: ZCaseQuery,
        response: { 200: z.object({ items: z.array(ZCase), nextCursor: z.string().nullable() }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => loop.listCases(db, principal(request).workspaceId, request.query, ctx.now()),
  );

  app.get(
    "/api/v1/cases/:id",
    {
      schema: { tags: cases, params: ZIdParams, response: { 200: ZCaseDetail } },
      preHandler: requireScope("responses:read"),
    },
    async (request) => loop.getCase(db, principal(request).workspaceId, request.params.id, ctx.now()),
  );

  app.patch(
    "/api/v1/cases/:id",
    {
      schema: {
        tags: cases,
        description: "Assigns the case (owner, team) or moves its due time.",
        params: ZIdParams,
        body: ZCasePatch,
        response: { 200: ZCaseDetail },
      },
      preHandler: requireScope("cases:write"),
    },
    async (request) => {
      const p = principal(request);
      return loop.updateCase(db, p.workspaceId, request.params.id, request.body, p.userId, ctx.now());
    },
  );

  app.post(
    "/api/v1/cases/:id/transitions",
    {
      schema: {
        tags: cases,
        description:
          "Moves the case: new → acknowledged → in_progress → resolved → closed (steps may be skipped; resolved may go back to in_progress). The customer is notified at acknowledged, in_progress and resolved.",
        params: ZIdParams,
        body: ZTransitionInput,
        response: { 200: ZCaseDetail },
      },
      preHandler: requireScope("cases:write"),
    },
    async (request) => {
      const p = principal(request);
      return loop.transitionCase(db, p.workspaceId, request.params.id, request.body, p.userId, ctx.now());
    },
  );

  app.post(
    "/api/v1/cases/:id/notes",
    {
      schema: { tags: cases, params: ZIdParams, body: ZNoteInput, response: { 200: ZCaseDetail } },
      preHandler: requireScope("cases:write"),
    },
    async (request) => {
      const p = principal(request);
      return loop.addNote(db, p.workspaceId, request.params.id, request.body.note, p.userId, ctx.now());
    },
  );

  app.post(
    "/api/v1/cases/:id/promo",
    {
      schema: {
        tags: cases,
        description:
          "Gives the case a sorry-bonus code from the pool (one per case; each code is used once).",
        params: ZIdParams,
        body: z.object({ poolId: z.string().uuid() }),
        response: { 200: ZCaseDetail },
      },
      preHandler: requireScope("cases:write"),
    },
    async (request) => {
      const p = principal(request);
      return loop.grantPromo(db, p.workspaceId, request.params.id, request.body.poolId, p.userId, ctx.now());
    },
  );

  app.get(
    "/api/v1/case-notifications",
    {
      schema: {
        tags: cases,
        description:
          "Customer notifications and referral requests: pending, sent, kept (in the outbox without SMTP) or failed; oldest first.",
        querystring: z.object({
          status: z.enum(["pending", "sending", "sent", "kept", "failed"]).optional(),
          caseId: z.string().uuid().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ items: z.array(ZOutboxMessage) }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => ({ items: await loop.listOutbox(db, principal(request).workspaceId, request.query) }),
  );

  app.get(
    "/api/v1/promo-pools",
    {
      schema: { tags: cases, response: { 200: z.object({ items: z.array(ZPromoPool) }) } },
      preHandler: requireScope("responses:read"),
    },
    async (request) => ({ items: await loop.listPools(db, principal(request).workspaceId) }),
  );

  app.post(
    "/api/v1/promo-pools",
    {
      schema: { tags: cases, body: ZPromoPoolInput, response: { 201: ZPromoPool } },
      preHandler: requireScope("feedback:write"),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await loop.createPool(db, principal(request).workspaceId, request.body, ctx.now())),
  );

  app.post(
    "/api/v1/promo-pools/:id/codes",
    {
      schema: {
        tags: cases,
        description: "Imports more codes; codes the pool holds already are skipped.",
        params: ZIdParams,
        body: ZPromoCodesInput,
        response: { 200: z.object({ added: z.number(), skipped: z.number() }) },
      },
      preHandler: requireScope("feedback:write"),
    },
    async (request) =>
      loop.importCodes(db, principal(request).workspaceId, request.params.id, request.body.codes),
  );
}
