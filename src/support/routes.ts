import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { metricsRoutes } from "./metrics-routes.js";
import {
  MAX_BATCH,
  ZAgent,
  ZAgentInput,
  ZCallInput,
  ZIngestResult,
  ZMessageInput,
  ZRowProblem,
  ZTeam,
  ZTeamInput,
  ZTicket,
  ZTicketInput,
} from "./schema.js";
import * as support from "./service.js";
import { settingsRoutes } from "./settings-routes.js";

const tags = ["support"];
const ZIngestAnswer = z.union([ZIngestResult, z.object({ items: z.array(ZIngestResult) })]);
const ZValidation = z.object({ valid: z.number(), problems: z.array(ZRowProblem) });
const single = () => "";
const validCount = (n: number, problems: { index: number }[]) =>
  n - new Set(problems.map((p) => p.index)).size;

const IDEMPOTENT =
  "Idempotent by externalId: sending a record again updates it. A batch is stored whole or not at all; a problem names the row and field (`tickets.3.createdAt`).";

/** Support data in (tickets, messages, calls, agents, teams), settings, and the support metrics. */
export async function supportRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.post(
    "/api/v1/support/tickets",
    {
      schema: {
        tags,
        description: `Records one ticket, or up to ${MAX_BATCH} as { tickets: [...] }. ${IDEMPOTENT} Records of one ticket apply in order: given fields overwrite, status changes merge into its history. See docs/support.md.`,
        body: z.union([ZTicketInput, z.object({ tickets: z.array(ZTicketInput).min(1).max(MAX_BATCH) })]),
        response: { 201: ZIngestAnswer },
      },
      preHandler: requireScope("support:write"),
    },
    async (request, reply) => {
      const { workspaceId } = principal(request);
      const body = request.body;
      const now = ctx.now();
      if ("tickets" in body)
        return reply
          .status(201)
          .send({ items: await support.ingestTickets(db, workspaceId, body.tickets, { now }) });
      const [one] = await support.ingestTickets(db, workspaceId, [body], { now, fieldPrefix: single });
      if (!one) throw new Error("no record stored");
      return reply.status(201).send(one);
    },
  );

  app.post(
    "/api/v1/support/tickets/validate",
    {
      schema: {
        tags,
        description:
          "Checks a batch as POST /api/v1/support/tickets would, writes nothing, and lists every problem by row.",
        body: z.object({ tickets: z.array(ZTicketInput).min(1).max(MAX_BATCH) }),
        response: { 200: ZValidation },
      },
      preHandler: requireScope("support:write"),
    },
    async (request) => {
      const problems = await support.validateTickets(
        db,
        principal(request).workspaceId,
        request.body.tickets,
        ctx.now(),
      );
      return { valid: validCount(request.body.tickets.length, problems), problems };
    },
  );

  app.get(
    "/api/v1/support/tickets/:externalId",
    {
      schema: {
        tags,
        description: "A ticket by its external id, with its status history and messages.",
        params: z.object({ externalId: z.string().min(1).max(200) }),
        response: { 200: ZTicket },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => support.getTicket(db, principal(request).workspaceId, request.params.externalId),
  );

  app.post(
    "/api/v1/support/messages",
    {
      schema: {
        tags,
        description: `Records one message of a ticket, or up to ${MAX_BATCH} as { messages: [...] }; the ticket (by external id) must exist. ${IDEMPOTENT} Only public agent messages count as replies; bot, system and internal messages never do.`,
        body: z.union([ZMessageInput, z.object({ messages: z.array(ZMessageInput).min(1).max(MAX_BATCH) })]),
        response: { 201: ZIngestAnswer },
      },
      preHandler: requireScope("support:write"),
    },
    async (request, reply) => {
      const { workspaceId } = principal(request);
      const body = request.body;
      const now = ctx.now();
      if ("messages" in body)
        return reply
          .status(201)
          .send({ items: await support.ingestMessages(db, workspaceId, body.messages, { now }) });
      const [one] = await support.ingestMessages(db, workspaceId, [body], { now, fieldPrefix: single });
      if (!one) throw new Error("no record stored");
      return reply.status(201).send(one);
    },
  );

  app.post(
    "/api/v1/support/messages/validate",
    {
      schema: {
        tags,
        description: "Checks a batch as POST /api/v1/support/messages would and writes nothing.",
        body: z.object({ messages: z.array(ZMessageInput).min(1).max(MAX_BATCH) }),
        response: { 200: ZValidation },
      },
      preHandler: requireScope("support:write"),
    },
    async (request) => {
      const problems = await support.validateMessages(
        db,
        principal(request).workspaceId,
        request.body.messages,
        ctx.now(),
      );
      return { valid: validCount(request.body.messages.length, problems), problems };
    },
  );

  app.post(
    "/api/v1/support/calls",
    {
      schema: {
        tags,
        description: `Records one call or queued chat, or up to ${MAX_BATCH} as { calls: [...] }. ${IDEMPOTENT}`,
        body: z.union([ZCallInput, z.object({ calls: z.array(ZCallInput).min(1).max(MAX_BATCH) })]),
        response: { 201: ZIngestAnswer },
      },
      preHandler: requireScope("support:write"),
    },
    async (request, reply) => {
      const { workspaceId } = principal(request);
      const body = request.body;
      const now = ctx.now();
      if ("calls" in body)
        return reply
          .status(201)
          .send({ items: await support.ingestCalls(db, workspaceId, body.calls, { now }) });
      const [one] = await support.ingestCalls(db, workspaceId, [body], { now, fieldPrefix: single });
      if (!one) throw new Error("no record stored");
      return reply.status(201).send(one);
    },
  );

  app.post(
    "/api/v1/support/calls/validate",
    {
      schema: {
        tags,
        description: "Checks a batch as POST /api/v1/support/calls would and writes nothing.",
        body: z.object({ calls: z.array(ZCallInput).min(1).max(MAX_BATCH) }),
        response: { 200: ZValidation },
      },
      preHandler: requireScope("support:write"),
    },
    async (request) => {
      const problems = await support.validateCalls(
        db,
        principal(request).workspaceId,
        request.body.calls,
        ctx.now(),
      );
      return { valid: validCount(request.body.calls.length, problems), problems };
    },
  );

  app.put(
    "/api/v1/support/teams",
    {
      schema: {
        tags,
        description: "Creates or renames teams by external id ({ teams: [...] }).",
        body: z.object({ teams: z.array(ZTeamInput).min(1).max(MAX_BATCH) }),
        response: { 200: z.object({ items: z.array(ZIngestResult) }) },
      },
      preHandler: requireScope("support:write"),
    },
    async (request) => ({
      items: await support.upsertTeams(db, principal(request).workspaceId, request.body.teams, ctx.now()),
    }),
  );

  app.get(
    "/api/v1/support/teams",
    {
      schema: { tags, response: { 200: z.object({ items: z.array(ZTeam) }) } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => ({ items: await support.listTeams(db, principal(request).workspaceId) }),
  );

  app.put(
    "/api/v1/support/agents",
    {
      schema: {
        tags,
        description:
          "Creates or updates agents by external id ({ agents: [...] }); email, team and active are kept when left out.",
        body: z.object({ agents: z.array(ZAgentInput).min(1).max(MAX_BATCH) }),
        response: { 200: z.object({ items: z.array(ZIngestResult) }) },
      },
      preHandler: requireScope("support:write"),
    },
    async (request) => ({
      items: await support.upsertAgents(db, principal(request).workspaceId, request.body.agents, ctx.now()),
    }),
  );

  app.get(
    "/api/v1/support/agents",
    {
      schema: { tags, response: { 200: z.object({ items: z.array(ZAgent) }) } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => ({ items: await support.listAgents(db, principal(request).workspaceId) }),
  );

  await settingsRoutes(app, ctx);
  await metricsRoutes(app, ctx);
}
