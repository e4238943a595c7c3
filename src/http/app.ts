import { existsSync } from "node:fs";
import { resolve } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { alertRoutes } from "../alerts/routes.js";
import { analyticsRoutes } from "../analytics/routes.js";
import { segmentRoutes } from "../analytics/segments-routes.js";
import { authRoutes } from "../auth/routes.js";
import { businessRoutes } from "../business/routes.js";
import { customerDataRoutes } from "../customers/routes.js";
import { distributionRoutes } from "../distribution/routes.js";
import { exportRoutes } from "../exports/routes.js";
import { feedbackRoutes } from "../feedback/routes.js";
import { loopRoutes } from "../loop/routes.js";
import { supportRoutes } from "../support/routes.js";
import { publicSurveyRoutes } from "../surveys/public-routes.js";
import { responseRoutes } from "../surveys/responses-routes.js";
import { surveyRoutes } from "../surveys/routes.js";
import { resolvePrincipal } from "./auth-hooks.js";
import type { App, AppContext } from "./context.js";
import { errorHandler } from "./error-handler.js";
import { opsRoutes } from "./ops-routes.js";

/** Where the built dashboard and survey page live (created by `npm run build:web`). */
const WEB_DIST = resolve(import.meta.dirname, "../../..", "dist/web");
const WEB_DIST_DEV = resolve(import.meta.dirname, "../..", "dist/web");

export async function buildApp(ctx: AppContext, options: { logger?: boolean | object } = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel },
    bodyLimit: 10 * 1024 * 1024,
    // Only a configured proxy may name the client address; otherwise a forged header would dodge rate limits.
    trustProxy: ctx.config.trustProxy,
  }).withTypeProvider() as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api/")) {
      return reply.status(404).send({
        error: { code: "not_found", message: `no route ${request.method} ${request.url.split("?")[0]}` },
      });
    }
    // The dashboard is a single-page app: unknown paths load it and its router decides.
    const webDir = webDist();
    if (webDir && request.method === "GET") return reply.sendFile("index.html", webDir);
    return reply.status(404).send({ error: { code: "not_found", message: "not found" } });
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "Otklik API", version: "1", description: "Surveys, responses and metrics." },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "API key: otk_…" },
          cookie: { type: "apiKey", in: "cookie", name: "otklik_session" },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  app.decorateRequest("principal", null);
  app.addHook("onRequest", resolvePrincipal(ctx));

  await app.register(async (api) => {
    const typed = api as unknown as App;
    await opsRoutes(typed, ctx);
    await authRoutes(typed, ctx);
    await surveyRoutes(typed, ctx);
    await responseRoutes(typed, ctx);
    await analyticsRoutes(typed, ctx);
    await exportRoutes(typed, ctx);
    await segmentRoutes(typed, ctx);
    await publicSurveyRoutes(typed, ctx);
    await feedbackRoutes(typed, ctx);
    await loopRoutes(typed, ctx);
    await alertRoutes(typed, ctx);
    await customerDataRoutes(typed, ctx);
    await businessRoutes(typed, ctx);
    await distributionRoutes(typed, ctx);
    await supportRoutes(typed, ctx);
  });

  const webDir = webDist();
  if (webDir)
    await app.register(fastifyStatic, { root: webDir, prefix: "/", wildcard: false, index: "index.html" });
  return app;
}

function webDist(): string | undefined {
  return [WEB_DIST, WEB_DIST_DEV].find((d) => existsSync(resolve(d, "index.html")));
}
