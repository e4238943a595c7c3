import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { crudRoutes, ZIdParams } from "../http/crud-routes.js";
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

const read = requireScope("responses:read");
const write = requireScope("feedback:write");

/** Alert rules, deliveries, digests, early-warning rules and warnings, referral links (docs/alerts.md). */
export async function alertRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ["alerts"];
  const ws = (request: Parameters<typeof principal>[0]) => principal(request).workspaceId;

  crudRoutes(app, {
    path: "/api/v1/alerts/rules",
    tags,
    description:
      "Who is told about what: detractors, low CSAT, overdue cases, early warnings — by email and signed webhook.",
    item: ZAlertRule,
    input: ZAlertRuleInput,
    patch: ZAlertRulePatch,
    read,
    write,
    list: (w) => alerts.listAlertRules(db, w),
    create: (w, body) => alerts.createAlertRule(db, w, body, ctx.now()),
    get: (w, id) => alerts.getAlertRule(db, w, id),
    update: (w, id, body) => alerts.updateAlertRule(db, w, id, body, ctx.now()),
    remove: (w, id) => alerts.deleteAlertRule(db, w, id),
  });
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

  crudRoutes(app, {
    path: "/api/v1/alerts/digests",
    tags,
    description:
      "A digest to several recipients, weekly (on a weekday) or daily, at a local hour of the workspace.",
    item: ZDigest,
    input: ZDigestInput,
    patch: ZDigestPatch,
    read,
    write,
    list: (w) => digests.listDigests(db, w, ctx.now()),
    create: (w, body) => digests.createDigest(db, w, body, ctx.now()),
    get: (w, id) => digests.getDigest(db, w, id, ctx.now()),
    update: (w, id, body) => digests.updateDigest(db, w, id, body, ctx.now()),
    remove: (w, id) => digests.deleteDigest(db, w, id),
  });
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

  crudRoutes(app, {
    path: "/api/v1/alerts/warning-rules",
    tags,
    description:
      "Early warning: a significant drop of NPS or CSAT, or a rise of a category's share, in the recent window against the trailing baseline, per segment.",
    item: ZWarningRule,
    input: ZWarningRuleInput,
    patch: ZWarningRulePatch,
    read,
    write,
    list: (w) => warnings.listWarningRules(db, w),
    create: (w, body) => warnings.createWarningRule(db, w, body, ctx.now()),
    get: (w, id) => warnings.getWarningRule(db, w, id),
    update: (w, id, body) => warnings.updateWarningRule(db, w, id, body, ctx.now()),
    remove: (w, id) => warnings.deleteWarningRule(db, w, id),
  });
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
