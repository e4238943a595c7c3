import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { ZIdParams } from "../http/crud-routes.js";
import {
  ZCalendar,
  ZCalendarInput,
  ZSlaPolicy,
  ZSlaPolicyInput,
  ZSupportSettings,
} from "./settings-schema.js";
import * as settings from "./settings-service.js";

const tags = ["support settings"];

/** Business-hours calendars, SLA policies and the FCR window / service-level goal. */
export async function settingsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const ws = (request: Parameters<typeof principal>[0]) => principal(request).workspaceId;

  app.get(
    "/api/v1/support/calendars",
    {
      schema: { tags, response: { 200: z.object({ items: z.array(ZCalendar) }) } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => ({ items: await settings.listCalendars(db, ws(request)) }),
  );
  app.post(
    "/api/v1/support/calendars",
    {
      schema: {
        tags,
        description:
          "A business-hours calendar: time zone, working intervals per weekday (local time) and holiday dates. SLA clocks in business hours stop outside them, exactly across DST changes.",
        body: ZCalendarInput,
        response: { 201: ZCalendar },
      },
      preHandler: requireScope("support:write"),
    },
    async (request, reply) =>
      reply.status(201).send(await settings.createCalendar(db, ws(request), request.body, ctx.now())),
  );
  app.get(
    "/api/v1/support/calendars/:id",
    {
      schema: { tags, params: ZIdParams, response: { 200: ZCalendar } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => settings.getCalendar(db, ws(request), request.params.id),
  );
  app.put(
    "/api/v1/support/calendars/:id",
    {
      schema: { tags, params: ZIdParams, body: ZCalendarInput, response: { 200: ZCalendar } },
      preHandler: requireScope("support:write"),
    },
    async (request) => settings.updateCalendar(db, ws(request), request.params.id, request.body, ctx.now()),
  );
  app.delete(
    "/api/v1/support/calendars/:id",
    {
      schema: {
        tags,
        description: "Deletes a calendar no SLA policy uses (409 otherwise).",
        params: ZIdParams,
      },
      preHandler: requireScope("support:write"),
    },
    async (request, reply) => {
      await settings.deleteCalendar(db, ws(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/support/sla-policies",
    {
      schema: { tags, response: { 200: z.object({ items: z.array(ZSlaPolicy) }) } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => ({ items: await settings.listPolicies(db, ws(request)) }),
  );
  app.post(
    "/api/v1/support/sla-policies",
    {
      schema: {
        tags,
        description:
          "An SLA policy: targets in order (the first whose match fits a ticket applies), each with a first-reply and optionally a resolution goal in minutes, in business hours of the policy's calendar or in calendar time.",
        body: ZSlaPolicyInput,
        response: { 201: ZSlaPolicy },
      },
      preHandler: requireScope("support:write"),
    },
    async (request, reply) =>
      reply.status(201).send(await settings.createPolicy(db, ws(request), request.body, ctx.now())),
  );
  app.get(
    "/api/v1/support/sla-policies/:id",
    {
      schema: { tags, params: ZIdParams, response: { 200: ZSlaPolicy } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => settings.getPolicy(db, ws(request), request.params.id),
  );
  app.put(
    "/api/v1/support/sla-policies/:id",
    {
      schema: { tags, params: ZIdParams, body: ZSlaPolicyInput, response: { 200: ZSlaPolicy } },
      preHandler: requireScope("support:write"),
    },
    async (request) => settings.updatePolicy(db, ws(request), request.params.id, request.body, ctx.now()),
  );
  app.delete(
    "/api/v1/support/sla-policies/:id",
    { schema: { tags, params: ZIdParams }, preHandler: requireScope("support:write") },
    async (request, reply) => {
      await settings.deletePolicy(db, ws(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/support/settings",
    {
      schema: {
        tags,
        description: "FCR window (default 24 h) and service-level goal (default 80/20).",
        response: { 200: ZSupportSettings },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => settings.getSettings(db, ws(request)),
  );
  app.put(
    "/api/v1/support/settings",
    {
      schema: { tags, body: ZSupportSettings, response: { 200: ZSupportSettings } },
      preHandler: requireScope("support:write"),
    },
    async (request) => settings.putSettings(db, ws(request), request.body, ctx.now()),
  );
}
