/**
 * The public ends of invitations (no login, rate-limited per IP):
 *
 * - `GET /e/{token}?q=&v=` — a score clicked in an email. A GET never records anything: link scanners
 *   fetch every link of a message, and would otherwise answer 0…10 for the customer. It answers with a
 *   tiny page that submits the score by POST at once when a browser runs its script (a `<noscript>`
 *   button otherwise). Without a score it opens the survey.
 * - `POST /e/{token}` — records the score first (the personal link's one response, so a changed mind
 *   updates it), then sends the browser on to the survey page for the follow-up questions. Different
 *   scores for one invitation within seconds are a scanner that runs scripts: the score is withdrawn.
 * - `GET /e/{token}/open.gif` — the open-tracking pixel.
 * - `GET|POST /u/{token}` — unsubscribe from everything (POST also serves RFC 8058 one-click).
 * - `GET /l/{token}` — the short link of SMS and messenger invitations.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { getWorkspace } from "../auth/service.js";
import { findCustomer } from "../customers/service.js";
import type { App, AppContext } from "../http/context.js";
import { ingestResponses } from "../surveys/responses-service.js";
import { type TSurvey, ZChannel } from "../surveys/schema.js";
import { findRecipient, getPublicSurvey, hashToken, recipientResponseKey } from "../surveys/service.js";
import { emailStrings } from "./email/strings.js";
import { emailScale, escapeHtml } from "./email/templates.js";
import * as invitationsStore from "./invitations-store.js";
import { message, sendPage } from "./pages.js";
import { insertSuppression } from "./settings-store.js";
import type { InvitationRow } from "./tables.js";

/** Two different scores for one invitation closer than this come from a machine, not a person. */
export const SWEEP_MS = 10_000;
/** The survey page's save endpoint (surveys module); its token-identified saves mark invitations answered. */
const PAGE_SAVE_ROUTE = "/api/public/surveys/:surveyId/responses/:clientKey";

const ZToken = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

