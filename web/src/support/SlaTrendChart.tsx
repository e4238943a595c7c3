import { useMemo } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { type ChartOption, EChart } from "../results/EChart.js";
import type { SupportMetrics } from "./types.js";

type Trend = NonNullable<SupportMetrics["sla"]["trend"]>;

/** First-reply SLA % per day (week, month) of creation, with the tickets under a target as bars. */
export function SlaTrendChart({ trend }: { trend: Trend }) {
  const { t, fmt } = useI18n();
  const option = useMemo((): ChartOption => {
    const labels = trend.points.map((p) => p.start);
    return {
      tooltip: {
        trigger: "axis",
        formatter: (items: { dataIndex: number }[]) => {
          const p = trend.points[items[0]?.dataIndex ?? 0];
          if (!p) return "";
          return t("support.trend.tooltip", {
            start: p.start,
            value: p.value == null ? "—" : `${fmt.number(p.value, 1)}%`,
            met: fmt.int(p.met),
            breached: fmt.int(p.breached),
          });
        },
      },
      grid: { left: 48, right: 48, top: 16, bottom: 32 },
      xAxis: { type: "category", data: labels },
      yAxis: [
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        { type: "value", splitLine: { show: false } },
      ],
      series: [
        {
          type: "bar",
          yAxisIndex: 1,
          data: trend.points.map((p) => p.met + p.breached),
          itemStyle: { color: "#e2e8f0" },
        },
        {
          type: "line",
          data: trend.points.map((p) => (p.value == null ? null : Number(p.value.toFixed(1)))),
          connectNulls: false,
          itemStyle: { color: "#4f46e5" },
        },
      ],
    };
  }, [trend, t, fmt]);
  return <EChart option={option} height={260} label={t("support.trend")} />;
}
