import { useMemo } from "react";
import { Link } from "react-router-dom";
import { useI18n } from "../i18n/I18nProvider.js";
import { type ChartOption, EChart, escapeHtml } from "../results/EChart.js";
import { ErrorNotice, Spinner } from "../ui/components.js";
import { type EngagementUnit, periodStarts } from "./periods.js";
import { type BusinessQuery, useEngagement } from "./queries.js";
import type { Engagement } from "./types.js";

const PALETTE = ["#4f46e5", "#0891b2", "#16a34a", "#d97706", "#db2777", "#7c3aed", "#475569"];
const UNITS: EngagementUnit[] = ["day", "week", "month"];

type Row = Engagement["series"][number];

/** Activity time, visit frequency and core-action shares over time, from the usage events. */
export function EngagementSection({
  query,
  unit,
  onUnit,
}: {
  query: BusinessQuery;
  unit: EngagementUnit;
  onUnit: (unit: EngagementUnit) => void;
}) {
  const { t } = useI18n();
  const engagement = useEngagement(query, unit);
  return (
    <section className="card" data-testid="business-engagement">
      <div className="card-head">
        <h2 className="card-title">{t("business.engagement")}</h2>
        <fieldset className="segmented segmented-small" aria-label={t("business.engagement.unit")}>
          {UNITS.map((u) => (
            <button
              key={u}
              type="button"
              className={unit === u ? "active" : ""}
              aria-pressed={unit === u}
              onClick={() => onUnit(u)}
              data-testid={`business-engagement-${u}`}
            >
              {t(`business.unit.${u}`)}
            </button>
          ))}
        </fieldset>
      </div>
      {engagement.data ? (
        <EngagementBody data={engagement.data} query={query} stale={engagement.isPlaceholderData} />
      ) : engagement.error ? (
        <ErrorNotice error={engagement.error} onRetry={() => engagement.refetch()} />
      ) : (
        <Spinner />
      )}
    </section>
  );
}

function EngagementBody({ data, query, stale }: { data: Engagement; query: BusinessQuery; stale: boolean }) {
  const { t, fmt } = useI18n();
  const o = data.overall;
  // The API lists periods with activity only; a chart shows quiet periods as gaps.
  const rows = useMemo(() => {
    const byPeriod = new Map(data.series.map((r) => [r.period, r]));
    return periodStarts(query.from, query.to, data.unit).map((period) => ({
      period,
      row: byPeriod.get(period),
    }));
  }, [data, query.from, query.to]);
  const labels = useMemo(
    () => rows.map((r) => fmt.period(r.period, data.unit, true)),
    [rows, data.unit, fmt],
  );

  if (o.activeUsers === 0) return <p className="muted">{t("business.engagement.empty")}</p>;
  const minutes = (s: number | null) => (s === null ? "—" : fmt.number(s / 60, 1));
  return (
    <div className={stale ? "stale" : undefined}>
      <p className="muted small" data-testid="business-engagement-summary">
        {t("business.engagement.summary", {
          users: fmt.int(o.activeUsers),
          minutes: minutes(o.activityTime.mean),
          visits: o.visitFrequency.mean === null ? "—" : fmt.number(o.visitFrequency.mean, 1),
        })}
      </p>
      <div className="business-charts">
        <MiniChart
          title={t("business.engagement.time")}
          labels={labels}
          testId="business-engagement-time"
          series={[
            {
              name: t("business.engagement.time"),
              values: rows.map((r) =>
                r.row?.activityTime.mean == null ? null : r.row.activityTime.mean / 60,
              ),
            },
          ]}
          digits={1}
          detail={(i) => activeUsers(rows[i]?.row, t, fmt)}
        />
        <MiniChart
          title={t("business.engagement.visits")}
          labels={labels}
          testId="business-engagement-visits"
          series={[
            {
              name: t("business.engagement.visits"),
              values: rows.map((r) => r.row?.visitFrequency.mean ?? null),
            },
          ]}
          digits={1}
          detail={(i) => activeUsers(rows[i]?.row, t, fmt)}
        />
        {data.coreActions.length ? (
          <MiniChart
            title={t("business.engagement.core")}
            labels={labels}
            testId="business-engagement-core"
            percent
            series={data.coreActions.map((action, k) => ({
              name: action,
              values: rows.map((r) => r.row?.coreActions[k]?.share.value ?? null),
            }))}
            digits={0}
            detail={(i) => activeUsers(rows[i]?.row, t, fmt)}
          />
        ) : (
          <div className="business-chart" data-testid="business-engagement-core">
            <h3 className="business-chart-title">{t("business.engagement.core")}</h3>
            <p className="muted small">{t("business.engagement.noCore")}</p>
            <Link to="/business/settings" className="small" data-testid="business-choose-core">
              {t("business.engagement.chooseCore")}
            </Link>
          </div>
        )}
      </div>
    </div>
  );
}

