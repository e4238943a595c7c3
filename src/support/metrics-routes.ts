import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { ZBreaches, ZBreachesQuery, ZSupportMetrics, ZSupportMetricsQuery } from "./metrics-schema.js";
import { supportMetrics, supportSlaBreaches } from "./metrics-service.js";

const tags = ["support metrics"];

export async function metricsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    "/api/v1/support/metrics",
    {
      schema: {
        tags,
        description:
          "Support figures (metrics.md §3) over [from, to) (default: the last 30 days), filtered by channel, priority, topic, team and agent (comma-separated lists; team and agent by external id): SLA compliance, first reply time (mean, median, p90; unanswered tickets counted as open), resolution time, FCR, resolution rate, resolution % per agent and team, open cases now, backlog at the period end, volume by channel and hour of week, calls (ASA, AHT, service level, blockage) and support CSAT joined to tickets. `groupBy` adds the same figures per channel, priority, topic, team or agent. Durations in ms.",
        querystring: ZSupportMetricsQuery,
        response: { 200: ZSupportMetrics },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => supportMetrics(db, principal(request).workspaceId, request.query, ctx.now()),
  );

  app.get(
    "/api/v1/support/sla/breaches",
    {
      schema: {
        tags,
        description:
          "The tickets behind the breached SLA figure of the same query (drill-down): tickets created in [from, to) whose first reply (or resolution, `measure`) breached the policy's target, oldest first, `limit` per page with `cursor`.",
        querystring: ZBreachesQuery,
        response: { 200: ZBreaches },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => supportSlaBreaches(db, principal(request).workspaceId, request.query, ctx.now()),
  );
}
