import { useMemo } from "react";
import type { MetricName, SeriesPoint } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import type { Granularity } from "../lib/dates.js";
import { METRIC_DIGITS, METRIC_RANGE } from "../surveys/metric-info.js";
import { type ChartOption, EChart } from "./EChart.js";

const LINE = "#4f46e5";
const LOW = "#94a3b8";

/** The score per period with its 95% CI as a band; periods with few answers get hollow grey points. */
export function TrendChart({
  series,
  metric,
  unit,
}: {
  series: SeriesPoint[];
  metric: MetricName;
  unit: Granularity;
}) {
  const { t, fmt } = useI18n();
  const digits = METRIC_DIGITS[metric];
  const option = useMemo<ChartOption>(() => {
    const labels = series.map((p) => fmt.period(p.period, unit, true));
    // The interval is drawn within the metric's range (a tiny sample's interval can reach past it).
    const [lo, hi] = METRIC_RANGE[metric];
    const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
    const lower = series.map((p) => (p.ci ? clamp(p.ci[0]) : null));
    const band = series.map((p) => (p.ci ? clamp(p.ci[1]) - clamp(p.ci[0]) : null));
    const axis = niceAxis(
      series.flatMap((p) => [p.value, p.ci ? clamp(p.ci[0]) : null, p.ci ? clamp(p.ci[1]) : null]),
      lo,
      hi,
    );
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "line", lineStyle: { color: "#cbd5e1" } },
        formatter: (items: { dataIndex: number }[]) => {
          const i = items[0]?.dataIndex ?? 0;
          const p = series[i];
          if (!p) return "";
          const head = `<b>${fmt.period(p.period, unit)}</b>`;
          if (p.value === null) return `${head}<br/>${t("chart.noAnswers")}`;
          const ci = p.ci
            ? `<br/>${t("score.ci")}: ${fmt.number(p.ci[0], digits)} … ${fmt.number(p.ci[1], digits)}`
            : "";
          const low = p.lowSample ? `<br/><span style="color:#b45309">${t("chart.lowSample")}</span>` : "";
          return `${head}<br/>${t("chart.value")}: <b>${fmt.number(p.value, digits)}</b>${ci}<br/>n = ${fmt.int(p.n)}${low}`;
        },
      },
      xAxis: {
        type: "category",
        data: labels,
        boundaryGap: false,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: "#cbd5e1" } },
        axisLabel: { color: "#475569", hideOverlap: true },
      },
      yAxis: {
        type: "value",
        scale: true,
        ...axis,
        splitLine: { lineStyle: { color: "#eef2f7" } },
        axisLabel: {
          color: "#64748b",
          formatter: (v: number) => fmt.number(v, metric === "nps" || metric === "csat" ? 0 : 1),
        },
      },
      series: [
        {
          name: "ci-lower",
          type: "line",
          data: lower,
          stack: "ci",
          // The band sits on the lower bound even when that is negative (NPS).
          stackStrategy: "all",
          symbol: "none",
          lineStyle: { opacity: 0 },
          silent: true,
          tooltip: { show: false },
        },
        {
          name: "ci",
          type: "line",
          data: band,
          stack: "ci",
          stackStrategy: "all",
          symbol: "none",
          lineStyle: { opacity: 0 },
          areaStyle: { color: LINE, opacity: 0.12 },
          silent: true,
        },
        {
          name: "value",
          type: "line",
          data: series.map((p) => ({
            value: p.value,
            symbol: "circle",
            symbolSize: p.lowSample ? 9 : 7,
            itemStyle: p.lowSample
              ? { color: "#fff", borderColor: LOW, borderWidth: 2, borderType: "solid" }
              : { color: LINE, borderColor: "#fff", borderWidth: 1.5 },
          })),
          lineStyle: { color: LINE, width: 2.2 },
          connectNulls: false,
          z: 3,
        },
      ],
    };
  }, [series, unit, metric, digits, t, fmt]);
  return <EChart option={option} height={300} label={t("results.trend")} />;
}

/**
 * Axis bounds on multiples of a round step (1, 2, 2.5 or 5 × 10ⁿ, about five intervals) within the
 * metric's range, so every tick label is a round number and none crowds the bottom one.
 */
export function niceAxis(
  values: (number | null)[],
  lo: number,
  hi: number,
): { min?: number; max?: number; interval?: number } {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!present.length) return {};
  const a = Math.min(...present);
  const b = Math.max(...present);
  const raw = Math.max(b - a, (hi - lo) / 50) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const min = Math.max(lo, Math.floor(a / step) * step);
  const max = Math.min(hi, Math.ceil(b / step) * step);
  return min < max ? { min, max, interval: step } : {};
}
