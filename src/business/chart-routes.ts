/** Series behind the business dashboard's charts: the churn/retention trend and the CLV histogram. */
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { ZClvDistribution, ZClvDistributionQuery, ZTrendQuery, ZTrendResult } from "./chart-schema.js";
import { clvDistribution } from "./clv-distribution.js";
import { churnTrend } from "./trend-service.js";

const tags = ["business"];

export async function businessChartRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    "/api/v1/business/trend",
    {
      schema: {
        tags,
        description:
          "Customer churn, CRR and revenue churn (gross and net, from MRR) per local month or quarter of [from, to) (default: the last twelve months), the first and last periods clipped to the range and marked partial; at most 60 periods. Each point is the score card of its period.",
        querystring: ZTrendQuery,
        response: { 200: ZTrendResult },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => churnTrend(db, principal(request).workspaceId, request.query, ctx.now()),
  );

  app.get(
    "/api/v1/clv/distribution",
    {
      schema: {
        tags,
        description:
          "Histogram of the latest fit's predicted CLV per customer: `bins` bins of a round width up to the 99th percentile and one open-ended bin for the rest, with count, total, mean, median, 90th and 99th percentiles. 404 before the first fit.",
        querystring: ZClvDistributionQuery,
        response: { 200: ZClvDistribution },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => clvDistribution(db, principal(request).workspaceId, request.query),
  );
}
