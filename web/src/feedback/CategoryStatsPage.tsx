import { useMemo } from "react";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { startOfDayIn } from "../lib/dates.js";
import { PeriodPicker } from "../results/PeriodPicker.js";
import { periodFrom, presetPatch } from "../results/period-url.js";
import { useSurveys } from "../surveys/queries.js";
import { EmptyState, ErrorNotice, Sparkline, Spinner, useDocumentTitle } from "../ui/components.js";
import { useUrlParams } from "../ui/url-params.js";
import { FeedbackTabs } from "./FeedbackTabs.js";
import { nameOf } from "./labels.js";
import { useCategoryStats } from "./queries.js";
import type { CategoryStat } from "./types.js";
import "./feedback.css";
import { FilterSelect, namedOptions } from "../ui/FilterSelect.js";

const INTERVALS = ["day", "week", "month"] as const;
/** In the order the drop-down lists them. */
const SORTS = ["impact", "volume", "taxonomy"] as const;
type Sort = (typeof SORTS)[number];

/** Parents in the API's order with their sub-categories under them, or a flat list by a measure. */
function ordered(categories: CategoryStat[], sort: Sort): { stat: CategoryStat; sub: boolean }[] {
  if (sort !== "taxonomy") {
    const key = (s: CategoryStat) => (sort === "volume" ? s.volume : (s.impact.nps ?? s.impact.csat ?? 0));
    return [...categories]
      .sort((a, b) => key(b) - key(a))
      .map((stat) => ({ stat, sub: Boolean(stat.parentId) }));
  }
  const out: { stat: CategoryStat; sub: boolean }[] = [];
  for (const p of categories.filter((c) => !c.parentId)) {
    out.push({ stat: p, sub: false });
    for (const c of categories.filter((x) => x.parentId === p.id)) out.push({ stat: c, sub: true });
  }
  return out;
}

