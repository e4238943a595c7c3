/**
 * The widget's public endpoints, called from customers' websites: its script, the site's page triggers,
 * "may this visitor be surveyed now?", and saving answers. Requests must come from an origin on the
 * workspace's allow-list (or Otklik's own, for previews); allowed origins get CORS headers. The widget
 * sends JSON as text/plain, a simple request, so no preflight round trip delays it.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { findCustomer } from "../customers/service.js";
import type { App, AppContext } from "../http/context.js";
import { AppError, invalid, notFound } from "../http/errors.js";
import { ingestResponses } from "../surveys/responses-service.js";
import { ZAnswerValue, ZCustomerRef, ZLanguage } from "../surveys/schema.js";
import { findRecipient, hashToken, recipientResponseKey } from "../surveys/service.js";
import * as invitationsStore from "./invitations-store.js";
import { settingsForWidgetKey } from "./settings.js";
import { decideShow, widgetTriggers } from "./widget.js";

const ZKey = z.string().regex(/^wk_[A-Za-z0-9_-]{8,40}$/, "not a widget key");

/** The built widget script (created by `npm run build:web`). */
function embedScript(): string | undefined {
  const candidates = [
    resolve(import.meta.dirname, "../../..", "dist/widget/embed.js"),
    resolve(import.meta.dirname, "../..", "dist/widget/embed.js"),
  ];
  const found = candidates.find((p) => existsSync(p));
  return found ? readFileSync(found, "utf8") : undefined;
}

export async function widgetRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: "1 minute" };
  const ownOrigin = new URL(ctx.config.publicUrl).origin;
  let script: string | undefined;

  app.get("/static/embed.js", { schema: { hide: true }, config: { rateLimit } }, async (_request, reply) => {
    script ??= embedScript();
    if (!script) return reply.status(404).send("the widget is not built: run npm run build:web");
    return reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .header("access-control-allow-origin", "*")
      .send(script);
  });

  /** The workspace behind a widget key, if the calling site may use it; sets the CORS headers. */
  async function site(request: FastifyRequest, reply: FastifyReply, key: string) {
    const found = await settingsForWidgetKey(db, key);
    if (!found) throw notFound("widget key");
    const origin = request.headers.origin;
    if (origin) {
      const allowed = origin === ownOrigin || found.settings.allowedOrigins.includes(origin.toLowerCase());
      if (!allowed) {
        throw new AppError(
          "forbidden",
          `${origin} may not use this widget: add it to the allowed origins in the distribution settings`,
        );
      }
      reply
        .header("access-control-allow-origin", origin)
        .header("vary", "Origin")
        .header("access-control-allow-methods", "GET, POST, PUT")
        .header("access-control-allow-headers", "content-type")
        .header("access-control-max-age", "600");
    }
    return found.workspaceId;
  }

  await app.register(async (child: FastifyInstance) => {
    const scoped = child as unknown as App;
    scoped.addContentTypeParser(
      "text/plain",
      { parseAs: "string", bodyLimit: 64 * 1024 },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(String(body)));
        } catch {
          done(invalid("body", "send JSON"), undefined);
        }
      },
    );
    const tags = ["widget"];
    const ZKeyParams = z.object({ key: ZKey });

    scoped.options(
      "/api/public/widget/:key/*",
      { schema: { hide: true, params: z.object({ key: ZKey, "*": z.string() }) }, config: { rateLimit } },
      async (request, reply) => {
        await site(request, reply, request.params.key);
        return reply.status(204).send();
      },
    );

    scoped.get(
      "/api/public/widget/:key/config",
      {
        schema: {
          tags,
          description: "The site's page triggers, evaluated by the widget in the browser.",
          params: ZKeyParams,
        },
        config: { rateLimit },
      },
      async (request, reply) => {
        const workspaceId = await site(request, reply, request.params.key);
        reply.header("cache-control", "public, max-age=60");
        return { triggers: await widgetTriggers(db, workspaceId) };
      },
    );

    scoped.post(
      "/api/public/widget/:key/show",
      {
        schema: {
          tags,
          description:
            "Asks whether this visitor may be surveyed now by a page trigger (throttling, sampling, unsubscribes and caps are checked here). When yes, the survey and a personal token to save answers with.",
          params: ZKeyParams,
          body: z.object({
            triggerId: z.string().uuid(),
            visitorId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
            customer: ZCustomerRef.nullish(),
            url: z.string().max(2000).default(""),
          }),
        },
        config: { rateLimit },
      },
      async (request, reply) => {
        const workspaceId = await site(request, reply, request.params.key);
        return decideShow(
          db,
          workspaceId,
          { ...request.body, customer: request.body.customer ?? null },
          { publicUrl: ctx.config.publicUrl, now: ctx.now() },
        );
      },
    );

    scoped.put(
      "/api/public/widget/:key/responses/:token",
      {
        schema: {
          tags,
          description:
            "Saves the visitor's answers so far; every call updates the same response (one per widget invitation).",
          params: ZKeyParams.extend({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) }),
          body: z.object({
            answers: z.record(z.string(), ZAnswerValue),
            complete: z.boolean().default(false),
            language: ZLanguage.optional(),
          }),
          response: { 200: z.object({ responseId: z.string() }) },
        },
        config: { rateLimit },
      },
      async (request, reply) => {
        const workspaceId = await site(request, reply, request.params.key);
        const { token } = request.params;
        const inv = await invitationsStore.findByTokenHash(db, hashToken(token));
        if (!inv || inv.workspace_id !== workspaceId) throw notFound("invitation");
        const now = ctx.now();
        const recipient = await findRecipient(db, workspaceId, inv.survey_id, token, now);
        if (!recipient) throw invalid("token", "this survey link has expired");
        const customer = await findCustomer(db, workspaceId, inv.customer_id);
        const [saved] = await ingestResponses(
          db,
          workspaceId,
          [
            {
              surveyId: inv.survey_id,
              externalId: recipientResponseKey(recipient.token_hash),
              channel: "widget",
              language: request.body.language,
              complete: request.body.complete,
              customer: customer ? { externalId: customer.external_id } : undefined,
              attributes: recipient.attributes,
              answers: request.body.answers,
            },
          ],
          { now, fieldPrefix: () => "" },
        );
        if (!saved) throw new Error("no response stored");
        await invitationsStore.markAnswered(db, workspaceId, inv.id, now);
        return { responseId: saved.id };
      },
    );
  });
}
