import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { invalid } from "../http/errors.js";
import { ZLanguage } from "../surveys/schema.js";
import { sendOnce } from "./email/mailer.js";
import { emailStrings } from "./email/strings.js";
import { escapeHtml } from "./email/templates.js";
import { ZSettings, ZSettingsPatch, ZSmsProvider, ZSmsProviderInput, ZSmtp, ZSmtpInput } from "./schema.js";
import * as settings from "./settings.js";
import { sendSms } from "./sms/provider.js";
import { widgetSnippet } from "./widget-snippet.js";

const tags = ["distribution settings"];
const ZTestResult = z.object({
  /** Whether the server or provider accepted the test message. */
  ok: z.boolean(),
  /** What it answered (SMTP reply, HTTP status and body). */
  response: z.string(),
});

export async function settingsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const ws = (request: Parameters<typeof principal>[0]) => principal(request).workspaceId;

  app.get(
    "/api/v1/distribution/settings",
    {
      schema: { tags, response: { 200: ZSettings.extend({ widgetKey: z.string() }) } },
      preHandler: requireScope("surveys:read"),
    },
    async (request) => settings.publicSettings(await settings.getSettings(db, ws(request))),
  );

  app.patch(
    "/api/v1/distribution/settings",
    {
      schema: {
        tags,
        description:
          "Throttling (recontact period across all surveys), quiet hours in each customer's time zone, daily caps per channel, and the origins allowed to embed the widget.",
        body: ZSettingsPatch,
        response: { 200: ZSettings.extend({ widgetKey: z.string() }) },
      },
      preHandler: requireScope("admin"),
    },
    async (request) =>
      settings.publicSettings(await settings.updateSettings(db, ws(request), request.body, ctx.now())),
  );

  app.get(
    "/api/v1/distribution/smtp",
    {
      schema: { tags, response: { 200: z.object({ smtp: ZSmtp.nullable() }) } },
      preHandler: requireScope("admin"),
    },
    async (request) => {
      const smtp = (await settings.getSettings(db, ws(request))).smtp;
      return { smtp: smtp ? settings.smtpView(smtp) : null };
    },
  );

  app.put(
    "/api/v1/distribution/smtp",
    {
      schema: {
        tags,
        description:
          "The workspace's SMTP server for invitation emails. The password is write-only: leave it out to keep the stored one. Without SMTP settings, emails go to the outbox.",
        body: ZSmtpInput,
        response: { 200: z.object({ smtp: ZSmtp }) },
      },
      preHandler: requireScope("admin"),
    },
    async (request) => {
      const saved = await settings.setSmtp(db, ws(request), request.body, ctx.now());
      if (!saved.smtp) throw new Error("SMTP settings were not stored");
      return { smtp: settings.smtpView(saved.smtp) };
    },
  );

  app.delete(
    "/api/v1/distribution/smtp",
    { schema: { tags }, preHandler: requireScope("admin") },
    async (request, reply) => {
      await settings.clearChannel(db, ws(request), "smtp", ctx.now());
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/v1/distribution/smtp/test",
    {
      schema: {
        tags,
        description: "Sends a test email over the stored SMTP settings and reports the server's answer.",
        body: z.object({ to: z.string().email(), language: ZLanguage.default("en") }),
        response: { 200: ZTestResult },
      },
      preHandler: requireScope("admin"),
    },
    async (request) => {
      const smtp = (await settings.getSettings(db, ws(request))).smtp;
      if (!smtp) throw invalid("smtp", "configure the SMTP server first");
      const s = emailStrings(request.body.language);
      const outcome = await sendOnce(smtp, {
        to: { name: null, address: request.body.to },
        subject: s.testSubject,
        text: s.testBody,
        html: `<p>${escapeHtml(s.testBody)}</p>`,
        headers: {},
      });
      return outcome.ok ? { ok: true, response: outcome.response } : { ok: false, response: outcome.message };
    },
  );

  app.get(
    "/api/v1/distribution/sms",
    {
      schema: { tags, response: { 200: z.object({ sms: ZSmsProvider.nullable() }) } },
      preHandler: requireScope("admin"),
    },
    async (request) => {
      const sms = (await settings.getSettings(db, ws(request))).sms;
      return { sms: sms ? settings.smsView(sms) : null };
    },
  );

  app.put(
    "/api/v1/distribution/sms",
    {
      schema: {
        tags,
        description:
          "The HTTP provider that sends SMS or messenger messages: URL, method, headers (write-only; leave out to keep the stored ones) and a body template with {{phone}}, {{text}} and {{link}}.",
        body: ZSmsProviderInput,
        response: { 200: z.object({ sms: ZSmsProvider }) },
      },
      preHandler: requireScope("admin"),
    },
    async (request) => {
      const saved = await settings.setSms(db, ws(request), request.body, ctx.now());
      if (!saved.sms) throw new Error("SMS settings were not stored");
      return { sms: settings.smsView(saved.sms) };
    },
  );

  app.delete(
    "/api/v1/distribution/sms",
    { schema: { tags }, preHandler: requireScope("admin") },
    async (request, reply) => {
      await settings.clearChannel(db, ws(request), "sms", ctx.now());
      return reply.status(204).send();
    },
  );

  app.post(
    "/api/v1/distribution/sms/test",
    {
      schema: {
        tags,
        description: "Sends a test message through the SMS provider and reports its answer.",
        body: z.object({
          phone: z.string().min(3).max(50),
          text: z.string().max(500).default("Otklik test"),
        }),
        response: { 200: ZTestResult },
      },
      preHandler: requireScope("admin"),
    },
    async (request) => {
      const sms = (await settings.getSettings(db, ws(request))).sms;
      if (!sms) throw invalid("sms", "configure the SMS provider first");
      const outcome = await sendSms(sms, {
        phone: request.body.phone,
        text: request.body.text,
        link: ctx.config.publicUrl,
      });
      return { ok: outcome.ok, response: outcome.detail };
    },
  );

  app.get(
    "/api/v1/distribution/widget",
    {
      schema: {
        tags,
        description: "The widget's public key, allowed origins and the snippet to paste into the site.",
        response: {
          200: z.object({ widgetKey: z.string(), allowedOrigins: z.array(z.string()), snippet: z.string() }),
        },
      },
      preHandler: requireScope("surveys:read"),
    },
    async (request) => {
      const s = await settings.getSettings(db, ws(request));
      return {
        widgetKey: s.widgetKey,
        allowedOrigins: s.allowedOrigins,
        snippet: widgetSnippet(ctx.config.publicUrl, s.widgetKey),
      };
    },
  );

  app.post(
    "/api/v1/distribution/widget/rotate-key",
    {
      schema: { tags, response: { 200: z.object({ widgetKey: z.string() }) } },
      preHandler: requireScope("admin"),
    },
    async (request) => ({
      widgetKey: (await settings.rotateWidgetKey(db, ws(request), ctx.now())).widgetKey,
    }),
  );

  app.get(
    "/api/v1/suppressions",
    {
      schema: {
        tags: ["invitations"],
        description:
          "Customers who are not contacted: unsubscribed (every channel, for good) or bounced (email, until the address changes).",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                customerId: z.string(),
                channel: z.string(),
                reason: z.string(),
                detail: z.string().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
      preHandler: requireScope("responses:read"),
    },
    async (request) => ({ items: await settings.listSuppressions(db, ws(request), request.query.limit) }),
  );
}