/** Category analytics: volume, share, trend, sentiment, NPS of the answers and driver impact. */
export function CategoryStatsPage() {
  const { t, lang, fmt } = useI18n();
  const me = useSession();
  const tz = me.workspace.timeZone;
  const { params, set } = useUrlParams();
  useDocumentTitle(t("feedback.stats.title"));
  const period = useMemo(
    () => periodFrom(params.get("period") ? params : new URLSearchParams("period=90d"), tz),
    [params, tz],
  );
  const interval = INTERVALS.find((i) => i === params.get("interval")) ?? "week";
  const surveyId = params.get("survey") ?? "";
  const sort = SORTS.find((s) => s === params.get("sort")) ?? "impact";
  const stats = useCategoryStats({
    from: startOfDayIn(period.from, tz),
    to: startOfDayIn(period.to, tz),
    interval,
    surveyId: surveyId || undefined,
  });
  const surveys = useSurveys();
  const data = stats.data;
  const maxShare = Math.max(1, ...(data?.categories ?? []).map((c) => c.share ?? 0));
  const maxImpact = Math.max(0.1, ...(data?.categories ?? []).map((c) => c.impact.nps ?? c.impact.csat ?? 0));
  const pct = (v: number | null, digits = 1) => (v === null ? "—" : `${fmt.number(v, digits)}%`);

  return (
    <div className="page fb-page" data-testid="category-stats-page">
      <div className="page-header">
        <div>
          <h1>{t("feedback.stats.title")}</h1>
          <p className="muted small">{t("feedback.stats.subtitle")}</p>
        </div>
        <PeriodPicker
          period={period}
          onPreset={(p) => set(presetPatch(p, period))}
          onCustom={(from, last) => set({ period: "custom", from, to: last })}
        />
      </div>
      <FeedbackTabs />
      <div className="card fb-filters fb-filter-row">
        <FilterSelect
          className="fb-filter"
          label={t("feedback.filter.survey")}
          value={surveyId}
          onChange={(survey) => set({ survey })}
          allLabel={t("feedback.filter.allSurveys")}
          options={namedOptions(surveys.data)}
          testId="stats-survey"
        />
        <FilterSelect
          className="fb-filter"
          label={t("period.groupBy")}
          value={interval}
          onChange={(interval) => set({ interval })}
          options={INTERVALS.map((i) => ({ value: i, label: t(`unit.${i}.option`) }))}
        />
        <FilterSelect
          className="fb-filter"
          label={t("feedback.stats.sort")}
          value={sort}
          onChange={(sort) => set({ sort })}
          options={SORTS.map((s) => ({ value: s, label: t(`feedback.stats.sort.${s}`) }))}
          testId="stats-sort"
        />
      </div>
      {stats.error ? (
        <ErrorNotice error={stats.error} onRetry={() => stats.refetch()} />
      ) : stats.isPending || !data ? (
        <Spinner />
      ) : data.total.answers === 0 ? (
        <EmptyState title={t("feedback.stats.empty")}>{t("feedback.stats.emptyHint")}</EmptyState>
      ) : (
        <>
          <div className="fb-totals" data-testid="stats-totals">
            <div className="card fb-total">
              <span className="muted small">{t("feedback.stats.answers")}</span>
              <strong>{fmt.int(data.total.answers)}</strong>
            </div>
            <div className="card fb-total">
              <span className="muted small">{t("feedback.stats.categorized")}</span>
              <strong>{fmt.int(data.total.categorized)}</strong>
              <span className="muted small">
                {pct(data.total.answers ? (100 * data.total.categorized) / data.total.answers : null, 0)}
              </span>
            </div>
            <div className="card fb-total">
              <span className="muted small">{t("feedback.stats.nps")}</span>
              <strong>{data.total.nps.value === null ? "—" : fmt.number(data.total.nps.value, 1)}</strong>
              <span className="muted small">n = {fmt.int(data.total.nps.n)}</span>
            </div>
            <div className="card fb-total">
              <span className="muted small">{t("feedback.stats.csat")}</span>
              <strong>{pct(data.total.csat.value)}</strong>
              <span className="muted small">n = {fmt.int(data.total.csat.n)}</span>
            </div>
          </div>
          <section className="card card-flush">
            <div className={`table-wrap${stats.isPlaceholderData ? " stale" : ""}`}>
              <table className="table fb-stats-table" data-testid="stats-table">
                <thead>
                  <tr>
                    <th>{t("feedback.stats.category")}</th>
                    <th className="num">{t("feedback.stats.volume")}</th>
                    <th>{t("feedback.stats.share")}</th>
                    <th>{t("feedback.stats.trend")}</th>
                    <th>{t("feedback.sentiment")}</th>
                    <th className="num">{t("feedback.stats.nps")}</th>
                    <th title={t("feedback.stats.impactHint")}>{t("feedback.stats.impact")}</th>
                  </tr>
                </thead>
                <tbody>
                  {ordered(data.categories, sort).map(({ stat, sub }) => {
                    const s = stat.sentiment;
                    const n = s.positive + s.neutral + s.negative || 1;
                    const impact = stat.impact.nps ?? stat.impact.csat;
                    const parent = stat.parentId
                      ? data.categories.find((c) => c.id === stat.parentId)
                      : undefined;
                    return (
                      <tr
                        key={stat.id}
                        className={sub ? "fb-sub-row" : "fb-parent-row"}
                        data-testid="stats-row"
                        data-key={stat.key}
                      >
                        <td className={sub && sort === "taxonomy" ? "fb-indent" : ""}>
                          {sort !== "taxonomy" && parent && (
                            <span className="muted">{nameOf(parent, lang)} → </span>
                          )}
                          {nameOf(stat, lang)}
                        </td>
                        <td className="num">{fmt.int(stat.volume)}</td>
                        <td className="fb-bar-cell">
                          <div className="hbar" title={pct(stat.share)}>
                            <div
                              className="hbar-fill"
                              style={{ left: 0, width: `${((stat.share ?? 0) / maxShare) * 100}%` }}
                            />
                            <span className="hbar-value">{pct(stat.share)}</span>
                          </div>
                        </td>
                        <td>
                          <Sparkline
                            values={stat.trend.map((p) => p.share)}
                            width={110}
                            height={26}
                            label={t("feedback.stats.trendLabel")}
                          />
                        </td>
                        <td>
                          <div
                            className="fb-senti-bar"
                            title={`${t("feedback.sentiment.negative")} ${s.negative} · ${t("feedback.sentiment.neutral")} ${s.neutral} · ${t("feedback.sentiment.positive")} ${s.positive}`}
                          >
                            <span className="fb-senti-neg" style={{ width: `${(100 * s.negative) / n}%` }} />
                            <span className="fb-senti-neu" style={{ width: `${(100 * s.neutral) / n}%` }} />
                            <span className="fb-senti-pos" style={{ width: `${(100 * s.positive) / n}%` }} />
                          </div>
                        </td>
                        <td className="num">
                          {stat.nps.value === null ? "—" : fmt.number(stat.nps.value, 0)}
                          <span className="muted small"> ({fmt.int(stat.nps.n)})</span>
                        </td>
                        <td className="fb-bar-cell">
                          {impact === null || stat.volume === 0 ? (
                            <span className="muted">—</span>
                          ) : (
                            <div className="hbar" data-testid="impact">
                              <div
                                className="hbar-fill negative"
                                style={{ left: 0, width: `${(impact / maxImpact) * 100}%` }}
                              />
                              <span className="hbar-value">{fmt.signed(-impact, 1)}</span>
                            </div>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="muted small fb-footnote">{t("feedback.stats.impactHint")}</p>
          </section>
        </>
      )}
    </div>
  );
}
