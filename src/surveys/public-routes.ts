import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { findCustomer } from "../customers/service.js";
import type { App, AppContext } from "../http/context.js";
import { AppError, invalid } from "../http/errors.js";
import { pickLanguage } from "./logic.js";
import { answersOfExternalId, ingestResponses } from "./responses-service.js";
import { ZAnswerValue, ZAttributes, ZChannel, ZLanguage } from "./schema.js";
import { findRecipient, getPublicSurvey, recipientResponseKey } from "./service.js";

const tags = ["public"];
const ZSurveyParams = z.object({ surveyId: z.string().uuid() });
const RESERVED_PARAMS = new Set(["t", "lang"]);
/** Query parameters of a survey link; a repeated one (`?a=1&a=2`) counts once, with its first value. */
const ZLinkQuery = z.record(
  z.string(),
  z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === "string" ? v : (v[0] ?? ""))),
);

/** The built survey page script (created by `npm run build:web`). */
function surveyScript(): string | undefined {
  const candidates = [
    resolve(import.meta.dirname, "../../..", "dist/widget/survey.js"),
    resolve(import.meta.dirname, "../..", "dist/widget/survey.js"),
  ];
  const found = candidates.find((p) => existsSync(p));
  return found ? readFileSync(found, "utf8") : undefined;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** JSON inside <script> must not be able to close the tag. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

/** The page shell; the script renders the survey (or the "no longer available" notice) from the boot JSON. */
function surveyPage(reply: FastifyReply, language: string, title: string, boot: unknown): string {
  reply
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("referrer-policy", "no-referrer")
    .header(
      "content-security-policy",
      "default-src 'self'; img-src * data:; style-src 'self' 'unsafe-inline'; frame-ancestors *",
    );
  return `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main id="otklik-survey"></main><script type="application/json" id="otklik-boot">${scriptJson(boot)}</script><script type="module" src="/static/survey.js"></script></body></html>`;
}

/**
 * The respondent side: the survey page at /s/{surveyId}, its script, and the endpoint it saves to.
 * No login; rate-limited per IP. A `t` token identifies the recipient; other query parameters become
 * response attributes (hidden fields).
 */
export async function publicSurveyRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const rateLimit = { max: ctx.config.publicRateLimit, timeWindow: "1 minute" };
  let script: string | undefined;

  app.get("/static/survey.js", { schema: { hide: true }, config: { rateLimit } }, async (_request, reply) => {
    script ??= surveyScript();
    if (!script) return reply.status(404).send("survey page is not built: run npm run build:web");
    return reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=300")
      .send(script);
  });

  app.get(
    "/s/:surveyId",
    {
      schema: { hide: true, params: ZSurveyParams, querystring: ZLinkQuery },
      config: { rateLimit },
    },
    async (request, reply) => {
      const query = request.query;
      const found = await getPublicSurvey(db, request.params.surveyId).catch((e: unknown) => {
        if (e instanceof AppError && e.code === "not_found") return undefined;
        throw e;
      });
      if (!found) {
        // Archived, draft or unknown: the page explains, in the respondent's language, that it is closed.
        const language =
          [query.lang, request.headers["accept-language"]]
            .map((w) => w?.slice(0, 2).toLowerCase())
            .find((c) => c === "ru" || c === "en") ?? "en";
        return surveyPage(reply.status(404), language, "", { unavailable: true, language });
      }
      const { workspaceId, survey } = found;
      const recipient = query.t
        ? await findRecipient(db, workspaceId, survey.id, query.t, ctx.now())
        : undefined;
      const language = pickLanguage(survey.definition, query.lang, request.headers["accept-language"]);
      // A personal link continues its one response: answers already recorded (a score clicked in an
      // email, or saved on another device) are handed to the page, which shows the next question.
      const recorded = recipient
        ? await answersOfExternalId(db, workspaceId, recipientResponseKey(recipient.token_hash))
        : {};
      const attributes = Object.fromEntries(
        Object.entries(query)
          .filter(([k]) => k !== "" && !RESERVED_PARAMS.has(k))
          .slice(0, 30)
          .map(([k, v]) => [k.slice(0, 100), v.slice(0, 500)]),
      );
      const boot = {
        survey: { id: survey.id, name: survey.name, definition: survey.definition },
        language,
        token: recipient ? query.t : null,
        attributes,
        apiBase: "",
        ...(Object.keys(recorded).length ? { answers: recorded } : {}),
      };
      return surveyPage(reply, language, survey.name, boot);
    },
  );

  app.get(
    "/api/public/surveys/:surveyId",
    {
      schema: { tags, params: ZSurveyParams, querystring: z.object({ lang: z.string().optional() }) },
      config: { rateLimit },
    },
    async (request) => {
      const { survey } = await getPublicSurvey(db, request.params.surveyId);
      return {
        survey: { id: survey.id, name: survey.name, definition: survey.definition },
        language: pickLanguage(survey.definition, request.query.lang, request.headers["accept-language"]),
      };
    },
  );

  app.put(
    "/api/public/surveys/:surveyId/responses/:clientKey",
    {
      schema: {
        tags,
        description:
          "Saves the respondent's answers so far. Called when the score is clicked and again for each follow-up; the client key (random, 128 bits) makes every call update the same response.",
        params: ZSurveyParams.extend({
          clientKey: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "must be 22–64 URL-safe characters"),
        }),
        body: z.object({
          answers: z.record(z.string(), ZAnswerValue),
          attributes: ZAttributes.default({}),
          language: ZLanguage.optional(),
          complete: z.boolean().default(false),
          token: z.string().max(200).nullish(),
        }),
        response: { 200: z.object({ responseId: z.string(), status: z.enum(["partial", "complete"]) }) },
      },
      config: { rateLimit },
    },
    async (request) => {
      const { workspaceId, survey } = await getPublicSurvey(db, request.params.surveyId);
      const body = request.body;
      const recipient = body.token
        ? await findRecipient(db, workspaceId, survey.id, body.token, ctx.now())
        : undefined;
      if (body.token && !recipient) throw invalid("token", "this personal link has expired or is not valid");
      const customer = recipient ? await findCustomer(db, workspaceId, recipient.customer_id) : undefined;
      const [result] = await ingestResponses(
        db,
        workspaceId,
        [
          {
            surveyId: survey.id,
            // One response per personal link, whichever device or visit saves it.
            externalId: recipient
              ? recipientResponseKey(recipient.token_hash)
              : `page:${request.params.clientKey}`,
            channel: ZChannel.safeParse(recipient?.channel).data ?? "link",
            language: body.language,
            complete: body.complete,
            customer: customer ? { externalId: customer.external_id } : undefined,
            attributes: { ...body.attributes, ...recipient?.attributes },
            answers: body.answers,
          },
        ],
        { now: ctx.now(), fieldPrefix: () => "" },
      );
      if (!result) throw new Error("no response stored");
      return { responseId: result.id, status: body.complete ? ("complete" as const) : ("partial" as const) };
    },
  );
}
