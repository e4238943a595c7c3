import type { MetricName } from "../analytics/score.js";
import { computeMetric } from "../analytics/service.js";
import type { Db } from "../db/connection.js";
import { responseFilterOf } from "../surveys/responses-query.js";
import { listResponses } from "../surveys/responses-service.js";
import { attributeKeys } from "../surveys/responses-store.js";
import { getSurvey } from "../surveys/service.js";
import { labels, metricTable, responseColumns, responseRow } from "./columns.js";
import type { Cell } from "./neutralize.js";
import type { TMetricExportQuery, TResponsesExportQuery } from "./schema.js";

/** Responses read per database round trip: big enough to be quick, small enough to keep memory flat. */
export const PAGE_SIZE = 2000;

/** A table ready for a writer: the header now, the rows as they are read. */
export interface ExportTable {
  /** The download's file name without extension. */
  fileStem: string;
  sheetName: string;
  header: string[];
  widths: number[];
  pages: AsyncIterable<Cell[][]>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A survey's responses as one wide row each, newest first, with the filters of GET
 * /api/v1/responses. Everything that can fail on the request (unknown survey → 404, bad filter → 400)
 * fails here, before the first byte is sent; the rows are then read page by page (keyset, so each
 * page costs the same) only as the writer asks for them, and no transaction is held across pages.
 */
export async function responsesExport(
  db: Db,
  workspaceId: string,
  q: TResponsesExportQuery,
  now: Date,
): Promise<ExportTable> {
  const survey = await getSurvey(db, workspaceId, q.surveyId);
  const lang = q.lang ?? survey.definition.defaultLanguage;
  const filter = await responseFilterOf(db, workspaceId, q);
  const keys = await attributeKeys(db, workspaceId, filter);
  const columns = responseColumns(survey.definition, keys, lang);

  async function* pages(): AsyncGenerator<Cell[][]> {
    let cursor: string | undefined;
    do {
      const page = await listResponses(db, workspaceId, { ...filter, cursor, limit: PAGE_SIZE });
      yield page.items.map((r) => responseRow(columns, r));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  return {
    fileStem: `${survey.name}-responses-${day(now)}`,
    sheetName: labels(lang).responsesSheet,
    header: columns.map((c) => c.label),
    widths: columns.map((c) => c.width),
    pages: pages(),
  };
}

/** A metric's table (GET /api/v1/metrics/:metric as rows): trend, breakdown, total, previous period. */
export async function metricExport(
  db: Db,
  workspaceId: string,
  metric: MetricName,
  q: TMetricExportQuery,
  now: Date,
): Promise<ExportTable> {
  const { lang: wanted, ...query } = q;
  const survey = q.surveyId ? await getSurvey(db, workspaceId, q.surveyId) : null;
  const result = await computeMetric(db, workspaceId, metric, query);
  const lang = wanted ?? survey?.definition.defaultLanguage ?? "en";
  const { header, rows } = metricTable(result, q.segment, lang);
  async function* pages() {
    yield rows;
  }
  return {
    fileStem: `${survey?.name ?? "workspace"}-${metric}-${day(now)}`,
    sheetName: metric.toUpperCase(),
    header,
    widths: [18, 24, 10, 8, 12, 12, 10],
    pages: pages(),
  };
}
