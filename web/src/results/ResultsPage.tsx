import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ExportLinks, metricExportUrl } from "../analytics/ExportLinks.js";
import type { ScopeFilter } from "../analytics/queries.js";
import { isScopeError, SegmentFilterBar } from "../analytics/SegmentFilterBar.js";
import type { TSurvey } from "../api/types.js";
import { useCan, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { defaultGranularity, type Granularity, type PeriodPreset, startOfDayIn } from "../lib/dates.js";
import { isScoreQuestion, METRIC_LABEL } from "../surveys/metric-info.js";
import { SurveyRoute } from "../surveys/SurveyRoute.js";
import { EmptyState, ErrorNotice, Spinner, StatusBadge, useDocumentTitle } from "../ui/components.js";
import { AnswersPanel } from "./Answers.js";
import { BreakdownPanel } from "./Breakdown.js";
import { DistributionChart } from "./DistributionChart.js";
import { PeriodPicker } from "./PeriodPicker.js";
import { PublicLink } from "./PublicLink.js";
import { periodFrom, presetPatch } from "./period-url.js";
import { metricQuery, useMetric } from "./queries.js";
import { ScoreCard } from "./ScoreCard.js";
import { TrendChart } from "./TrendChart.js";

const UNITS: Granularity[] = ["day", "week", "month", "quarter"];

export function ResultsPage() {
  return <SurveyRoute>{(s) => <Results survey={s} />}</SurveyRoute>;
}

/** The period and question of the results page, carried over to the comparison. */
function compareParams(params: URLSearchParams): string {
  const keep = new URLSearchParams();
  for (const k of ["period", "from", "to", "question"]) {
    const v = params.get(k);
    if (v) keep.set(k, v);
  }
  return keep.toString();
}

function Results({ survey }: { survey: TSurvey }) {
  const { t, lang } = useI18n();
  const me = useSession();
  const canWrite = useCan("surveys:write");
  const tz = me.workspace.timeZone;
  const [params, setParams] = useSearchParams();
  const [seenKeys, setSeenKeys] = useState<string[]>([]);
  useDocumentTitle(survey.name);

  const scoreQuestions = survey.definition.questions.filter(isScoreQuestion);
  const question = scoreQuestions.find((q) => q.id === params.get("question")) ?? scoreQuestions[0];
  const period = useMemo(() => periodFrom(params, tz), [params, tz]);
  const unitParam = params.get("unit");
  const unit = UNITS.find((u) => u === unitParam) ?? null;
  const autoUnit = defaultGranularity(period);
  const groupBy = unit ?? autoUnit;
  const segment = params.get("by") || "channel";
  const scope: ScopeFilter = useMemo(
    () => ({
      segmentId: params.get("segmentId") || undefined,
      filter: params.get("filter") || undefined,
    }),
    [params],
  );
  const queryClient = useQueryClient();

  const update = useCallback(
    (patch: Record<string, string | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null) next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const base = question
    ? {
        metric: question.type,
        surveyId: survey.id,
        questionId: question.id,
        from: period.from,
        to: period.to,
        ...scope,
      }
    : null;
  const main = useMetric(base && { ...base, groupBy });
  const breakdown = useMetric(base && { ...base, segment });
  const result = main.data;
  const scoped = Boolean(scope.segmentId || scope.filter);
  // A filter is checked by running the headline query with it; the answer is then already cached.
  const validate = (next: ScopeFilter) =>
    base ? queryClient.fetchQuery(metricQuery({ ...base, ...next, groupBy })) : Promise.resolve();
  const exportQuery = base && { ...base, metric: undefined, lang };

  const answersFrom = startOfDayIn(period.from, tz);
  const answersTo = startOfDayIn(period.to, tz);

  const onPreset = (p: PeriodPreset) => update(presetPatch(p, period));

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <Link to="/surveys" className="back-link">
            ← {t("nav.surveys")}
          </Link>
          <h1 className="survey-title">
            {survey.name} <StatusBadge status={survey.status} />
          </h1>
          <p className="muted small">
            {[t(`kind.${survey.kind}`), survey.touchpoint, survey.stage].filter(Boolean).join(" · ")}
          </p>
        </div>
        <div className="header-actions">
          {question && (
            <Link
              to={`/surveys/${survey.id}/compare?${compareParams(params)}`}
              className="btn"
              data-testid="open-compare"
            >
              {t("compare.open")}
            </Link>
          )}
          {canWrite && (
            <Link to={`/surveys/${survey.id}/edit`} className="btn" data-testid="edit-survey">
              {t("results.edit")}
            </Link>
          )}
        </div>
      </div>

      <PublicLink surveyId={survey.id} active={survey.status === "active"} />

      <div className="toolbar">
        {scoreQuestions.length > 1 && (
          <label className="inline-controls">
            <span className="muted small">{t("results.question")}</span>
            <select value={question?.id} onChange={(e) => update({ question: e.target.value })}>
              {scoreQuestions.map((q) => (
                <option key={q.id} value={q.id}>
                  {t(METRIC_LABEL[q.type])} · {q.title[lang] ?? q.title.en ?? q.title.ru ?? q.id}
                </option>
              ))}
            </select>
          </label>
        )}
        <PeriodPicker
          period={period}
          onPreset={onPreset}
          onCustom={(from, last) => update({ period: "custom", from, to: last })}
          unit={unit}
          autoUnit={autoUnit}
          onUnit={(u) => update({ unit: u })}
        />
      </div>

      {question && (
        <SegmentFilterBar
          value={scope}
          onChange={(next) => update({ segmentId: next.segmentId ?? null, filter: next.filter ?? null })}
          validate={validate}
          error={main.error}
        />
      )}

      {!question ? (
        <p className="notice notice-info">{t("results.noScoreQuestion")}</p>
      ) : isScopeError(main.error) ? (
        <p className="notice notice-info" data-testid="scope-invalid">
          {t("scope.invalid")}
        </p>
      ) : main.error ? (
        <ErrorNotice error={main.error} onRetry={() => main.refetch()} />
      ) : !result ? (
        <Spinner />
      ) : result.n === 0 ? (
        <section className="card">
          <EmptyState
            title={scoped ? t("scope.emptyTitle") : t("results.emptyTitle")}
            action={
              period.preset !== "12m" && (
                <button type="button" className="btn" onClick={() => onPreset("12m")}>
                  {t("results.try12m")}
                </button>
              )
            }
          >
            {scoped ? t("scope.emptyText") : t("results.emptyText")}
          </EmptyState>
        </section>
      ) : (
        <div className={`results-grid${main.isPlaceholderData ? " stale" : ""}`}>
          <ScoreCard metric={question.type} result={result} />
          <section className="card">
            <h2 className="card-title">{t("results.distribution")}</h2>
            <DistributionChart result={result} question={question} />
          </section>
          <section className="card span-all">
            <div className="card-head">
              <h2 className="card-title">{t("results.trend")}</h2>
              <span className="legend-inline muted small trend-legend">
                <span className="legend-item">
                  <span className="swatch-band" /> {t("results.ciBand")}
                </span>
                <span className="legend-item">
                  <span className="swatch-low" /> {t("results.lowPoints")}
                </span>
              </span>
              {exportQuery && (
                <ExportLinks
                  testId="export-trend"
                  href={(f) => metricExportUrl(question.type, f, { ...exportQuery, groupBy })}
                />
              )}
            </div>
            <TrendChart series={result.series} metric={question.type} unit={groupBy} />
          </section>
          <div className="span-all">
            <BreakdownPanel
              surveyId={survey.id}
              metric={question.type}
              segment={segment}
              onSegment={(s) => update({ by: s })}
              result={breakdown.data}
              loading={breakdown.isFetching}
              error={breakdown.error}
              onRetry={() => breakdown.refetch()}
              seenKeys={seenKeys}
              exportHref={
                exportQuery
                  ? (f) => metricExportUrl(question.type, f, { ...exportQuery, segment })
                  : undefined
              }
            />
          </div>
        </div>
      )}

      <AnswersPanel
        survey={survey}
        question={question}
        from={answersFrom}
        to={answersTo}
        onKeys={setSeenKeys}
        scope={isScopeError(main.error) ? undefined : scope}
      />
    </div>
  );
}