export async function linkRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: "1 minute" };

  // Answers saved on the survey page through a personal link mark its invitation answered.
  app.addHook("onResponse", async (request, reply) => {
    if (request.method !== "PUT" || reply.statusCode !== 200 || request.routeOptions.url !== PAGE_SAVE_ROUTE)
      return;
    const token = (request.body as { token?: unknown } | null)?.token;
    if (typeof token !== "string") return;
    const inv = await invitationsStore.findByTokenHash(db, hashToken(token));
    if (inv) await invitationsStore.markAnswered(db, inv.workspace_id, inv.id, ctx.now());
  });

  /** The invitation, its survey and whether its personal token still takes answers. */
  async function resolve(token: string) {
    const inv = await invitationsStore.findByTokenHash(db, hashToken(token));
    if (!inv) return undefined;
    const survey = await getPublicSurvey(db, inv.survey_id)
      .then((s) => s.survey)
      .catch(() => undefined);
    const recipient = survey
      ? await findRecipient(db, inv.workspace_id, inv.survey_id, token, ctx.now())
      : undefined;
    return { inv, survey, recipient, language: inv.language ?? "en" };
  }

  const surveyUrl = (inv: InvitationRow, token: string) =>
    `/s/${inv.survey_id}?t=${encodeURIComponent(token)}&lang=${encodeURIComponent(inv.language ?? "")}`;

  const unusable = (reply: FastifyReply, found: Awaited<ReturnType<typeof resolve>>) => {
    if (!found) return message(reply, "en", emailStrings("en").notFound, 404);
    return message(reply, found.language, emailStrings(found.language).expired, 410);
  };

  /** The score of the email's question as the customer saw it (face and label, or the number). */
  const scoreLabel = (survey: TSurvey, questionId: string, value: number, language: string) => {
    const q = survey.definition.questions.find((x) => x.id === questionId);
    const lang = language === "ru" ? "ru" : "en";
    const option = q
      ? emailScale(q, lang, survey.definition.defaultLanguage)?.options.find((o) => o.value === value)
      : undefined;
    if (!q || !option) return undefined;
    return option.title === option.label ? option.label : `${option.label} ${option.title}`;
  };

  await app.register(async (child: FastifyInstance) => {
    const scoped = child as unknown as App;
    scoped.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 4096 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    // RFC 8058 allows the one-click POST as multipart; its content does not matter.
    scoped.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "string", bodyLimit: 4096 },
      (_r, _b, done) => done(null, {}),
    );

    scoped.get(
      "/e/:token",
      {
        schema: {
          hide: true,
          params: ZToken,
          querystring: z.object({ q: z.string().max(40).optional(), v: z.string().max(4).optional() }),
        },
        config: { rateLimit },
      },
      async (request, reply) => {
        const { token } = request.params;
        const found = await resolve(token);
        if (!found?.survey || !found.recipient) return unusable(reply, found);
        const { inv, survey, language } = found;
        const { q, v } = request.query;
        const value = v !== undefined && /^\d{1,2}$/.test(v) ? Number(v) : undefined;
        const label = q && value !== undefined ? scoreLabel(survey, q, value, language) : undefined;
        if (!q || value === undefined || !label) {
          await invitationsStore.markOpened(db, inv.workspace_id, inv.id, ctx.now());
          return reply.redirect(surveyUrl(inv, token), 303);
        }
        const s = emailStrings(language);
        return sendPage(reply, {
          language,
          title: s.saving(label),
          body: `<form method="post" action="/e/${escapeHtml(token)}"><input type="hidden" name="q" value="${escapeHtml(q)}"><input type="hidden" name="v" value="${value}"><p role="status">${escapeHtml(s.saving(label))}</p><noscript><button type="submit">${escapeHtml(s.confirm(label))}</button></noscript></form>`,
          // Submitted only where a page is really rendered and its script runs.
          script: "requestAnimationFrame(function(){document.forms[0].submit()})",
        });
      },
    );

    scoped.post(
      "/e/:token",
      {
        schema: {
          hide: true,
          params: ZToken,
          body: z.object({ q: z.string().max(40), v: z.string().regex(/^\d{1,2}$/) }),
        },
        config: { rateLimit },
      },
      async (request, reply) => {
        const { token } = request.params;
        const found = await resolve(token);
        if (!found?.survey || !found.recipient) return unusable(reply, found);
        const { inv, survey, recipient } = found;
        const now = ctx.now();
        const value = Number(request.body.v);
        const questionId = request.body.q;
        if (!scoreLabel(survey, questionId, value, found.language))
          return reply.redirect(surveyUrl(inv, token), 303);
        const sweep =
          inv.last_click_at !== null &&
          now.getTime() - inv.last_click_at.getTime() < SWEEP_MS &&
          inv.last_click_value !== value;
        const customer = await findCustomer(db, inv.workspace_id, inv.customer_id);
        await ingestResponses(
          db,
          inv.workspace_id,
          [
            {
              surveyId: survey.id,
              externalId: recipientResponseKey(recipient.token_hash),
              channel: ZChannel.safeParse(recipient.channel).data ?? "email",
              language: survey.definition.languages.find((l) => l === inv.language),
              complete: false,
              customer: customer ? { externalId: customer.external_id } : undefined,
              attributes: recipient.attributes,
              // A sweep withdraws the score it would otherwise overwrite; a person answers on the page.
              answers: { [questionId]: sweep ? null : value },
            },
          ],
          { now, fieldPrefix: () => "" },
        );
        await invitationsStore.recordClick(db, inv.workspace_id, inv.id, value, now);
        if (sweep) await invitationsStore.unmarkAnswered(db, inv.workspace_id, inv.id, now);
        else await invitationsStore.markAnswered(db, inv.workspace_id, inv.id, now);
        return reply.redirect(surveyUrl(inv, token), 303);
      },
    );

    scoped.get(
      "/e/:token/open.gif",
      { schema: { hide: true, params: ZToken }, config: { rateLimit } },
      async (request, reply) => {
        const inv = await invitationsStore.findByTokenHash(db, hashToken(request.params.token));
        if (inv) await invitationsStore.markOpened(db, inv.workspace_id, inv.id, ctx.now());
        return reply.type("image/gif").header("cache-control", "no-store, private").send(GIF);
      },
    );

    scoped.get(
      "/l/:token",
      { schema: { hide: true, params: ZToken }, config: { rateLimit } },
      async (request, reply) => {
        const { token } = request.params;
        const found = await resolve(token);
        if (!found?.survey || !found.recipient) return unusable(reply, found);
        await invitationsStore.markOpened(db, found.inv.workspace_id, found.inv.id, ctx.now());
        return reply.redirect(surveyUrl(found.inv, token), 302);
      },
    );

    const unsubscribePage = async (reply: FastifyReply, inv: InvitationRow, token: string, done: boolean) => {
      const language = inv.language ?? "en";
      const s = emailStrings(language);
      const name = (await getWorkspace(db, inv.workspace_id)).name;
      if (done) return message(reply, language, s.unsubscribed(name));
      return sendPage(reply, {
        language,
        title: s.unsubscribeTitle,
        body: `<form method="post" action="/u/${escapeHtml(token)}"><p>${escapeHtml(s.unsubscribeAsk(name))}</p><button type="submit">${escapeHtml(s.unsubscribeButton)}</button></form>`,
      });
    };

    scoped.get(
      "/u/:token",
      { schema: { hide: true, params: ZToken }, config: { rateLimit } },
      async (request, reply) => {
        const inv = await invitationsStore.findByTokenHash(db, hashToken(request.params.token));
        if (!inv) return message(reply, "en", emailStrings("en").notFound, 404);
        return unsubscribePage(reply, inv, request.params.token, false);
      },
    );

    scoped.post(
      "/u/:token",
      { schema: { hide: true, params: ZToken }, config: { rateLimit } },
      async (request, reply) => {
        const inv = await invitationsStore.findByTokenHash(db, hashToken(request.params.token));
        if (!inv) return message(reply, "en", emailStrings("en").notFound, 404);
        const now = ctx.now();
        // Unsubscribing never expires with the link: it stops every channel, for good.
        await db.transaction().execute(async (trx) => {
          await insertSuppression(
            trx,
            inv.workspace_id,
            {
              customer_id: inv.customer_id,
              channel: "all",
              reason: "unsubscribed",
              detail: `invitation ${inv.id}`,
            },
            now,
          );
          await invitationsStore.cancelQueued(
            trx,
            inv.workspace_id,
            { customerId: inv.customer_id },
            "unsubscribed",
            now,
          );
        });
        const oneClick =
          (request.body as Record<string, unknown> | null)?.["List-Unsubscribe"] === "One-Click";
        if (oneClick) return reply.type("text/plain; charset=utf-8").send("unsubscribed");
        return unsubscribePage(reply, inv, request.params.token, true);
      },
    );
  });
}
