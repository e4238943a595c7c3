import type { TMetricResult } from "../analytics/schema.js";
import type { SurveyDefinition, TLanguage, TLocalizedText, TResponse } from "../surveys/schema.js";
import type { Cell } from "./neutralize.js";

type TAnswer = TResponse["answers"][number];

/** Every fixed label of the exports, per language. */
const LABELS = {
  en: {
    responsesSheet: "Responses",
    responseId: "Response ID",
    externalId: "External ID",
    submittedAt: "Submitted at (UTC)",
    channel: "Channel",
    language: "Language",
    status: "Status",
    customer: "Customer ID",
    attribute: "Attribute",
    section: "Section",
    key: "Period / segment",
    value: "Value",
    n: "n",
    ciLow: "95% CI low",
    ciHigh: "95% CI high",
    lowSample: "Low sample",
    period: "Period",
    segment: "Segment",
    total: "Total",
    previous: "Previous period",
    allTime: "all time",
  },
  ru: {
    responsesSheet: "Ответы",
    responseId: "ID ответа",
    externalId: "Внешний ID",
    submittedAt: "Отправлен (UTC)",
    channel: "Канал",
    language: "Язык",
    status: "Статус",
    customer: "ID клиента",
    attribute: "Атрибут",
    section: "Раздел",
    key: "Период / сегмент",
    value: "Значение",
    n: "n",
    ciLow: "95% ДИ, нижняя граница",
    ciHigh: "95% ДИ, верхняя граница",
    lowSample: "Мало ответов",
    period: "Период",
    segment: "Сегмент",
    total: "Итого",
    previous: "Предыдущий период",
    allTime: "всё время",
  },
} satisfies Record<TLanguage, Record<string, string>>;

export const labels = (lang: TLanguage) => LABELS[lang];

/** Survey text in the wanted language, else in the other one. */
export function localized(t: TLocalizedText, lang: TLanguage): string {
  return t[lang] ?? t.ru ?? t.en ?? "";
}

/** A title fit for a header: one line, at most 100 characters. */
function headerText(s: string): string {
  const line = s.replace(/\s+/g, " ").trim();
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

/** A response with its answers by question, prepared once per row. */
interface RowSource {
  response: TResponse;
  answers: Map<string, TAnswer>;
}

export interface Column {
  label: string;
  /** Width in characters for XLSX. */
  width: number;
  value: (row: RowSource) => Cell;
}

/**
 * The wide columns of a responses export: the response's own fields, one column per question (a CLI
 * question one per item, `question.item`), then one per attribute. Headers are in the survey's
 * language and keep the ids in brackets, so a column can be traced to its question.
 */
export function responseColumns(def: SurveyDefinition, attributes: string[], lang: TLanguage): Column[] {
  const L = LABELS[lang];
  const columns: Column[] = [
    { label: L.responseId, width: 38, value: (r) => r.response.id },
    { label: L.externalId, width: 16, value: (r) => r.response.externalId },
    { label: L.submittedAt, width: 20, value: (r) => new Date(r.response.submittedAt) },
    { label: L.channel, width: 10, value: (r) => r.response.channel },
    { label: L.language, width: 8, value: (r) => r.response.language },
    { label: L.status, width: 10, value: (r) => r.response.status },
    { label: L.customer, width: 16, value: (r) => r.response.customerExternalId },
  ];
  for (const q of def.questions) {
    const title = headerText(localized(q.title, lang));
    switch (q.type) {
      case "cli":
        for (const item of q.items)
          columns.push({
            label: `${title}: ${headerText(localized(item.title, lang))} [${q.id}.${item.id}]`,
            width: 14,
            value: (r) => r.answers.get(q.id)?.items?.[item.id] ?? null,
          });
        break;
      case "choice": {
        const names = new Map(q.options.map((o) => [o.id, localized(o.label, lang) || o.id]));
        columns.push({
          label: `${title} [${q.id}]`,
          width: 24,
          value: (r) =>
            r.answers
              .get(q.id)
              ?.choices?.map((c) => names.get(c) ?? c)
              .join("; ") ?? null,
        });
        break;
      }
      case "text":
        columns.push({
          label: `${title} [${q.id}]`,
          width: 50,
          value: (r) => r.answers.get(q.id)?.text ?? null,
        });
        break;
      default:
        columns.push({
          label: `${title} [${q.id}]`,
          width: 12,
          value: (r) => r.answers.get(q.id)?.value ?? null,
        });
    }
  }
  for (const key of attributes)
    columns.push({
      label: `${L.attribute}: ${key}`,
      width: 16,
      value: (r) => r.response.attributes[key] ?? null,
    });
  return columns;
}

/** One response as a row of cells, in the order of the columns. */
export function responseRow(columns: Column[], response: TResponse): Cell[] {
  const row = { response, answers: new Map(response.answers.map((a) => [a.questionId, a])) };
  return columns.map((c) => c.value(row));
}

const range = (from: string | null, to: string | null, allTime: string) =>
  from || to ? `${from ?? ".."}/${to ?? ".."}` : allTime;

/**
 * A metric result as a table: the trend by period, the breakdown by segment, then the total over the
 * whole range and the previous period of equal length. Ranges are ISO 8601 intervals (`from/to`,
 * end exclusive). Numbers are the API's, unrounded.
 */
export function metricTable(
  r: TMetricResult,
  segment: string | undefined,
  lang: TLanguage,
): { header: string[]; rows: Cell[][] } {
  const L = LABELS[lang];
  const point = (p: {
    value: number | null;
    n: number;
    ci: readonly [number, number] | null;
    lowSample: boolean;
  }) => [p.value, p.n, p.ci?.[0] ?? null, p.ci?.[1] ?? null, p.lowSample];
  const rows: Cell[][] = [
    ...r.series.map((s) => [L.period, s.period, ...point(s)]),
    ...r.breakdown.map((b) => [`${L.segment}: ${segment ?? ""}`, b.key, ...point(b)]),
    [L.total, range(r.from, r.to, L.allTime), ...point(r)],
  ];
  if (r.previous)
    rows.push([L.previous, range(r.previous.from, r.previous.to, L.allTime), ...point(r.previous)]);
  return { header: [L.section, L.key, L.value, L.n, L.ciLow, L.ciHigh, L.lowSample], rows };
}
