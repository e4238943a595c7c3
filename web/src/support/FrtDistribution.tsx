import { useMemo } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { type ChartOption, EChart } from "../results/EChart.js";
import type { SupportMetrics } from "./types.js";

type Buckets = SupportMetrics["tickets"]["firstReplyDistribution"];

/** A bound in minutes or hours, as the bucket labels read ("15 min", "4 h"). */
function bound(ms: number, t: ReturnType<typeof useI18n>["t"]) {
  const minutes = ms / 60_000;
  return minutes < 60 ? t("support.dist.min", { n: minutes }) : t("support.dist.h", { n: minutes / 60 });
}

/** How many first replies came within each time band (tickets created in the period). */
export function FrtDistribution({ buckets }: { buckets: Buckets }) {
  const { t, fmt } = useI18n();
  const option = useMemo((): ChartOption => {
    const labels = buckets.map((b, i) => {
      const prev = buckets[i - 1]?.upToMs;
      if (b.upToMs == null) return t("support.dist.over", { bound: bound(prev ?? 0, t) });
      return prev == null
        ? t("support.dist.under", { bound: bound(b.upToMs, t) })
        : `${bound(prev, t)}–${bound(b.upToMs, t)}`;
    });
    return {
      tooltip: {
        trigger: "axis",
        formatter: (items: { dataIndex: number }[]) => {
          const i = items[0]?.dataIndex ?? 0;
          return `${labels[i] ?? ""}: ${fmt.int(buckets[i]?.count ?? 0)}`;
        },
      },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: buckets.map((b) => b.count), itemStyle: { color: "#6366f1" } }],
    };
  }, [buckets, t, fmt]);
  return <EChart option={option} height={260} label={t("support.dist")} />;
}
