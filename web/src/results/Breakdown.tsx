import { useId, useMemo, useState } from "react";
import { type ExportFormat, ExportLinks } from "../analytics/ExportLinks.js";
import { useAttributeKeys } from "../analytics/queries.js";
import type { MetricName, MetricResult } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { IS_PERCENT, METRIC_DIGITS, METRIC_RANGE } from "../surveys/metric-info.js";
import { ErrorNotice, Spinner } from "../ui/components.js";

/** Response fields every answer has; attributes come from the answers and customer profiles. */
const BUILT_IN = ["channel", "language"];
const OTHER = "__other";

export function BreakdownPanel({
  surveyId,
  metric,
  segment,
  onSegment,
  result,
  loading,
  error,
  onRetry,
  seenKeys,
  exportHref,
}: {
  surveyId: string;
  metric: MetricName;
  segment: string;
  onSegment: (s: string) => void;
  result: MetricResult | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** Attribute names seen on the answers loaded below. */
  seenKeys: string[];
  /** The breakdown table as a download. */
  exportHref?: (format: ExportFormat) => string;
}) {
  const { t, fmt } = useI18n();
  const me = useSession();
  const id = useId();
  const keys = useAttributeKeys(surveyId);
  const [otherOpen, setOtherOpen] = useState(false);
  const options = useMemo(() => {
    const all = [
      ...BUILT_IN,
      ...(keys.data ?? []).map((k) => k.key),
      // pairs (`product+city`) serve two-attribute segments, not a breakdown of their own
      ...me.workspace.rollupDimensions.flatMap((d) => d.split("+")),
      ...seenKeys,
    ];
    return [...new Set(all)];
  }, [keys.data, me.workspace.rollupDimensions, seenKeys]);
  const isOther = !options.includes(segment);
  const [custom, setCustom] = useState(() => (isOther ? segment : ""));
  const showOther = otherOpen || isOther;
  const digits = METRIC_DIGITS[metric];
  const [lo, hi] = METRIC_RANGE[metric];
  const rows = result?.breakdown ?? [];
  const onlyNone = rows.length === 1 && rows[0]?.key === "(none)";

  const label = (k: string) => (k === "channel" || k === "language" ? t(`segment.${k}`) : k);
  const keyLabel = (k: string) =>
    k === "(none)"
      ? t("breakdown.none")
      : k === "(other)"
        ? t("breakdown.other")
        : segment === "language"
          ? k.toUpperCase()
          : k;

  return (
    <section className="card">
      <div className="card-head">
        <h2 className="card-title">{t("results.breakdown")}</h2>
        <div className="inline-controls">
          <label htmlFor={id} className="muted small">
            {t("breakdown.by")}
          </label>
          <select
            id={id}
            value={showOther ? OTHER : segment}
            onChange={(e) => {
              const v = e.target.value;
              setOtherOpen(v === OTHER);
              if (v === OTHER) setCustom("");
              else onSegment(v);
            }}
            data-testid="breakdown-by"
          >
            {options.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
            <option value={OTHER}>{t("breakdown.otherAttribute")}</option>
          </select>
          {showOther && (
            <form
              className="inline-controls"
              onSubmit={(e) => {
                e.preventDefault();
                if (custom.trim()) onSegment(custom.trim());
              }}
            >
              <input
                value={custom}
                onChange={(e) => setCustom(e.target.value)}
                placeholder={t("breakdown.attributePlaceholder")}
                aria-label={t("breakdown.otherAttribute")}
                className="input-small"
              />
              <button type="submit" className="btn btn-small">
                {t("common.apply")}
              </button>
            </form>
          )}
          {exportHref && rows.length > 0 && <ExportLinks testId="export-breakdown" href={exportHref} />}
        </div>
      </div>
      {error ? (
        <ErrorNotice error={error} onRetry={onRetry} />
      ) : loading && !result ? (
        <Spinner />
      ) : rows.length === 0 ? (
        <p className="muted">{t("breakdown.empty")}</p>
      ) : (
        <>
          {onlyNone && (
            <p className="notice notice-info small">{t("breakdown.noAttribute", { name: segment })}</p>
          )}
          <table className="table breakdown-table" data-testid="breakdown">
            <thead>
              <tr>
                <th>{label(segment)}</th>
                <th className="bar-col">{t("breakdown.score")}</th>
                <th className="num">{t("score.ci")}</th>
                <th className="num">n</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const v = r.value;
                const pos = v === null ? 0 : ((v - lo) / (hi - lo)) * 100;
                const zero = metric === "nps" ? 50 : 0;
                const left = Math.min(pos, zero);
                const width = Math.abs(pos - zero);
                return (
                  <tr key={r.key} className={r.lowSample ? "low-sample" : ""}>
                    <td className="breakdown-key">{keyLabel(r.key)}</td>
                    <td className="bar-col">
                      <div className="hbar">
                        {metric === "nps" && <span className="hbar-zero" />}
                        {v !== null && (
                          <span
                            className={`hbar-fill${v < 0 ? " negative" : ""}`}
                            style={{ left: `${left}%`, width: `${Math.max(width, 0.5)}%` }}
                          />
                        )}
                        <span className="hbar-value">
                          {v === null ? "—" : fmt.number(v, digits)}
                          {IS_PERCENT[metric] && v !== null ? "%" : ""}
                        </span>
                      </div>
                    </td>
                    <td className="num muted">
                      {r.ci ? `${fmt.number(r.ci[0], digits)} … ${fmt.number(r.ci[1], digits)}` : "—"}
                    </td>
                    <td className="num">
                      {fmt.int(r.n)}
                      {r.lowSample && (
                        <span className="low-flag" title={t("chart.lowSample")}>
                          {" "}
                          ⚠
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