type I18n = ReturnType<typeof useI18n>;

function activeUsers(row: Row | undefined, t: I18n["t"], fmt: I18n["fmt"]) {
  return t("business.engagement.active", { count: row?.activeUsers ?? 0, n: fmt.int(row?.activeUsers ?? 0) });
}

/** One small line chart of a per-period engagement figure (several lines for core actions). */
function MiniChart({
  title,
  labels,
  series,
  digits,
  percent = false,
  detail,
  testId,
}: {
  title: string;
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
  digits: number;
  percent?: boolean;
  detail: (index: number) => string;
  testId: string;
}) {
  const { fmt } = useI18n();
  const option = useMemo((): ChartOption => {
    // Core actions are named in a legend, even when there is one.
    const named = series.length > 1 || percent;
    const show = (v: number | null | undefined) =>
      v == null ? "—" : `${fmt.number(v, percent ? 1 : digits + 1)}${percent ? "%" : ""}`;
    return {
      animation: false,
      legend: named ? { top: 0, left: 0, icon: "circle", itemWidth: 10, type: "plain" } : undefined,
      grid: { left: 4, right: 12, top: named ? 32 : 12, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        formatter: (items: { dataIndex: number; seriesIndex: number }[]) => {
          const i = items[0]?.dataIndex ?? 0;
          // Action names are workspace settings: escaped, as ECharts renders tooltips as HTML.
          const lines = series.map((s) => `${escapeHtml(s.name)}: <b>${show(s.values[i])}</b>`);
          return [`<b>${escapeHtml(labels[i] ?? "")}</b>`, ...lines, detail(i)].join("<br/>");
        },
      },
      xAxis: {
        type: "category",
        data: labels,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: "#cbd5e1" } },
        axisLabel: { color: "#475569", hideOverlap: true },
      },
      yAxis: {
        type: "value",
        min: 0,
        max: percent ? 100 : undefined,
        splitLine: { lineStyle: { color: "#eef2f7" } },
        axisLabel: {
          color: "#64748b",
          formatter: (v: number) => `${fmt.number(v, percent ? 0 : digits)}${percent ? "%" : ""}`,
        },
      },
      series: series.map((s, k) => ({
        name: s.name,
        type: "line",
        connectNulls: false,
        // Every point drawn (small when many), so a period between two gaps still shows.
        symbol: "circle",
        symbolSize: labels.length > 60 ? 3 : 5,
        showAllSymbol: true,
        lineStyle: { width: 2 },
        itemStyle: { color: PALETTE[k % PALETTE.length] },
        data: s.values.map((v) => (v === null ? null : Number(v.toFixed(4)))),
      })),
    };
  }, [labels, series, digits, percent, detail, fmt]);
  return (
    <div className="business-chart" data-testid={testId}>
      <h3 className="business-chart-title">{title}</h3>
      <EChart option={option} height={220} label={title} />
    </div>
  );
}
