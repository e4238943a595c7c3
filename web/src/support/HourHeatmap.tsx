import { HeatmapChart } from "echarts/charts";
import { VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { useMemo } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { type ChartOption, EChart } from "../results/EChart.js";
import { weekdayNames } from "./format.js";

echarts.use([HeatmapChart, VisualMapComponent]);

/** Tickets created per local weekday (rows, Monday on top) and hour (columns). */
export function HourHeatmap({ matrix }: { matrix: number[][] }) {
  const { t, lang } = useI18n();
  const option = useMemo((): ChartOption => {
    const days = weekdayNames(lang);
    const data = matrix.flatMap((row, d) => row.map((count, h) => [h, d, count]));
    const max = Math.max(1, ...matrix.flat());
    return {
      tooltip: {
        formatter: (p: { value: [number, number, number] }) =>
          t("support.heatmap.tooltip", { day: days[p.value[1]] ?? "", hour: p.value[0], count: p.value[2] }),
      },
      grid: { left: 48, right: 16, top: 8, bottom: 64 },
      xAxis: {
        type: "category",
        data: Array.from({ length: 24 }, (_, h) => String(h)),
        splitArea: { show: true },
      },
      yAxis: { type: "category", data: days, inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        itemHeight: 160,
        inRange: { color: ["#f8fafc", "#c7d2fe", "#6366f1", "#312e81"] },
      },
      series: [
        { type: "heatmap", data, emphasis: { itemStyle: { borderColor: "#0f172a", borderWidth: 1 } } },
      ],
    };
  }, [matrix, lang, t]);
  return <EChart option={option} height={300} label={t("support.heatmap")} />;
}
