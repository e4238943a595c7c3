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

  batchRoutes(app, ctx, {
    key: "tickets",
    item: ZTicketInput,
    description: `Records one ticket, or up to ${MAX_BATCH} as { tickets: [...] }. ${IDEMPOTENT} Records of one ticket apply in order: given fields overwrite, status changes merge into its history. See docs/support.md.`,
    ingest: support.ingestTickets,
    validate: support.validateTickets,
  });

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

  batchRoutes(app, ctx, {
    key: "messages",
    item: ZMessageInput,
    description: `Records one message of a ticket, or up to ${MAX_BATCH} as { messages: [...] }; the ticket (by external id) must exist. ${IDEMPOTENT} Only public agent messages count as replies; bot, system and internal messages never do.`,
    ingest: support.ingestMessages,
    validate: support.validateMessages,
  });

  batchRoutes(app, ctx, {
    key: "calls",
    item: ZCallInput,
    description: `Records one call or queued chat, or up to ${MAX_BATCH} as { calls: [...] }. ${IDEMPOTENT}`,
    ingest: support.ingestCalls,
    validate: support.validateCalls,
  });

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

type TIngested = z.infer<typeof ZIngestResult>;
type TProblem = z.infer<typeof ZRowProblem>;

/**
 * `POST /api/v1/support/{key}` (one record, or a batch as `{ [key]: [...] }`) and its `/validate`
 * twin, which checks a batch the same way and writes nothing.
 */
function batchRoutes<T extends z.ZodTypeAny>(
  app: App,
  ctx: AppContext,
  spec: {
    key: string;
    item: T;
    description: string;
    ingest: (
      db: AppContext["db"],
      workspaceId: string,
      inputs: z.infer<T>[],
      opts: { now: Date; fieldPrefix?: (i: number) => string },
    ) => Promise<TIngested[]>;
    validate: (
      db: AppContext["db"],
      workspaceId: string,
      inputs: z.infer<T>[],
      now: Date,
    ) => Promise<TProblem[]>;
  },
) {
  const { db } = ctx;
  const ZBatch = z.object({ [spec.key]: z.array(spec.item).min(1).max(MAX_BATCH) });
  const rows = (body: unknown): z.infer<T>[] | undefined =>
    typeof body === "object" && body !== null && spec.key in body
      ? (body as Record<string, z.infer<T>[]>)[spec.key]
      : undefined;

  app.post(
    `/api/v1/support/${spec.key}`,
    {
      schema: {
        tags,
        description: spec.description,
        body: z.union([spec.item, ZBatch]),
        response: { 201: ZIngestAnswer },
      },
      preHandler: requireScope("support:write"),
    },
    async (request, reply) => {
      const { workspaceId } = principal(request);
      const now = ctx.now();
      const batch = rows(request.body);
      if (batch) return reply.status(201).send({ items: await spec.ingest(db, workspaceId, batch, { now }) });
      const [one] = await spec.ingest(db, workspaceId, [request.body as z.infer<T>], {
        now,
        fieldPrefix: single,
      });
      if (!one) throw new Error("no record stored");
      return reply.status(201).send(one);
    },
  );

  app.post(
    `/api/v1/support/${spec.key}/validate`,
    {
      schema: {
        tags,
        description: `Checks a batch as POST /api/v1/support/${spec.key} would, writes nothing, and lists every problem by row.`,
        body: ZBatch,
        response: { 200: ZValidation },
      },
      preHandler: requireScope("support:write"),
    },
    async (request) => {
      const batch = rows(request.body) ?? [];
      const problems = await spec.validate(db, principal(request).workspaceId, batch, ctx.now());
      return { valid: validCount(batch.length, problems), problems };
    },
  );
}
