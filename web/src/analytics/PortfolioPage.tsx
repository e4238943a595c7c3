import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/client.js";
import type { MetricName, MetricResult } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { type MessageKey, useI18n } from "../i18n/I18nProvider.js";
import type { PeriodPreset } from "../lib/dates.js";
import { PeriodPicker } from "../results/PeriodPicker.js";
import { periodFrom, presetPatch } from "../results/period-url.js";
import { METRIC_LABEL, SCORE_TYPES } from "../surveys/metric-info.js";
import { useSurveys } from "../surveys/queries.js";
import { EmptyState, ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { PortfolioGrid } from "./PortfolioGrid.js";
import { type ScopeFilter, useAttributeKeys, usePortfolio } from "./queries.js";
import { isScopeError, SegmentFilterBar } from "./SegmentFilterBar.js";

const STORAGE_KEY = "otklik.portfolio";
/** The URL parameters that make up a portfolio; the last used set is kept in this browser. */
const CONFIG_KEYS = ["by", "metrics", "period", "from", "to", "survey", "segmentId", "filter"];
const DEFAULT_METRICS: MetricName[] = ["nps", "csat", "ces"];

/** Response and survey fields that can group a portfolio besides attributes. */
export const FIELD_LABEL: Record<string, MessageKey> = {
  channel: "segment.channel",
  language: "segment.language",
  survey: "field.survey",
  touchpoint: "field.touchpoint",
  stage: "field.stage",
};

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(config: URLSearchParams) {
  try {
    localStorage.setItem(STORAGE_KEY, config.toString());
  } catch {
    // Private mode: the configuration lives in the URL only.
  }
}

const configOf = (params: URLSearchParams) =>
  new URLSearchParams([...params].filter(([k]) => CONFIG_KEYS.includes(k)));

export function PortfolioPage() {
  const { t } = useI18n();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const surveys = useSurveys();
  const surveyId = params.get("survey") || undefined;
  const attributes = useAttributeKeys(surveyId);
  const byId = useId();
  const surveyFieldId = useId();
  useDocumentTitle(t("portfolio.title"));

  // A bare /portfolio opens the configuration used last in this browser.
  useEffect(() => {
    if (configOf(params).size > 0) return;
    const saved = readStored();
    if (saved) setParams(new URLSearchParams(saved), { replace: true });
  }, [params, setParams]);

  const update = useCallback(
    (patch: Record<string, string | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === "") next.delete(k);
            else next.set(k, v);
          }
          store(configOf(next));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const period = useMemo(() => periodFrom(params, me.workspace.timeZone), [params, me.workspace.timeZone]);
  const metricsParam = params.get("metrics");
  // The router applies URL changes in a transition, so a checkbox bound to the URL alone would
  // snap back until that render lands; the picked set shows at once and the URL follows.
  const [picked, setPicked] = useState<{ over: string | null; metrics: MetricName[] } | null>(null);
  const metrics =
    picked && picked.over === metricsParam
      ? picked.metrics
      : metricsParam
        ? SCORE_TYPES.filter((m) => metricsParam.split(",").includes(m))
        : DEFAULT_METRICS;
  const attributeKeys = (attributes.data ?? []).map((a) => a.key);
  const by =
    params.get("by") ||
    (attributeKeys.includes("segment")
      ? "segment"
      : (attributeKeys[0] ?? (attributes.isPending ? "" : "channel")));
  const byOptions = [...new Set([...attributeKeys, ...Object.keys(FIELD_LABEL), by].filter(Boolean))];
  const scope: ScopeFilter = {
    segmentId: params.get("segmentId") || undefined,
    filter: params.get("filter") || undefined,
  };
  const query =
    by && metrics.length
      ? { by, metrics: metrics.join(","), from: period.from, to: period.to, surveyId, ...scope }
      : null;
  const portfolio = usePortfolio(query);
  const data = portfolio.data;
  const missing = data ? metrics.filter((m) => !data.metrics.includes(m)) : [];

  const toggleMetric = (m: MetricName) => {
    const next = SCORE_TYPES.filter((x) => (x === m ? !metrics.includes(m) : metrics.includes(x)));
    setPicked({ over: metricsParam, metrics: next });
    update({ metrics: next.join(",") || "none" });
  };
  const label = (k: string) => (FIELD_LABEL[k] ? t(FIELD_LABEL[k]) : k);
  const onPreset = (p: PeriodPreset) => update(presetPatch(p, period));

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t("portfolio.title")}</h1>
          <p className="muted">{t("portfolio.subtitle")}</p>
        </div>
        {configOf(params).size > 0 && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => {
              try {
                localStorage.removeItem(STORAGE_KEY);
              } catch {
                // Nothing stored.
              }
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t("portfolio.reset")}
          </button>
        )}
      </div>

      <section className="card portfolio-config" data-testid="portfolio-config">
        <div className="portfolio-controls">
          <div className="field">
            <label className="field-label" htmlFor={byId}>
              {t("portfolio.by")}
            </label>
            <select
              id={byId}
              value={by}
              onChange={(e) => update({ by: e.target.value })}
              data-testid="portfolio-by"
            >
              {byOptions.map((k) => (
                <option key={k} value={k}>
                  {label(k)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={surveyFieldId}>
              {t("portfolio.survey")}
            </label>
            <select
              id={surveyFieldId}
              value={surveyId ?? ""}
              onChange={(e) => update({ survey: e.target.value || null })}
              data-testid="portfolio-survey"
            >
              <option value="">{t("portfolio.allSurveys")}</option>
              {(surveys.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <span className="field-label">{t("period.label")}</span>
            <PeriodPicker
              period={period}
              onPreset={onPreset}
              onCustom={(from, last) => update({ period: "custom", from, to: last })}
            />
          </div>
        </div>
        <fieldset className="chip-checks" data-testid="portfolio-metrics">
          <legend className="field-label portfolio-legend">{t("portfolio.metrics")}</legend>
          {SCORE_TYPES.map((m) => (
            <label key={m} className="chip-check">
              <input
                type="checkbox"
                checked={metrics.includes(m)}
                onChange={() => toggleMetric(m)}
                data-testid={`portfolio-metric-${m}`}
              />
              {t(METRIC_LABEL[m])}
            </label>
          ))}
        </fieldset>
      </section>

      <SegmentFilterBar
        value={scope}
        onChange={(v) => update({ segmentId: v.segmentId ?? null, filter: v.filter ?? null })}
        validate={(next) =>
          api.get<MetricResult>(`/api/v1/metrics/${metrics[0] ?? "nps"}`, {
            from: period.from,
            to: period.to,
            surveyId,
            ...next,
            top: 1,
          })
        }
        error={portfolio.error}
      />

      {metrics.length === 0 ? (
        <p className="notice notice-info">{t("portfolio.pickMetric")}</p>
      ) : isScopeError(portfolio.error) ? (
        <p className="notice notice-info">{t("scope.invalid")}</p>
      ) : portfolio.error ? (
        <ErrorNotice error={portfolio.error} onRetry={() => portfolio.refetch()} />
      ) : !data ? (
        <Spinner />
      ) : data.rows.length === 0 ? (
        <section className="card">
          <EmptyState title={t("portfolio.empty.title")}>
            {t("portfolio.empty.text", { by: label(by) })}
          </EmptyState>
        </section>
      ) : (
        <>
          {missing.length > 0 && (
            <p className="notice notice-info small" data-testid="portfolio-missing">
              {t("portfolio.missing", { metrics: missing.map((m) => t(METRIC_LABEL[m])).join(", ") })}
            </p>
          )}
          <PortfolioGrid
            result={data}
            byLabel={label(by)}
            keyLabel={(k) => (by === "language" ? k.toUpperCase() : k)}
            stale={portfolio.isPlaceholderData}
          />
        </>
      )}
    </div>
  );
}
