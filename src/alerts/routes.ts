import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import * as digests from "./digests.js";
import * as warnings from "./early-warning.js";
import * as referrals from "./referrals.js";
import {
  ZAlertRule,
  ZAlertRuleInput,
  ZAlertRulePatch,
  ZDelivery,
  ZDeliveryQuery,
  ZDigest,
  ZDigestContent,
  ZDigestInput,
  ZDigestPatch,
  ZEarlyWarning,
  ZPageQuery,
  ZReferralLink,
  ZReferralSettings,
  ZReferralSettingsInput,
  ZReferralSignupInput,
  ZWarningRule,
  ZWarningRuleInput,
  ZWarningRulePatch,
} from "./schema.js";
import * as alerts from "./service.js";

const ZIdParams = z.object({ id: z.string().uuid() });
const read = requireScope("responses:read");
const write = requireScope("feedback:write");

/** Alert rules, deliveries, digests, early-warning rules and warnings, referral links (docs/alerts.md). */
export async function alertRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ["alerts"];
  const ws = (request: Parameters<typeof principal>[0]) => principal(request).workspaceId;

  app.get(
    "/api/v1/alerts/rules",
    { schema: { tags, response: { 200: z.object({ items: z.array(ZAlertRule) }) } }, preHandler: read },
    async (request) => ({ items: await alerts.listAlertRules(db, ws(request)) }),
  );
  app.post(
    "/api/v1/alerts/rules",
    {
      schema: {
        tags,
        description:
          "Who is told about what: detractors, low CSAT, overdue cases, early warnings — by email and signed webhook.",
        body: ZAlertRuleInput,
        response: { 201: ZAlertRule },
      },
      preHandler: write,
    },
    async (request, reply) =>
      reply.status(201).send(await alerts.createAlertRule(db, ws(request), request.body, ctx.now())),
  );
  app.get(
    "/api/v1/alerts/rules/:id",
    { schema: { tags, params: ZIdParams, response: { 200: ZAlertRule } }, preHandler: read },
    async (request) => alerts.getAlertRule(db, ws(request), request.params.id),
  );
  app.patch(
    "/api/v1/alerts/rules/:id",
    {
      schema: { tags, params: ZIdParams, body: ZAlertRulePatch, response: { 200: ZAlertRule } },
      preHandler: write,
    },
    async (request) => alerts.updateAlertRule(db, ws(request), request.params.id, request.body, ctx.now()),
  );
  app.delete(
    "/api/v1/alerts/rules/:id",
    { schema: { tags, params: ZIdParams }, preHandler: write },
    async (request, reply) => {
      await alerts.deleteAlertRule(db, ws(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    "/api/v1/alerts/rules/:id/test",
    {
      schema: {
        tags,
        description: "Sends a sample alert to every target of the rule now and reports each server's answer.",
        params: ZIdParams,
        response: {
          200: z.object({
            results: z.array(
              z.object({ channel: z.string(), target: z.string(), ok: z.boolean(), detail: z.string() }),
            ),
          }),
        },
      },
      preHandler: write,
    },
    async (request) => alerts.testAlertRule(db, ws(request), request.params.id, ctx.now()),
  );
  app.get(
    "/api/v1/alerts/deliveries",
    {
      schema: {
        tags,
        description: "Queued and sent alerts and digests, newest first.",
        querystring: ZDeliveryQuery,
        response: { 200: z.object({ items: z.array(ZDelivery), nextCursor: z.string().nullable() }) },
      },
      preHandler: read,
    },
    async (request) => alerts.listDeliveries(db, ws(request), request.query),
  );

  app.get(
    "/api/v1/alerts/digests",
    { schema: { tags, response: { 200: z.object({ items: z.array(ZDigest) }) } }, preHandler: read },
    async (request) => ({ items: await digests.listDigests(db, ws(request), ctx.now()) }),
  );
  app.post(
    "/api/v1/alerts/digests",
    {
      schema: {
        tags,
        description:
          "A digest to several recipients, weekly (on a weekday) or daily, at a local hour of the workspace.",
        body: ZDigestInput,
        response: { 201: ZDigest },
      },
      preHandler: write,
    },
    async (request, reply) =>
      reply.status(201).send(await digests.createDigest(db, ws(request), request.body, ctx.now())),
  );
  app.get(
    "/api/v1/alerts/digests/:id",
    { schema: { tags, params: ZIdParams, response: { 200: ZDigest } }, preHandler: read },
    async (request) => digests.getDigest(db, ws(request), request.params.id, ctx.now()),
  );
  app.patch(
    "/api/v1/alerts/digests/:id",
    {
      schema: { tags, params: ZIdParams, body: ZDigestPatch, response: { 200: ZDigest } },
      preHandler: write,
    },
    async (request) => digests.updateDigest(db, ws(request), request.params.id, request.body, ctx.now()),
  );
  app.delete(
    "/api/v1/alerts/digests/:id",
    { schema: { tags, params: ZIdParams }, preHandler: write },
    async (request, reply) => {
      await digests.deleteDigest(db, ws(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    "/api/v1/alerts/digests/:id/preview",
    {
      schema: {
        tags,
        description: "The digest of the last complete period, as it would be sent (nothing is sent).",
        params: ZIdParams,
        response: { 200: ZDigestContent },
      },
      preHandler: read,
    },
    async (request) => digests.previewDigest(db, ws(request), request.params.id, ctx.now()),
  );

  app.get(
    "/api/v1/alerts/warning-rules",
    { schema: { tags, response: { 200: z.object({ items: z.array(ZWarningRule) }) } }, preHandler: read },
    async (request) => ({ items: await warnings.listWarningRules(db, ws(request)) }),
  );
  app.post(
    "/api/v1/alerts/warning-rules",
    {
      schema: {
        tags,
        description:
          "Early warning: a significant drop of NPS or CSAT, or a rise of a category's share, in the recent window against the trailing baseline, per segment.",
        body: ZWarningRuleInput,
        response: { 201: ZWarningRule },
      },
      preHandler: write,
    },
    async (request, reply) =>
      reply.status(201).send(await warnings.createWarningRule(db, ws(request), request.body, ctx.now())),
  );
  app.get(
    "/api/v1/alerts/warning-rules/:id",
    { schema: { tags, params: ZIdParams, response: { 200: ZWarningRule } }, preHandler: read },
    async (request) => warnings.getWarningRule(db, ws(request), request.params.id),
  );
  app.patch(
    "/api/v1/alerts/warning-rules/:id",
    {
      schema: { tags, params: ZIdParams, body: ZWarningRulePatch, response: { 200: ZWarningRule } },
      preHandler: write,
    },
    async (request) =>
      warnings.updateWarningRule(db, ws(request), request.params.id, request.body, ctx.now()),
  );
  app.delete(
    "/api/v1/alerts/warning-rules/:id",
    { schema: { tags, params: ZIdParams }, preHandler: write },
    async (request, reply) => {
      await warnings.deleteWarningRule(db, ws(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    "/api/v1/alerts/warning-rules/:id/run",
    {
      schema: {
        tags,
        description:
          "Checks the rule now; answers with the warnings that fired (repeats are not fired again).",
        params: ZIdParams,
        response: { 200: z.object({ warnings: z.array(ZEarlyWarning) }) },
      },
      preHandler: write,
    },
    async (request) => ({
      warnings: await warnings.runRuleNow(db, ws(request), request.params.id, ctx.now()),
    }),
  );
  app.get(
    "/api/v1/alerts/warnings",
    {
      schema: {
        tags,
        querystring: ZPageQuery.extend({ ruleId: z.string().uuid().optional() }),
        response: { 200: z.object({ items: z.array(ZEarlyWarning), nextCursor: z.string().nullable() }) },
      },
      preHandler: read,
    },
    async (request) => warnings.listWarnings(db, ws(request), request.query),
  );

  const rtags = ["referrals"];
  app.get(
    "/api/v1/referrals/settings",
    { schema: { tags: rtags, response: { 200: ZReferralSettings } }, preHandler: read },
    async (request) => referrals.getReferralSettings(db, ws(request)),
  );
  app.put(
    "/api/v1/referrals/settings",
    {
      schema: {
        tags: rtags,
        description: "Promoters get a referral request with a personal link leading to landingUrl?ref=CODE.",
        body: ZReferralSettingsInput,
        response: { 200: ZReferralSettings },
      },
      preHandler: write,
    },
    async (request) => referrals.setReferralSettings(db, ws(request), request.body, ctx.now()),
  );
  app.get(
    "/api/v1/referrals/links",
    {
      schema: {
        tags: rtags,
        querystring: ZPageQuery,
        response: { 200: z.object({ items: z.array(ZReferralLink), nextCursor: z.string().nullable() }) },
      },
      preHandler: read,
    },
    async (request) => referrals.listReferralLinks(db, ws(request), ctx.config.publicUrl, request.query),
  );
  app.post(
    "/api/v1/referrals/signups",
    {
      schema: {
        tags: rtags,
        description:
          "A friend signed up through a referral link: stored as a new customer with referredBy = code (feeds the referral rate).",
        body: ZReferralSignupInput,
        response: { 201: z.object({ customerId: z.string(), referredBy: z.string() }) },
      },
      preHandler: requireScope("customers:write"),
    },
    async (request, reply) =>
      reply.status(201).send(await referrals.recordSignup(db, ws(request), request.body, ctx.now())),
  );

  app.get(
    "/r/:code",
    {
      schema: { hide: true, params: z.object({ code: z.string().min(1).max(40) }) },
      config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: "1 minute" } },
    },
    async (request, reply) => {
      const target = await referrals.visitReferral(db, request.params.code, ctx.now());
      if (!target)
        return reply.status(404).type("text/plain; charset=utf-8").send("This link is no longer active.");
      return reply.redirect(target, 302);
    },
  );
}
