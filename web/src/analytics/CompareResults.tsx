import { useMemo } from "react";
import type { CompareResult, MetricName, TQuestion } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { type ChartOption, EChart, escapeHtml } from "../results/EChart.js";
import { scalePoints } from "../results/groups.js";
import { formatP, NpsGroups } from "../results/ScoreCard.js";
import { IS_PERCENT, METRIC_DIGITS, METRIC_LABEL, METRIC_NAME } from "../surveys/metric-info.js";

/** How a side is shown: its letter, a title (segment or before/after) and its days. */
export interface SideInfo {
  tag: "A" | "B";
  title: string;
  from: string;
  /** Last day, inclusive. */
  lastDay: string;
}

export const SIDE_COLOR = { A: "#4f46e5", B: "#d97706" } as const;

type Side = CompareResult["a"];

/** Two score cards, the difference with its test and a plain verdict, and the two distributions. */
export function CompareResults({
  result,
  question,
  sides,
  stale,
}: {
  result: CompareResult;
  question: TQuestion & { type: MetricName };
  sides: [SideInfo, SideInfo];
  stale: boolean;
}) {
  const { t } = useI18n();
  const metric = question.type;
  return (
    <div className={`compare-grid${stale ? " stale" : ""}`} data-testid="compare-results">
      <SideCard metric={metric} side={result.a} info={sides[0]} testId="compare-a" />
      <SideCard metric={metric} side={result.b} info={sides[1]} testId="compare-b" />
      <Verdict result={result} metric={metric} />
      <section className="card span-all">
        <div className="card-head">
          <h2 className="card-title">{t("compare.distribution")}</h2>
          <span className="legend-inline muted small">
            {sides.map((s) => (
              <span className="legend-item" key={s.tag}>
                <span className="dot" style={{ background: SIDE_COLOR[s.tag] }} />
                {s.tag}: {s.title}
              </span>
            ))}
          </span>
        </div>
        <OverlayChart result={result} question={question} sides={sides} />
      </section>
    </div>
  );
}

function SideCard({
  metric,
  side,
  info,
  testId,
}: {
  metric: MetricName;
  side: Side;
  info: SideInfo;
  testId: string;
}) {
  const { t, fmt } = useI18n();
  const digits = METRIC_DIGITS[metric];
  return (
    <section className="card score-card compare-card" data-testid={testId}>
      <header className="score-head">
        <span className="side-tag" style={{ background: SIDE_COLOR[info.tag] }}>
          {info.tag}
        </span>
        <span className="compare-card-title" title={info.title}>
          {info.title}
        </span>
      </header>
      <p className="muted small">
        {t(METRIC_LABEL[metric])} · {fmt.day(info.from)} – {fmt.day(info.lastDay)}
      </p>
      <div className="score-main">
        <span className="score-value" data-testid={`${testId}-value`} data-value={side.value ?? ""}>
          {side.value === null ? "—" : fmt.number(side.value, digits)}
        </span>
        {IS_PERCENT[metric] && side.value !== null && <span className="score-unit">%</span>}
      </div>
      <dl className="score-facts">
        <div>
          <dt>{t("score.n")}</dt>
          <dd data-testid={`${testId}-n`} data-value={side.n}>
            {fmt.int(side.n)}
          </dd>
        </div>
        <div>
          <dt>{t("score.ci")}</dt>
          <dd data-testid={`${testId}-ci`}>
            {side.ci ? `${fmt.number(side.ci[0], digits)} … ${fmt.number(side.ci[1], digits)}` : "—"}
          </dd>
        </div>
      </dl>
      {side.n === 0 ? (
        <p className="notice notice-info small">{t("compare.noAnswers")}</p>
      ) : (
        side.lowSample && (
          <p className="notice notice-warn small" data-testid={`${testId}-low`}>
            {t("score.lowSample", { n: side.n })}
          </p>
        )
      )}
      {metric === "nps" && side.n > 0 && <NpsGroups detail={side.detail} total={side.n} />}
    </section>
  );
}

