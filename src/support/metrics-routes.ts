import type { FastifyReply } from "fastify";
import { z } from "zod";
import { csvStream } from "../exports/csv.js";
import { attachment } from "../exports/filename.js";
import { type TExportFormat, ZExportFormat } from "../exports/schema.js";
import { xlsxStream } from "../exports/xlsx.js";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { supportMetricsCompared } from "./comparison.js";
import { type SupportTable, supportBreachesExport, supportFiguresExport } from "./export-service.js";
import {
  ZBreaches,
  ZBreachesQuery,
  ZSupportMetricsCompared,
  ZSupportMetricsQuery,
} from "./metrics-schema.js";
import { supportSlaBreaches } from "./metrics-service.js";

const tags = ["support metrics"];
const ZFormat = z.object({ format: ZExportFormat });

const CONTENT_TYPE: Record<TExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Streams a table with the export writers (formula-like cells neutralized) as a download. */
function sendTable(reply: FastifyReply, format: TExportFormat, table: SupportTable, now: Date) {
  const body =
    format === "csv"
      ? csvStream(table.header, table.pages)
      : xlsxStream({ name: table.sheetName, header: table.header, pages: table.pages }, { now });
  return reply
    .header("content-type", CONTENT_TYPE[format])
    .header("content-disposition", attachment(table.fileStem, format))
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .send(body);
}

export async function metricsRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    "/api/v1/support/metrics",
    {
      schema: {
        tags,
        description:
          "Support figures (metrics.md §3) over [from, to) (default: the last 30 days), filtered by channel, priority, topic, team and agent (comma-separated lists; team and agent by external id): SLA compliance, first reply time (mean, median, p90; unanswered tickets counted as open), resolution time, FCR, resolution rate, resolution % per agent and team, open cases now, backlog at the period end, volume by channel and hour of week, calls (ASA, AHT, service level, blockage) and support CSAT joined to tickets. `groupBy` adds the same figures per channel, priority, topic, team or agent. `comparison` states each card's change against the previous period of equal length with its test: the two-proportion z test for shares (SLA, FCR, resolution rate, CSAT, service level, abandonment, blockage), Welch's t for mean first reply, resolution time, ASA and AHT; never significant when either side has fewer than 30 cases. Durations in ms.",
        querystring: ZSupportMetricsQuery,
        response: { 200: ZSupportMetricsCompared },
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request) => supportMetricsCompared(db, principal(request).workspaceId, request.query, ctx.now()),
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

  app.get(
    "/api/v1/support/exports/metrics.:format",
    {
      schema: {
        tags,
        description:
          "The figures of GET /api/v1/support/metrics (same query) as a CSV or XLSX table: one row per figure with unit, value, n and 95% interval (durations in minutes), then per group when `groupBy` is given.",
        params: ZFormat,
        querystring: ZSupportMetricsQuery,
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request, reply) => {
      const now = ctx.now();
      const table = await supportFiguresExport(db, principal(request).workspaceId, request.query, now);
      return sendTable(reply, request.params.format, table, now);
    },
  );

  app.get(
    "/api/v1/support/exports/breaches.:format",
    {
      schema: {
        tags,
        description:
          "Every ticket of the SLA drill-down (GET /api/v1/support/sla/breaches, same query) as a CSV or XLSX table, oldest first.",
        params: ZFormat,
        querystring: ZBreachesQuery.omit({ cursor: true, limit: true }),
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request, reply) => {
      const now = ctx.now();
      const table = await supportBreachesExport(db, principal(request).workspaceId, request.query, now);
      return sendTable(reply, request.params.format, table, now);
    },
  );
}
