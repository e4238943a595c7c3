import { z } from "zod";
import { csvStream } from "../exports/csv.js";
import { attachment } from "../exports/filename.js";
import { xlsxStream } from "../exports/xlsx.js";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { businessChartRoutes } from "./chart-routes.js";
import { allClvCustomers, clvCustomers, fitClv, getClvFit } from "./clv-service.js";
import { cohorts } from "./cohorts-service.js";
import { engagementMetrics } from "./engagement-service.js";
import { feedbackValue } from "./feedback-value.js";
import { businessMetrics } from "./metrics-service.js";
import {
  ZBusinessScope,
  ZClvCustomer,
  ZClvFit,
  ZClvFitInput,
  ZCohortQuery,
  ZCohortResult,
  ZEngagementQuery,
  ZEngagementResult,
  ZFeedbackValueResult,
  ZMetricsQuery,
  ZMetricsResult,
} from "./schema.js";
import {
  getBusinessSettings,
  updateBusinessSettings,
  ZBusinessSettings,
  ZBusinessSettingsPatch,
} from "./settings.js";

const tags = ["business"];

const CLV_COLUMNS = [
  "external_id",
  "name",
  "frequency",
  "recency_weeks",
  "age_weeks",
  "monetary",
  "probability_alive",
  "expected_purchases",
  "expected_spend",
  "clv",
];

export async function businessRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  await businessChartRoutes(app, ctx);

  app.get(
    "/api/v1/business/metrics",
    {
      schema: {
        tags,
        description:
          "Business metrics over [from, to) (default: the last twelve months; dates are local days of the workspace): customer churn and CRR under the workspace's lost definition, revenue churn gross and net, ARPU, RPR, repurchase and upselling ratios, referral rate, CRC, CAC and formula CLV with its inputs; the previous period and the significance of rate changes; a breakdown by a customer attribute (`segment`). `filter`/`segmentId` narrow the customers.",
        querystring: ZMetricsQuery,
        response: { 200: ZMetricsResult },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => businessMetrics(db, principal(request).workspaceId, request.query, ctx.now()),
  );

  app.get(
    "/api/v1/business/cohorts",
    {
      schema: {
        tags,
        description:
          "Cohort retention triangle: customers grouped by the week, month or quarter of their first purchase (or first subscription when lost = subscription ended) in [from, to), and the share active k periods later, with the pooled curve.",
        querystring: ZCohortQuery,
        response: { 200: ZCohortResult },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => cohorts(db, principal(request).workspaceId, request.query, ctx.now()),
  );

  app.get(
    "/api/v1/business/engagement",
    {
      schema: {
        tags,
        description:
          "Engagement from usage events: activity time (seconds per active user) and visit frequency (sessions per active user) per day, week or month, and the share of active users performing each core action. A session is a usage event with a duration.",
        querystring: ZEngagementQuery,
        response: { 200: ZEngagementResult },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => engagementMetrics(db, principal(request).workspaceId, request.query, ctx.now()),
  );

  app.get(
    "/api/v1/business/feedback-value",
    {
      schema: {
        tags,
        description:
          "Revenue, churn and predicted CLV of promoters, passives and detractors (by each customer's latest NPS answer before `to`), detractors' vs promoters' churn with its significance, and the revenue at risk: trailing-year revenue of current detractors.",
        querystring: ZBusinessScope,
        response: { 200: ZFeedbackValueResult },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => feedbackValue(db, principal(request).workspaceId, request.query, ctx.now()),
  );

  app.get(
    "/api/v1/business/settings",
    {
      schema: {
        tags,
        description: "The workspace's business settings.",
        response: { 200: ZBusinessSettings },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => getBusinessSettings(db, principal(request).workspaceId),
  );

  app.patch(
    "/api/v1/business/settings",
    {
      schema: {
        tags,
        description:
          'Changes the business settings: `lost` ({ "kind": "subscriptionEnded" } or { "kind": "noPurchaseFor", "days": 90 }), `upsellBy`, `coreActions`, given CLV inputs (null = derive), and the predictive CLV horizon and discount rate.',
        body: ZBusinessSettingsPatch,
        response: { 200: ZBusinessSettings },
      },
      preHandler: requireScope("customers:write"),
    },
    async (request) => updateBusinessSettings(db, principal(request).workspaceId, request.body, ctx.now()),
  );

  app.post(
    "/api/v1/clv/fit",
    {
      schema: {
        tags,
        description:
          "Fits BG/NBD (purchases) and Gamma-Gamma (spend) by maximum likelihood on every customer's orders up to `calibrationEnd` (default today; same-day purchases are one, time in weeks), and stores P(alive), expected purchases and discounted CLV per customer over the horizon. Returns the parameters, log-likelihoods, convergence and totals.",
        body: ZClvFitInput.default({}),
        response: { 201: ZClvFit },
      },
      preHandler: requireScope("customers:write"),
    },
    async (request, reply) =>
      reply.status(201).send(await fitClv(db, principal(request).workspaceId, request.body, ctx.now())),
  );

  app.get(
    "/api/v1/clv/fit",
    {
      schema: { tags, description: "The latest predictive CLV fit.", response: { 200: ZClvFit } },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => getClvFit(db, principal(request).workspaceId),
  );

  app.get(
    "/api/v1/clv/customers",
    {
      schema: {
        tags,
        description:
          "Per-customer predictions of the latest fit, highest first by `sort`, `limit` at a time from `offset`. GET /api/v1/clv/customers.csv downloads them all.",
        querystring: z.object({
          sort: z.enum(["clv", "probabilityAlive", "expectedPurchases"]).default("clv"),
          offset: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({ fit: ZClvFit, total: z.number(), items: z.array(ZClvCustomer) }),
        },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => clvCustomers(db, principal(request).workspaceId, request.query),
  );

  // The per-customer table as a download, CSV or XLSX, through the streaming writers of exports (cells
  // starting with = + - @ are neutralized there, so a spreadsheet does not run a customer's name).
  for (const format of ["csv", "xlsx"] as const) {
    app.get(
      `/api/v1/clv/customers.${format}`,
      {
        schema: {
          tags,
          description: `Every customer's predictions of the latest fit as ${format === "csv" ? "a CSV (UTF-8 with BOM)" : "an XLSX workbook"} download, highest CLV first; recency and age in weeks.`,
        },
        preHandler: requireScope("metrics:read"),
      },
      async (request, reply) => {
        const { workspaceId } = principal(request);
        const fit = await getClvFit(db, workspaceId);
        async function* pages() {
          for await (const items of allClvCustomers(db, workspaceId, fit.id)) {
            yield items.map((c) => [
              c.externalId,
              c.name,
              c.frequency,
              c.recency,
              c.age,
              c.monetary,
              c.probabilityAlive,
              c.expectedPurchases,
              c.expectedSpend,
              c.clv,
            ]);
          }
        }
        return reply
          .header(
            "content-type",
            format === "csv"
              ? "text/csv; charset=utf-8"
              : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          )
          .header("content-disposition", attachment(`clv-${fit.calibrationEnd}`, format))
          .header("cache-control", "no-store")
          .header("x-content-type-options", "nosniff")
          .send(
            format === "csv"
              ? csvStream(CLV_COLUMNS, pages())
              : xlsxStream({ name: "CLV", header: CLV_COLUMNS, pages: pages() }),
          );
      },
    );
  }
}