function Verdict({ result, metric }: { result: CompareResult; metric: MetricName }) {
  const { t, fmt } = useI18n();
  const digits = METRIC_DIGITS[metric];
  const { diff, pValue, significant } = result;
  const testable = diff !== null && pValue !== null;
  const better = diff !== null && (result.lowerIsBetter ? diff < 0 : diff > 0);
  const unit = IS_PERCENT[metric] || metric === "nps" ? ` ${t("score.points")}` : "";
  const test = metric === "nps" || metric === "csat" ? t("compare.test.z") : t("compare.test.t");
  return (
    <section
      className={`card span-all verdict ${!testable ? "verdict-none" : significant ? "verdict-yes" : "verdict-no"}`}
      data-testid="compare-verdict"
      data-significant={testable ? String(significant) : ""}
    >
      <div className="verdict-numbers">
        <div>
          <span className="verdict-label">{t("compare.diff")}</span>
          <span className="verdict-diff" data-testid="compare-diff" data-value={diff ?? ""}>
            {diff === null ? "—" : `${fmt.signed(diff, digits)}${unit}`}
          </span>
        </div>
        <div>
          <span className="verdict-label">{t("compare.pValue")}</span>
          <span className="verdict-p" data-testid="compare-p" data-value={pValue ?? ""}>
            {pValue === null ? "—" : formatP(pValue, fmt)}
          </span>
        </div>
      </div>
      <div className="verdict-text">
        <p className="verdict-statement" data-testid="compare-statement">
          {!testable
            ? t("compare.cannotTest")
            : significant
              ? t("compare.significant")
              : t("compare.notSignificant")}
        </p>
        {testable && (
          <p className="muted small">
            {significant
              ? better
                ? t("compare.bBetter", { name: t(METRIC_NAME[metric]) })
                : t("compare.bWorse", { name: t(METRIC_NAME[metric]) })
              : t("compare.maybeChance")}{" "}
            {t("compare.testNote", { test })}
            {result.lowerIsBetter && ` ${t("score.lowerIsBetter")}`}
          </p>
        )}
      </div>
    </section>
  );
}

interface Bucket {
  score: number;
  count: number;
}

function bucketsOf(side: Side): Bucket[] {
  const raw = side.detail.distribution;
  if (!Array.isArray(raw)) return [];
  return raw
    .map((b) => ({ score: Number((b as Bucket).score), count: Number((b as Bucket).count) }))
    .filter((b) => Number.isFinite(b.score) && Number.isFinite(b.count));
}

/** Both distributions as shares of their side's answers, so sides of different size compare. */
function OverlayChart({
  result,
  question,
  sides,
}: {
  result: CompareResult;
  question: TQuestion;
  sides: [SideInfo, SideInfo];
}) {
  const { t, fmt } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const both = [result.a, result.b].map((s) => {
      const buckets = bucketsOf(s);
      const total = buckets.reduce((sum, b) => sum + b.count, 0) || 1;
      return { counts: new Map(buckets.map((b) => [b.score, b.count])), total };
    });
    const seen = [...new Set(both.flatMap((b) => [...b.counts.keys()]))].sort((x, y) => x - y);
    const points = scalePoints(question) ?? seen;
    const digits = points.every(Number.isInteger) ? 0 : 2;
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 16, bottom: 4, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: (items: { dataIndex: number }[]) => {
          const i = items[0]?.dataIndex ?? 0;
          const score = points[i] ?? 0;
          const lines = sides.map((s, k) => {
            const count = both[k]?.counts.get(score) ?? 0;
            const share = count / (both[k]?.total ?? 1);
            return `<span style="color:${SIDE_COLOR[s.tag]}">●</span> ${s.tag} · ${escapeHtml(s.title)}: <b>${fmt.percent(share, 1)}</b> (${fmt.int(count)})`;
          });
          return `${t("chart.score")}: <b>${fmt.number(score, digits)}</b><br/>${lines.join("<br/>")}`;
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
        axisLabel: { color: "#64748b", formatter: (v: number) => `${fmt.int(v)}%` },
      },
      series: sides.map((s, k) => ({
        name: s.tag,
        type: "bar",
        barMaxWidth: 28,
        barGap: "10%",
        itemStyle: { color: SIDE_COLOR[s.tag], borderRadius: [3, 3, 0, 0] },
        data: points.map((p) => (100 * (both[k]?.counts.get(p) ?? 0)) / (both[k]?.total ?? 1)),
      })),
    };
  }, [result, question, sides, t, fmt]);
  return <EChart option={option} height={300} label={t("compare.distribution")} />;
}
