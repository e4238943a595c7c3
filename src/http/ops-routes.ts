import { sql } from "kysely";
import client from "prom-client";
import type { App, AppContext } from "./context.js";

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });
const httpDuration = new client.Histogram({
  name: "otklik_http_request_duration_seconds",
  help: "HTTP request duration",
  labelNames: ["method", "route", "status"],
  registers: [registry],
});

/** Liveness, readiness (the database answers) and Prometheus metrics. */
export async function opsRoutes(app: App, ctx: AppContext) {
  app.addHook("onResponse", async (request, reply) => {
    httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? "unknown", status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: "ready", database: ctx.dbKind };
    } catch {
      return reply.status(503).send({ status: "unavailable", database: ctx.dbKind });
    }
  });
  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
