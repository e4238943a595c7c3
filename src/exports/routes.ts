import type { FastifyReply } from "fastify";
import { principal, requireScope } from "../http/auth-hooks.js";
import type { App, AppContext } from "../http/context.js";
import { csvStream } from "./csv.js";
import { attachment } from "./filename.js";
import {
  type TExportFormat,
  ZMetricExportParams,
  ZMetricExportQuery,
  ZResponsesExportParams,
  ZResponsesExportQuery,
} from "./schema.js";
import { type ExportTable, metricExport, responsesExport } from "./service.js";
import { xlsxStream } from "./xlsx.js";

const tags = ["exports"];

const CONTENT_TYPE: Record<TExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Streams the table as a download; the writers pull rows only as fast as the client reads. */
function sendTable(reply: FastifyReply, format: TExportFormat, table: ExportTable, now: Date) {
  const body =
    format === "csv"
      ? csvStream(table.header, table.pages)
      : xlsxStream(
          { name: table.sheetName, header: table.header, widths: table.widths, pages: table.pages },
          { now },
        );
  return reply
    .header("content-type", CONTENT_TYPE[format])
    .header("content-disposition", attachment(table.fileStem, format))
    .header("cache-control", "no-store")
    .header("x-content-type-options", "nosniff")
    .send(body);
}

export async function exportRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    "/api/v1/exports/responses.:format",
    {
      schema: {
        tags,
        description:
          "A survey's responses as a CSV (UTF-8 with BOM) or XLSX download, streamed: one row per response, newest first; columns for the response's fields, each question (a CLI question per item) and each attribute. Takes the filters of GET /api/v1/responses. Text that a spreadsheet would run as a formula is prefixed with an apostrophe.",
        params: ZResponsesExportParams,
        querystring: ZResponsesExportQuery,
      },
      preHandler: requireScope("responses:read"),
    },
    async (request, reply) => {
      const now = ctx.now();
      const table = await responsesExport(db, principal(request).workspaceId, request.query, now);
      return sendTable(reply, request.params.format, table, now);
    },
  );

  app.get(
    "/api/v1/exports/metrics/:metric.:format",
    {
      schema: {
        tags,
        description:
          "GET /api/v1/metrics/:metric as a CSV or XLSX table: a row per period (groupBy) and per segment, then the total and the previous period, each with value, n, 95% CI and the low-sample flag.",
        params: ZMetricExportParams,
        querystring: ZMetricExportQuery,
      },
      preHandler: requireScope("metrics:read"),
    },
    async (request, reply) => {
      const now = ctx.now();
      const { metric, format } = request.params;
      const table = await metricExport(db, principal(request).workspaceId, metric, request.query, now);
      return sendTable(reply, format, table, now);
    },
  );
}
