import { z } from "zod";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { listSurveys } from "../surveys/service.js";
import {
  ZCompareQuery,
  ZCompareResult,
  ZMetricName,
  ZMetricQuery,
  ZMetricResult,
  ZPortfolioQuery,
  ZPortfolioResult,
} from "./schema.js";
import {
  compareMetric,
  computeMetric,
  listAttributeNames,
  metricPortfolio,
  primaryMetric,
} from "./service.js";

const tags = ["metrics"];

export async function analyticsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    "/api/v1/metrics/:metric",
    {
      schema: {
        tags,
        description:
          "A feedback metric (metrics.md §1) with n, 95% CI, the previous period of equal length and its significance, a trend by period (workspace time zone) and a breakdown by a segment.",
        params: z.object({ metric: ZMetricName }),
        querystring: ZMetricQuery,
        response: { 200: ZMetricResult },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) =>
      computeMetric(db, principal(request).workspaceId, request.params.metric, request.query),
  );

  app.get(
    "/api/v1/metrics/:metric/compare",
    {
      schema: {
        tags,
        description:
          "Two scores side by side and whether their difference (b − a) is significant: before/after `splitAt`, or segment `a` vs segment `b` (filters or saved segments).",
        params: z.object({ metric: ZMetricName }),
        querystring: ZCompareQuery,
        response: { 200: ZCompareResult },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) =>
      compareMetric(db, principal(request).workspaceId, request.params.metric, request.query),
  );

  app.get(
    "/api/v1/metrics/portfolio",
    {
      schema: {
        tags,
        description:
          "Every requested metric per value of `by` (a customer type, plan, country…): score cards per segment.",
        querystring: ZPortfolioQuery,
        response: { 200: ZPortfolioResult },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => metricPortfolio(db, principal(request).workspaceId, request.query),
  );

  app.get(
    "/api/v1/metrics/attributes",
    {
      schema: {
        tags,
        description:
          "Attribute names on the latest answers (of a survey) and their customers' profiles, most common first: what `segment` and filters can use.",
        querystring: z.object({ surveyId: z.string().uuid().optional() }),
        response: { 200: z.object({ items: z.array(z.object({ key: z.string(), n: z.number() })) }) },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => ({
      items: await listAttributeNames(db, principal(request).workspaceId, request.query.surveyId),
    }),
  );

  app.get(
    "/api/v1/metrics/overview",
    {
      schema: {
        tags,
        description:
          "Every active survey's headline score over [from, to) with a monthly trend (for the surveys list).",
        querystring: ZMetricQuery.pick({ from: true, to: true }).required(),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                surveyId: z.string(),
                metric: ZMetricName.nullable(),
                result: ZMetricResult.nullable(),
              }),
            ),
          }),
        },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => {
      const { workspaceId } = principal(request);
      const surveys = await listSurveys(db, workspaceId);
      const items = [];
      for (const s of surveys) {
        const primary = primaryMetric(s.definition.questions);
        const result = primary
          ? await computeMetric(db, workspaceId, primary.metric, {
              surveyId: s.id,
              questionId: primary.questionId,
              from: request.query.from,
              to: request.query.to,
              groupBy: "month",
              top: 20,
            })
          : null;
        items.push({ surveyId: s.id, metric: primary?.metric ?? null, result });
      }
      return { items };
    },
  );
}
