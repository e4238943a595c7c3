import { useMemo } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { type ChartOption, EChart } from "../results/EChart.js";
import type { ClvDistribution } from "./types.js";

/** How many customers fall in each band of predicted CLV; the last bar holds the top 1% tail. */
export function ClvHistogram({ distribution }: { distribution: ClvDistribution }) {
  const { t, fmt } = useI18n();
  const { bins, n } = distribution;
  const option = useMemo((): ChartOption => {
    const digits = (distribution.binWidth ?? 1) < 1 ? 2 : 0;
    const money = (v: number) => fmt.number(v, digits);
    const labels = bins.map((b) =>
      b.to === null ? `≥ ${money(b.from)}` : `${money(b.from)}–${money(b.to)}`,
    );
    return {
      animation: false,
      grid: { left: 4, right: 12, top: 12, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (items: { dataIndex: number }[]) => {
          const i = items[0]?.dataIndex ?? 0;
          const count = bins[i]?.count ?? 0;
          return t("business.clvDist.tooltip", {
            range: labels[i] ?? "",
            count: fmt.int(count),
            share: n ? fmt.percent(count / n, 1) : "—",
          });
        },
      },
      xAxis: {
        type: "category",
        data: labels,
        name: t("business.clv.value"),
        nameLocation: "middle",
        nameGap: 28,
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: "#cbd5e1" } },
        axisLabel: { color: "#475569", hideOverlap: true },
      },
      yAxis: {
        type: "value",
        minInterval: 1,
        splitLine: { lineStyle: { color: "#eef2f7" } },
        axisLabel: { color: "#64748b", formatter: (v: number) => fmt.int(v) },
      },
      series: [
        {
          type: "bar",
          barCategoryGap: "8%",
          data: bins.map((b) => ({
            value: b.count,
            // The open-ended tail bin is drawn lighter: it is wider than the others.
            itemStyle: { color: b.to === null ? "#a5b4fc" : "#4f46e5" },
          })),
        },
      ],
    };
  }, [bins, n, distribution.binWidth, t, fmt]);
  const money = (v: number | null) => (v === null ? "—" : fmt.number(v, 0));
  return (
    <div data-testid="clv-distribution">
      <h3 className="business-chart-title">{t("business.clvDist")}</h3>
      {n === 0 ? (
        <p className="muted">{t("business.clvDist.empty")}</p>
      ) : (
        <>
          <p className="muted small" data-testid="clv-distribution-summary">
            {t("business.clvDist.summary", {
              n: fmt.int(n),
              median: money(distribution.median),
              p90: money(distribution.p90),
              mean: money(distribution.mean),
              max: money(distribution.max),
            })}
            {distribution.missing > 0 && ` ${t("business.clvDist.missing", { count: distribution.missing })}`}
          </p>
          <EChart option={option} height={260} label={t("business.clvDist")} />
        </>
      )}
    </div>
  );
}
