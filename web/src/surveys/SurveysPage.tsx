import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import type { OverviewItem, TSurvey } from "../api/types.js";
import { useCan, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { presetPeriod } from "../lib/dates.js";
import {
  EmptyState,
  ErrorNotice,
  Sparkline,
  Spinner,
  StatusBadge,
  useDocumentTitle,
} from "../ui/components.js";
import { METRIC_DIGITS, METRIC_LABEL } from "./metric-info.js";
import { NewSurveyDialog } from "./NewSurveyDialog.js";
import { useOverview, useSurveys } from "./queries.js";

type Tab = "current" | "archived";

export function SurveysPage() {
  const { t } = useI18n();
  const me = useSession();
  const canWrite = useCan("surveys:write");
  const [tab, setTab] = useState<Tab>("current");
  const [creating, setCreating] = useState(false);
  const period = useMemo(() => presetPeriod("12m", me.workspace.timeZone), [me.workspace.timeZone]);
  const surveys = useSurveys();
  const overview = useOverview(period.from, period.to);
  useDocumentTitle(t("surveys.title"));

  const byId = useMemo(
    () => new Map((overview.data ?? []).map((o) => [o.surveyId, o] as const)),
    [overview.data],
  );
  const all = surveys.data ?? [];
  const archivedCount = all.filter((s) => s.status === "archived").length;
  const shown = all.filter((s) => (tab === "archived" ? s.status === "archived" : s.status !== "archived"));

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t("surveys.title")}</h1>
          <p className="muted">{t("surveys.subtitle")}</p>
        </div>
        {canWrite && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setCreating(true)}
            data-testid="new-survey"
          >
            <span aria-hidden="true">+</span> {t("surveys.new")}
          </button>
        )}
      </div>

      {surveys.isPending ? (
        <Spinner />
      ) : surveys.error ? (
        <ErrorNotice error={surveys.error} onRetry={() => surveys.refetch()} />
      ) : all.length === 0 ? (
        <EmptyState
          title={t("surveys.empty.title")}
          action={
            canWrite && (
              <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                {t("surveys.new")}
              </button>
            )
          }
        >
          {t("surveys.empty.text")}
        </EmptyState>
      ) : (
        <section className="card card-flush">
          <div className="list-toolbar">
            <div className="segmented" role="tablist">
              <button
                type="button"
                role="tab"
                aria-selected={tab === "current"}
                className={tab === "current" ? "active" : ""}
                onClick={() => setTab("current")}
              >
                {t("surveys.tab.current")} <span className="count">{all.length - archivedCount}</span>
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={tab === "archived"}
                className={tab === "archived" ? "active" : ""}
                onClick={() => setTab("archived")}
              >
                {t("surveys.tab.archived")} <span className="count">{archivedCount}</span>
              </button>
            </div>
            <span className="muted small">{t("surveys.periodNote")}</span>
          </div>
          {overview.error && (
            <div className="list-notice">
              <ErrorNotice error={overview.error} onRetry={() => overview.refetch()} />
            </div>
          )}
          {shown.length === 0 ? (
            <p className="muted list-empty">{t("surveys.noneHere")}</p>
          ) : (
            <ul className="survey-list">
              <li className="survey-row survey-row-head" aria-hidden="true">
                <span>{t("surveys.col.survey")}</span>
                <span>{t("surveys.col.score")}</span>
                <span className="num">{t("surveys.col.answers")}</span>
                <span>{t("surveys.col.trend")}</span>
                <span>{t("surveys.col.status")}</span>
                <span />
              </li>
              {shown.map((s) => (
                <SurveyRow
                  key={s.id}
                  survey={s}
                  overview={byId.get(s.id)}
                  loading={overview.isPending}
                  canWrite={canWrite}
                />
              ))}
            </ul>
          )}
        </section>
      )}
      {creating && <NewSurveyDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

function SurveyRow({
  survey,
  overview,
  loading,
  canWrite,
}: {
  survey: TSurvey;
  overview: OverviewItem | undefined;
  loading: boolean;
  canWrite: boolean;
}) {
  const { t, fmt } = useI18n();
  const r = overview?.result;
  const metric = overview?.metric;
  const meta = [t(`kind.${survey.kind}`), survey.touchpoint, survey.stage].filter(Boolean).join(" · ");
  const change = r?.previous?.diff ?? null;
  const better = change !== null && (r?.lowerIsBetter ? change < 0 : change > 0);
  return (
    <li className="survey-row" data-testid="survey-row" data-survey-id={survey.id}>
      <div className="survey-main">
        <Link to={`/surveys/${survey.id}`} className="survey-name">
          {survey.name}
        </Link>
        <div className="survey-meta muted small">
          {meta}
          <span className="langs">
            {survey.definition.languages.map((l) => (
              <span key={l} className="lang-tag">
                {l.toUpperCase()}
              </span>
            ))}
          </span>
        </div>
      </div>
      <div className="survey-score">
        {loading ? (
          <span className="skeleton" />
        ) : metric && r && r.value !== null ? (
          <>
            <span className="metric-tag">{t(METRIC_LABEL[metric])}</span>
            <span className="survey-value" data-testid="survey-score">
              {fmt.number(r.value, METRIC_DIGITS[metric])}
            </span>
            {change !== null && r.previous?.n ? (
              <span
                className={`delta ${r.previous.significant ? (better ? "delta-good" : "delta-bad") : "delta-flat"}`}
                title={r.previous.significant ? t("score.significant") : t("score.notSignificant")}
              >
                {change > 0 ? "▲" : change < 0 ? "▼" : ""}{" "}
                {fmt.number(Math.abs(change), METRIC_DIGITS[metric])}
              </span>
            ) : null}
          </>
        ) : metric ? (
          <span className="muted small">{t("surveys.noAnswers")}</span>
        ) : (
          <span className="muted small">{t("surveys.noScore")}</span>
        )}
      </div>
      <div className="survey-n num">
        {r ? fmt.int(r.n) : loading ? "" : "—"}
        <span className="survey-n-label muted small"> {r ? t("common.answers", { count: r.n }) : ""}</span>
      </div>
      <div className="survey-trend">
        {r && r.series.length > 0 && (
          <Sparkline values={r.series.map((p) => p.value)} label={t("surveys.col.trend")} />
        )}
      </div>
      <div>
        <StatusBadge status={survey.status} />
      </div>
      <div className="survey-actions">
        {canWrite && (
          <Link to={`/surveys/${survey.id}/edit`} className="btn btn-ghost btn-small">
            {t("common.edit")}
          </Link>
        )}
      </div>
    </li>
  );
}
