import { LegendComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { useMemo } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { daysBetween } from "../lib/dates.js";
import { type ChartOption, EChart } from "../results/EChart.js";
import { ErrorNotice, Spinner } from "../ui/components.js";
import { labelStart } from "./periods.js";
import { type BusinessQuery, useTrend } from "./queries.js";
import type { Trend } from "./types.js";

echarts.use([LegendComponent]);

const CHURN = "#dc2626";
const CRR = "#2563eb";
const REVENUE = "#d97706";

export type TrendUnit = "month" | "quarter";

/** Months allowed by the API per request; longer periods are shown by quarter. */
const MAX_MONTHS = 60;

/** Customer churn, CRR and revenue churn per month or quarter of the page's period. */
export function ChurnTrendSection({
  query,
  unit,
  onUnit,
}: {
  query: BusinessQuery;
  unit: TrendUnit;
  onUnit: (unit: TrendUnit) => void;
}) {
  const { t } = useI18n();
  const tooLong = daysBetween(query.from, query.to) > MAX_MONTHS * 30;
  const effective: TrendUnit = tooLong ? "quarter" : unit;
  const trend = useTrend(query, effective);
  return (
    <section className="card" data-testid="business-trend">
      <div className="card-head">
        <h2 className="card-title">{t("business.trend")}</h2>
        <fieldset className="segmented segmented-small" aria-label={t("business.trend.unit")}>
          {(["month", "quarter"] as const).map((u) => (
            <button
              key={u}
              type="button"
              className={effective === u ? "active" : ""}
              aria-pressed={effective === u}
              disabled={u === "month" && tooLong}
              onClick={() => onUnit(u)}
              data-testid={`business-trend-${u}`}
            >
              {t(`business.unit.${u}`)}
            </button>
          ))}
        </fieldset>
      </div>
      <p className="muted small">{t("business.trend.hint")}</p>
      {trend.data ? (
        <TrendBody trend={trend.data} stale={trend.isPlaceholderData} />
      ) : trend.error ? (
        <ErrorNotice error={trend.error} onRetry={() => trend.refetch()} />
      ) : (
        <Spinner />
      )}
    </section>
  );
}

function TrendBody({ trend, stale }: { trend: Trend; stale: boolean }) {
  const { t, fmt } = useI18n();
  const points = trend.points;
  const withCustomers = points.some((p) => p.customers.atStart > 0);
  const withMrr = points.some((p) => p.revenueChurn.mrrAtStart > 0);
  const option = useMemo((): ChartOption => {
    const pct = (v: number | null) => (v === null ? null : Number(v.toFixed(2)));
    const hollow = (partial: boolean, color: string) =>
      partial ? { color: "#fff", borderColor: color, borderWidth: 2 } : { color };
    const line = (name: string, color: string, values: (number | null)[], yAxisIndex = 0) => ({
      name,
      type: "line",
      yAxisIndex,
      connectNulls: false,
      // Filled points; a partial period's point is drawn hollow.
      symbol: "circle",
      symbolSize: 7,
      lineStyle: { color, width: 2 },
      itemStyle: { color },
      data: values.map((value, i) => ({ value, itemStyle: hollow(points[i]?.partial ?? false, color) })),
    });
    const labels = points.map((p) => fmt.period(labelStart(p.period), trend.unit, true));
    const percent = (v: number | null) => (v === null ? "—" : `${fmt.number(v, 1)}%`);
    const series = [
      line(
        t("business.trend.churn"),
        CHURN,
        points.map((p) => pct(p.churn.value)),
      ),
      ...(withMrr
        ? [
            line(
              t("business.trend.revenueChurn"),
              REVENUE,
              points.map((p) => pct(p.revenueChurn.gross)),
            ),
          ]
        : []),
      line(
        t("business.trend.crr"),
        CRR,
        points.map((p) => pct(p.retention.value)),
        1,
      ),
    ];
    return {
      animation: false,
      legend: { top: 0, left: 0, icon: "circle", itemWidth: 10, textStyle: { color: "#475569" } },
      grid: { left: 8, right: 8, top: 48, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        formatter: (items: { dataIndex: number }[]) => {
          const p = points[items[0]?.dataIndex ?? 0];
          if (!p) return "";
          const head = `<b>${fmt.period(labelStart(p.period), trend.unit)}</b>${p.partial ? ` (${t("business.trend.partial")})` : ""}`;
          const rows = [
            `${t("business.trend.churn")}: <b>${percent(p.churn.value)}</b> · ${t("business.card.churnDetail", { lost: fmt.int(p.customers.lost), atStart: fmt.int(p.customers.atStart) })}`,
            `${t("business.trend.crr")}: <b>${percent(p.retention.value)}</b> · S ${fmt.int(p.customers.atStart)} · E ${fmt.int(p.customers.atEnd)} · N ${fmt.int(p.customers.acquired)}`,
          ];
          if (withMrr)
            rows.push(
              `${t("business.trend.revenueChurn")}: <b>${percent(p.revenueChurn.gross)}</b> · ${t("business.card.revenueChurnNet", { value: percent(p.revenueChurn.net) })}`,
            );
          if (p.churn.lowSample && p.churn.n > 0)
            rows.push(
              `<span style="color:#b45309">${t("business.trend.lowSample", { n: p.churn.n })}</span>`,
            );
          return [head, ...rows].join("<br/>");
        },
      },
      xAxis: {
        type: "category",
        data: labels,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: "#cbd5e1" } },
        axisLabel: { color: "#475569", hideOverlap: true },
      },
      yAxis: [
        {
          type: "value",
          min: 0,
          name: t("business.trend.lossAxis"),
          nameTextStyle: { color: "#64748b", align: "left" },
          splitLine: { lineStyle: { color: "#eef2f7" } },
          axisLabel: { color: "#64748b", formatter: (v: number) => `${fmt.number(v, 0)}%` },
        },
        {
          type: "value",
          max: 100,
          scale: true,
          name: t("business.trend.crrAxis"),
          nameTextStyle: { color: "#64748b", align: "right" },
          splitLine: { show: false },
          axisLabel: { color: "#64748b", formatter: (v: number) => `${fmt.number(v, 0)}%` },
        },
      ],
      series,
    };
  }, [points, trend.unit, withMrr, t, fmt]);
  if (!withCustomers && !withMrr) return <p className="muted">{t("business.trend.empty")}</p>;
  return (
    <div className={stale ? "stale" : undefined}>
      <EChart option={option} height={300} label={t("business.trend")} />
      {!withMrr && <p className="muted small">{t("business.trend.noMrr")}</p>}
    </div>
  );
}
