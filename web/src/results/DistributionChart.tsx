import { useMemo } from "react";
import type { MetricResult, TQuestion } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { type ChartOption, EChart } from "./EChart.js";
import { colorOf, scalePoints } from "./groups.js";

interface Bucket {
  score: number;
  count: number;
}

function bucketsOf(result: MetricResult): Bucket[] {
  const raw = result.detail.distribution;
  if (!Array.isArray(raw)) return [];
  return raw
    .map((b) => ({ score: Number((b as Bucket).score), count: Number((b as Bucket).count) }))
    .filter((b) => Number.isFinite(b.score) && Number.isFinite(b.count));
}

/** Answers per scale point, each bar colored by its score group. */
export function DistributionChart({ result, question }: { result: MetricResult; question: TQuestion }) {
  const { t, fmt } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const buckets = bucketsOf(result);
    const counts = new Map(buckets.map((b) => [b.score, b.count]));
    const points = scalePoints(question) ?? buckets.map((b) => b.score);
    const total = buckets.reduce((a, b) => a + b.count, 0) || 1;
    const digits = points.every(Number.isInteger) ? 0 : 2;
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 24, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: (p: { dataIndex: number }) => {
          const score = points[p.dataIndex] ?? 0;
          const count = counts.get(score) ?? 0;
          return `${t("chart.score")}: <b>${fmt.number(score, digits)}</b><br/>${t("chart.answers")}: ${fmt.int(count)} (${fmt.percent(count / total, 1)})`;
        },
      },
      xAxis: {
        type: "category",
        data: points.map((p) => fmt.number(p, digits)),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: "#cbd5e1" } },
        axisLabel: { color: "#475569" },
      },
      yAxis: {
        type: "value",
        splitLine: { lineStyle: { color: "#eef2f7" } },
        axisLabel: { color: "#64748b", formatter: (v: number) => fmt.int(v) },
      },
      series: [
        {
          type: "bar",
          barMaxWidth: 48,
          data: points.map((p) => ({
            value: counts.get(p) ?? 0,
            itemStyle: { color: colorOf(question, p), borderRadius: [3, 3, 0, 0] },
          })),
          label: {
            show: points.length <= 12,
            position: "top",
            color: "#64748b",
            fontSize: 11,
            formatter: (p: { value: number }) => (p.value ? fmt.percent(p.value / total) : ""),
          },
        },
      ],
    };
  }, [result, question, t, fmt]);
  return <EChart option={option} height={320} label={t("results.distribution")} />;
}
