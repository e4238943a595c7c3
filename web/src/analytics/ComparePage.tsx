import { useCallback, useMemo } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, isApiError } from "../api/client.js";
import type { MetricResult, TSurvey } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { addDays, daysBetween, isDay, type PeriodPreset } from "../lib/dates.js";
import { PeriodPicker } from "../results/PeriodPicker.js";
import { periodFrom, presetPatch } from "../results/period-url.js";
import { isScoreQuestion, METRIC_LABEL } from "../surveys/metric-info.js";
import { SurveyRoute } from "../surveys/SurveyRoute.js";
import { ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { CompareResults, type SideInfo } from "./CompareResults.js";
import { type CompareParams, type ScopeFilter, useCompare, useSegments } from "./queries.js";
import { isScopeError, SegmentFilterBar } from "./SegmentFilterBar.js";
import { SidePicker } from "./SidePicker.js";

type Mode = "segments" | "period";

export function ComparePage() {
  return <SurveyRoute>{(s) => <Compare survey={s} />}</SurveyRoute>;
}

/** The side of a comparison a server error names (`query.a`, `query.aSegmentId`…), if any. */
function sideOf(error: unknown): "a" | "b" | null {
  if (!isApiError(error) || !error.field) return null;
  if (error.field.startsWith("query.a")) return "a";
  if (error.field.startsWith("query.b")) return "b";
  return null;
}

function Compare({ survey }: { survey: TSurvey }) {
  const { t, lang } = useI18n();
  const me = useSession();
  const tz = me.workspace.timeZone;
  const [params, setParams] = useSearchParams();
  const segments = useSegments();
  useDocumentTitle(`${t("compare.title")} · ${survey.name}`);

  const update = useCallback(
    (patch: Record<string, string | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === "") next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const scoreQuestions = survey.definition.questions.filter(isScoreQuestion);
  const question = scoreQuestions.find((q) => q.id === params.get("question")) ?? scoreQuestions[0];
  const mode: Mode = params.get("mode") === "period" ? "period" : "segments";
  const period = useMemo(() => periodFrom(params, tz), [params, tz]);
  const days = daysBetween(period.from, period.to);
  const splitParam = params.get("split");
  const split =
    isDay(splitParam) && splitParam > period.from && splitParam < period.to
      ? splitParam
      : addDays(period.from, Math.floor(days / 2));
  const side = (k: "a" | "b"): ScopeFilter => ({
    segmentId: params.get(`${k}Seg`) || undefined,
    filter: params.get(k) || undefined,
  });
  const a = side("a");
  const b = side("b");
  const scope: ScopeFilter = {
    segmentId: params.get("segmentId") || undefined,
    filter: params.get("filter") || undefined,
  };
  const hasSides = Boolean(a.filter || a.segmentId || b.filter || b.segmentId);

  const base = question && {
    surveyId: survey.id,
    questionId: question.id,
    from: period.from,
    to: period.to,
  };
  let query: CompareParams | null = null;
  if (base && mode === "period" && days >= 2) query = { ...base, splitAt: split, ...scope };
  if (base && mode === "segments" && hasSides)
    query = { ...base, a: a.filter, b: b.filter, aSegmentId: a.segmentId, bSegmentId: b.segmentId };
  const compare = useCompare(question?.type ?? "nps", query);

  const segmentName = (sid?: string) => segments.data?.find((s) => s.id === sid)?.name;
  const describe = (s: ScopeFilter): string =>
    [segmentName(s.segmentId), s.filter].filter(Boolean).join(" + ") || t("compare.everyone");
  const info: [SideInfo, SideInfo] =
    mode === "period"
      ? [
          { tag: "A", title: t("compare.before"), from: period.from, lastDay: addDays(split, -1) },
          { tag: "B", title: t("compare.after"), from: split, lastDay: addDays(period.to, -1) },
        ]
      : [
          { tag: "A", title: describe(a), from: period.from, lastDay: addDays(period.to, -1) },
          { tag: "B", title: describe(b), from: period.from, lastDay: addDays(period.to, -1) },
        ];

  const errorSide = sideOf(compare.error);
  const otherError =
    compare.error && !errorSide && !isScopeError(compare.error) && !isSplitError(compare.error)
      ? compare.error
      : null;
  const setSide = (k: "a" | "b", v: ScopeFilter) =>
    update({ [k]: v.filter ?? null, [`${k}Seg`]: v.segmentId ?? null });
  const onPreset = (p: PeriodPreset) => update({ ...presetPatch(p, period), split: null });
  const resultsLink = `/surveys/${survey.id}?${new URLSearchParams(
    [...params].filter(([k]) => ["period", "from", "to", "question"].includes(k)),
  )}`;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <Link to={resultsLink} className="back-link">
            ← {survey.name}
          </Link>
          <h1>{t("compare.title")}</h1>
          <p className="muted small">{t("compare.subtitle")}</p>
        </div>
      </div>

      <div className="toolbar">
        <fieldset className="segmented" aria-label={t("compare.mode")}>
          {(["segments", "period"] as const).map((m) => (
            <button
              key={m}
              type="button"
              className={mode === m ? "active" : ""}
              aria-pressed={mode === m}
              onClick={() => update({ mode: m === "segments" ? null : m })}
              data-testid={`compare-mode-${m}`}
            >
              {t(`compare.mode.${m}`)}
            </button>
          ))}
        </fieldset>
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
          onCustom={(from, last) => update({ period: "custom", from, to: last, split: null })}
        />
      </div>

      {!question ? (
        <p className="notice notice-info">{t("results.noScoreQuestion")}</p>
      ) : (
        <>
          {mode === "segments" ? (
            <div className="compare-sides">
              <SidePicker
                tag="A"
                value={a}
                onChange={(v) => setSide("a", v)}
                error={errorSide === "a" ? compare.error : null}
                testId="side-a"
              />
              <SidePicker
                tag="B"
                value={b}
                onChange={(v) => setSide("b", v)}
                error={errorSide === "b" ? compare.error : null}
                testId="side-b"
              />
            </div>
          ) : (
            <>
              <SplitPicker
                period={period}
                split={split}
                onSplit={(d) => update({ split: d })}
                error={isSplitError(compare.error) ? compare.error : null}
              />
              <SegmentFilterBar
                value={scope}
                onChange={(v) => update({ segmentId: v.segmentId ?? null, filter: v.filter ?? null })}
                validate={(next) =>
                  api.get<MetricResult>(`/api/v1/metrics/${question.type}`, { ...base, ...next })
                }
                error={compare.error}
              />
            </>
          )}

          {mode === "segments" && !hasSides ? (
            <p className="notice notice-info" data-testid="compare-prompt">
              {t("compare.needSides")}
            </p>
          ) : mode === "period" && days < 2 ? (
            <p className="notice notice-info">{t("compare.periodTooShort")}</p>
          ) : otherError ? (
            <ErrorNotice error={otherError} onRetry={() => compare.refetch()} />
          ) : compare.error ? null : !compare.data ? (
            <Spinner />
          ) : (
            <CompareResults
              result={compare.data}
              question={question}
              sides={info}
              stale={compare.isPlaceholderData}
            />
          )}
        </>
      )}
    </div>
  );
}

const isSplitError = (e: unknown) => isApiError(e) && e.field === "query.splitAt";

function SplitPicker({
  period,
  split,
  onSplit,
  error,
}: {
  period: { from: string; to: string };
  split: string;
  onSplit: (day: string) => void;
  error: unknown;
}) {
  const { t, fmt } = useI18n();
  const first = addDays(period.from, 1);
  const last = addDays(period.to, -1);
  return (
    <section className="card split-picker" data-testid="split-picker">
      <label className="inline-controls">
        <span className="field-label">{t("compare.splitAt")}</span>
        <input
          type="date"
          value={split}
          min={first}
          max={last}
          onChange={(e) => {
            const d = e.target.value;
            if (isDay(d) && d >= first && d <= last) onSplit(d);
          }}
          data-testid="split-date"
        />
      </label>
      <p className="muted small">
        {t("compare.splitHint", {
          before: `${fmt.day(period.from)} – ${fmt.day(addDays(split, -1))}`,
          after: `${fmt.day(split)} – ${fmt.day(last)}`,
        })}
      </p>
      {isApiError(error) && <p className="field-error">{error.detail}</p>}
    </section>
  );
}
