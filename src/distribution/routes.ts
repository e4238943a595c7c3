import { z } from "zod";
import { findCustomerByExternalId } from "../customers/service.js";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { crudRoutes } from "../http/crud-routes.js";
import { closeMailers } from "./email/mailer.js";
import * as events from "./events.js";
import * as invitations from "./invitations.js";
import { linkRoutes } from "./link-routes.js";
import {
  MAX_EVENTS,
  ZDistChannel,
  ZEvent,
  ZEventInput,
  ZEventResult,
  ZInvitation,
  ZInvitationStatus,
  ZOutboxItem,
  ZRateGroup,
  ZRateRow,
  ZTrigger,
  ZTriggerInput,
  ZTriggerPatch,
} from "./schema.js";
import { settingsRoutes } from "./settings-routes.js";
import * as triggers from "./triggers.js";
import { widgetRoutes } from "./widget-routes.js";

const ZLimit = z.coerce.number().int().min(1).max(500).default(50);
const ZDate = z.coerce.date({ error: "must be an ISO 8601 date or date-time" });

/**
 * Every distribution route (the one call the HTTP assembly makes): the events API, trigger rules,
 * invitations with their states and rates, the outbox, channel settings, and the public link endpoints.
 */
export async function distributionRoutes(app: App, ctx: AppContext) {
  await apiRoutes(app, ctx);
  await settingsRoutes(app, ctx);
  await linkRoutes(app, ctx);
  await widgetRoutes(app, ctx);
  // Pooled SMTP connections end with the app (the pools are made again on the next send).
  app.addHook("onClose", async () => closeMailers());
}

async function apiRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  /** The customer id for a `customer` (external id) filter; an unknown one matches nothing. */
  const customerFilter = async (workspaceId: string, externalId: string | undefined) => {
    if (!externalId) return undefined;
    return (
      (await findCustomerByExternalId(db, workspaceId, externalId))?.id ??
      "00000000-0000-0000-0000-000000000000"
    );
  };

  app.post(
    "/api/v1/events",
    {
      schema: {
        tags: ["events"],
        description: `Records one event, or a batch of up to ${MAX_EVENTS} as { events: [...] }, upserting each event's customer by external id (contacts, language, time zone, attributes). Idempotent by externalId: a retry stores nothing and queues no invitation again. Matching event triggers queue their invitations in the same transaction.`,
        body: z.union([ZEventInput, z.object({ events: z.array(ZEventInput).min(1).max(MAX_EVENTS) })]),
        response: { 201: z.union([ZEventResult, z.object({ items: z.array(ZEventResult) })]) },
      },
      preHandler: requireScope("responses:write"),
    },
    async (request, reply) => {
      const { workspaceId } = principal(request);
      const body = request.body;
      if ("events" in body) {
        const items = await events.ingestEvents(db, workspaceId, body.events, { now: ctx.now() });
        return reply.status(201).send({ items });
      }
      const [one] = await events.ingestEvents(db, workspaceId, [body], {
        now: ctx.now(),
        fieldPrefix: () => "",
      });
      if (!one) throw new Error("no event stored");
      return reply.status(201).send(one);
    },
  );

  app.get(
    "/api/v1/events",
    {
      schema: {
        tags: ["events"],
        description: "Events, newest first; `customer` is the customer's external id.",
        querystring: z.object({
          type: z.string().max(100).optional(),
          customer: z.string().max(200).optional(),
          from: ZDate.optional(),
          to: ZDate.optional(),
          cursor: z.string().max(200).optional(),
          limit: ZLimit,
        }),
        response: { 200: z.object({ items: z.array(ZEvent), nextCursor: z.string().nullable() }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => {
      const { workspaceId } = principal(request);
      const { customer, ...q } = request.query;
      return events.listEvents(db, workspaceId, {
        ...q,
        customerId: await customerFilter(workspaceId, customer),
      });
    },
  );

  crudRoutes(app, {
    path: "/api/v1/triggers",
    tags: ["triggers"],
    description:
      "A rule that sends a survey: after an event (with conditions and a delay), on a recurring schedule over matching customers, or on website pages through the widget.",
    item: ZTrigger,
    input: ZTriggerInput,
    patch: ZTriggerPatch,
    listQuery: z.object({
      surveyId: z.string().uuid().optional(),
      kind: z.enum(["event", "schedule", "page"]).optional(),
    }),
    read: requireScope("surveys:read"),
    write: requireScope("surveys:write"),
    list: (w, query) => triggers.listTriggers(db, w, query),
    create: (w, body) => triggers.createTrigger(db, w, body, ctx.now()),
    get: (w, id) => triggers.getTrigger(db, w, id),
    update: (w, id, body) => triggers.updateTrigger(db, w, id, body, ctx.now()),
    remove: (w, id) => triggers.deleteTrigger(db, w, id, ctx.now()),
  });

  const invitationFilter = {
    status: ZInvitationStatus.optional(),
    channel: ZDistChannel.optional(),
    surveyId: z.string().uuid().optional(),
    triggerId: z.string().uuid().optional(),
    customer: z.string().max(200).optional(),
    from: ZDate.optional(),
    to: ZDate.optional(),
  };

  app.get(
    "/api/v1/invitations",
    {
      schema: {
        tags: ["invitations"],
        description:
          "Invitations, newest first, with their state: queued, sending, sent, opened, answered, bounced, suppressed (with the reason) or failed. `customer` is the customer's external id; from/to bound the creation time.",
        querystring: z.object({ ...invitationFilter, cursor: z.string().max(200).optional(), limit: ZLimit }),
        response: {
          200: z.object({
            items: z.array(ZInvitation.extend({ customerExternalId: z.string().nullable() })),
            nextCursor: z.string().nullable(),
          }),
        },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => {
      const { workspaceId } = principal(request);
      const { customer, ...q } = request.query;
      return invitations.listInvitations(db, workspaceId, {
        ...q,
        customerId: await customerFilter(workspaceId, customer),
      });
    },
  );

  app.get(
    "/api/v1/invitations/rates",
    {
      schema: {
        tags: ["invitations"],
        description:
          "Invitations created in [from, to) counted by state, and the response rate (answered / delivered, with a 95% interval), per channel, survey or trigger, or per day, week (from Monday) or month of creation in the workspace's time zone (key: the period's first day). Combine with channel= or surveyId= for one channel's or survey's rate over time.",
        querystring: z.object({
          ...invitationFilter,
          groupBy: ZRateGroup.default("channel"),
        }),
        response: { 200: z.object({ groupBy: z.string(), items: z.array(ZRateRow) }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => {
      const { workspaceId } = principal(request);
      const { customer, groupBy, ...q } = request.query;
      return {
        groupBy,
        items: await invitations.responseRates(db, workspaceId, groupBy, {
          ...q,
          customerId: await customerFilter(workspaceId, customer),
        }),
      };
    },
  );

  app.get(
    "/api/v1/outbox",
    {
      schema: {
        tags: ["invitations"],
        description:
          "Emails kept instead of sent while the workspace has no SMTP server configured, newest first.",
        querystring: z.object({ cursor: z.string().max(200).optional(), limit: ZLimit }),
        response: { 200: z.object({ items: z.array(ZOutboxItem), nextCursor: z.string().nullable() }) },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => invitations.listOutbox(db, principal(request).workspaceId, request.query),
  );
}
