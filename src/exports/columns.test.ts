import { describe, expect, it } from "vitest";
import type { TMetricResult } from "../analytics/schema.js";
import { type SurveyDefinition, type TResponse, ZSurveyDefinition } from "../surveys/schema.js";
import { metricTable, responseColumns, responseRow } from "./columns.js";

const definition: SurveyDefinition = ZSurveyDefinition.parse({
  languages: ["ru", "en"],
  defaultLanguage: "ru",
  thankYou: { title: { ru: "Спасибо" } },
  questions: [
    { id: "nps", type: "nps", title: { ru: "Порекомендуете\nнас?", en: "Recommend us?" } },
    {
      id: "reasons",
      type: "choice",
      multiple: true,
      title: { ru: "Что важно?", en: "What matters?" },
      options: [
        { id: "price", label: { ru: "Цена", en: "Price" } },
        { id: "speed", label: { en: "Speed" } },
      ],
    },
    { id: "why", type: "text", title: { en: "Why?" } },
    {
      id: "cli",
      type: "cli",
      title: { ru: "Лояльность" },
      items: [
        { id: "buy", title: { ru: "Купите снова?" } },
        { id: "more", title: { ru: "Купите больше?" } },
      ],
    },
  ],
});

const response: TResponse = {
  id: "0190-r1",
  externalId: "ext-1",
  surveyId: "s",
  customerId: "c",
  customerExternalId: "crm-1",
  channel: "email",
  language: "ru",
  status: "complete",
  attributes: { country: "Россия", delta: -5, vip: true },
  submittedAt: "2026-03-01T10:00:00.000Z",
  answers: [
    { questionId: "nps", type: "nps", value: 3, choices: null, text: null, items: null },
    {
      questionId: "reasons",
      type: "choice",
      value: null,
      choices: ["price", "speed", "gone"],
      text: null,
      items: null,
    },
    { questionId: "why", type: "text", value: null, choices: null, text: "=1+1", items: null },
    { questionId: "cli", type: "cli", value: 1.5, choices: null, text: null, items: { buy: 1, more: 2 } },
  ],
};

describe("responses export columns", () => {
  it("labels columns in the survey's language with ids kept", () => {
    const columns = responseColumns(definition, ["country", "delta", "vip"], "ru");
    expect(columns.map((c) => c.label)).toEqual([
      "ID ответа",
      "Внешний ID",
      "Отправлен (UTC)",
      "Канал",
      "Язык",
      "Статус",
      "ID клиента",
      "Порекомендуете нас? [nps]",
      "Что важно? [reasons]",
      "Why? [why]",
      "Лояльность: Купите снова? [cli.buy]",
      "Лояльность: Купите больше? [cli.more]",
      "Атрибут: country",
      "Атрибут: delta",
      "Атрибут: vip",
    ]);
    expect(responseColumns(definition, [], "en")[7]?.label).toBe("Recommend us? [nps]");
  });

  it("maps a response to typed cells; choices become labels, unknown options stay ids", () => {
    const columns = responseColumns(definition, ["country", "delta", "vip", "missing"], "ru");
    expect(responseRow(columns, response)).toEqual([
      "0190-r1",
      "ext-1",
      new Date("2026-03-01T10:00:00.000Z"),
      "email",
      "ru",
      "complete",
      "crm-1",
      3,
      "Цена; Speed; gone",
      "=1+1",
      1,
      2,
      "Россия",
      -5,
      true,
      null,
    ]);
  });

  it("leaves unanswered questions empty", () => {
    const columns = responseColumns(definition, [], "en");
    expect(responseRow(columns, { ...response, answers: [] }).slice(7)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("metric export table", () => {
  const point = { value: 20, n: 40, ci: [5, 35] as const, lowSample: false };
  const result: TMetricResult = {
    metric: "nps",
    surveyId: "s",
    questionId: "nps",
    from: "2026-01-01T00:00:00.000Z",
    to: "2026-03-01T00:00:00.000Z",
    lowerIsBetter: false,
    source: "rollup",
    ...point,
    detail: {},
    previous: {
      value: null,
      n: 0,
      ci: null,
      lowSample: true,
      from: "2025-11-01T00:00:00.000Z",
      to: "2026-01-01T00:00:00.000Z",
      diff: null,
      z: null,
      pValue: null,
      significant: false,
    },
    series: [
      { period: "2026-01", value: 10, n: 20, ci: [-10, 30], lowSample: true },
      { period: "2026-02", value: 30, n: 20, ci: [10, 50], lowSample: true },
    ],
    breakdown: [{ key: "DE", value: -100, n: 1, ci: null, lowSample: true, detail: {} }],
  };

  it("has a row per period and segment, then the total and the previous period", () => {
    expect(metricTable(result, "country", "en")).toEqual({
      header: ["Section", "Period / segment", "Value", "n", "95% CI low", "95% CI high", "Low sample"],
      rows: [
        ["Period", "2026-01", 10, 20, -10, 30, true],
        ["Period", "2026-02", 30, 20, 10, 50, true],
        ["Segment: country", "DE", -100, 1, null, null, true],
        ["Total", "2026-01-01T00:00:00.000Z/2026-03-01T00:00:00.000Z", 20, 40, 5, 35, false],
        ["Previous period", "2025-11-01T00:00:00.000Z/2026-01-01T00:00:00.000Z", null, 0, null, null, true],
      ],
    });
  });

  it("names an unbounded total 'all time'", () => {
    const open = { ...result, from: null, to: null, previous: null, series: [], breakdown: [] };
    expect(metricTable(open, undefined, "ru").rows).toEqual([["Итого", "всё время", 20, 40, 5, 35, false]]);
  });
});
