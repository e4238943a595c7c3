import { npsGuidance } from "../../../src/metrics/index.js";
import type { MetricName, MetricResult } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { IS_PERCENT, METRIC_DIGITS, METRIC_LABEL, METRIC_NAME } from "../surveys/metric-info.js";
import { GROUP_COLOR } from "./groups.js";

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const share = (v: unknown): number | null =>
  v && typeof v === "object" && "value" in v ? num((v as { value: unknown }).value) : null;

export function formatP(p: number, fmt: ReturnType<typeof useI18n>["fmt"]): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${fmt.number(p, p < 0.01 ? 3 : 2)}`;
}

/** The headline: value, n, 95% CI, change against the previous period of equal length and its significance. */
export function ScoreCard({ metric, result }: { metric: MetricName; result: MetricResult }) {
  const { t, fmt } = useI18n();
  const digits = METRIC_DIGITS[metric];
  const unit = IS_PERCENT[metric] ? "%" : "";
  const prev = result.previous;
  const diff = prev?.diff ?? null;
  const better = diff !== null && (result.lowerIsBetter ? diff < 0 : diff > 0);
  const d = result.detail;

  return (
    <section className="card score-card" aria-label={t(METRIC_NAME[metric])}>
      <header className="score-head">
        <span className="metric-tag">{t(METRIC_LABEL[metric])}</span>
        <span className="muted small">{t(METRIC_NAME[metric])}</span>
      </header>
      <div className="score-main">
        <span className="score-value" data-testid="score-value" data-value={result.value ?? ""}>
          {result.value === null ? "—" : fmt.number(result.value, digits)}
        </span>
        {unit && result.value !== null && <span className="score-unit">{unit}</span>}
      </div>
      <dl className="score-facts">
        <div>
          <dt>{t("score.n")}</dt>
          <dd data-testid="score-n" data-value={result.n}>
            {fmt.int(result.n)}
          </dd>
        </div>
        <div>
          <dt>{t("score.ci")}</dt>
          <dd data-testid="score-ci">
            {result.ci ? `${fmt.number(result.ci[0], digits)} … ${fmt.number(result.ci[1], digits)}` : "—"}
          </dd>
        </div>
      </dl>

      <div className="score-change" data-testid="score-change">
        {!prev || prev.n === 0 || diff === null ? (
          <span className="muted">{t("score.noPrevious")}</span>
        ) : (
          <>
            <div>
              <span
                className={`delta ${prev.significant ? (better ? "delta-good" : "delta-bad") : "delta-flat"}`}
              >
                {diff > 0 ? "▲" : diff < 0 ? "▼" : "•"} {fmt.signed(diff, digits)}
                {unit && ` ${t("score.points")}`}
              </span>{" "}
              <span className="muted">
                {t("score.vsPrevious", {
                  value: prev.value === null ? "—" : fmt.number(prev.value, digits),
                  n: fmt.int(prev.n),
                })}
              </span>
            </div>
            <div className={prev.significant ? "significance yes" : "significance no"}>
              {prev.significant ? t("score.significant") : t("score.notSignificant")}
              {prev.pValue !== null && <span className="muted"> ({formatP(prev.pValue, fmt)})</span>}
            </div>
            {prev.lowSample && (
              <div className="low-flag small" data-testid="previous-low-sample">
                ⚠ {t("score.previousFew", { count: prev.n })}
              </div>
            )}
          </>
        )}
      </div>

      {result.lowSample && result.n > 0 && (
        <p className="notice notice-warn" data-testid="low-sample">
          {t("score.lowSample", { n: result.n })}
        </p>
      )}

      {metric === "nps" && result.n > 0 && <NpsGroups detail={d} total={result.n} />}
      {metric === "nps" && result.value !== null && (
        <p className="score-guidance muted small">
          {t(`score.guidance.${npsGuidance(result.value)}`)} {t("score.guidanceNote")}
        </p>
      )}
      {metric === "csat" && num(d.mean) !== null && (
        <p className="muted small">{t("score.csatMean", { mean: fmt.number(num(d.mean) ?? 0, 2) })}</p>
      )}
      {metric === "ces" && share(d.percentEasy) !== null && (
        <p className="muted small">
          {t("score.cesEasy", { share: fmt.number(share(d.percentEasy) ?? 0, 1) })}
        </p>
      )}
      {metric === "missus" && share(d.top) !== null && (
        <p className="muted small">{t("score.missusTop", { share: fmt.number(share(d.top) ?? 0, 1) })}</p>
      )}
      {result.lowerIsBetter && <p className="notice notice-info small">{t("score.lowerIsBetter")}</p>}
    </section>
  );
}

export function NpsGroups({ detail, total }: { detail: Record<string, unknown>; total: number }) {
  const { t, fmt } = useI18n();
  const parts = [
    { key: "promoter", n: num(detail.promoters) ?? 0, label: t("group.promoters") },
    { key: "passive", n: num(detail.passives) ?? 0, label: t("group.passives") },
    { key: "detractor", n: num(detail.detractors) ?? 0, label: t("group.detractors") },
  ] as const;
  return (
    <div className="nps-groups">
      <div className="stacked-bar" aria-hidden="true">
        {parts.map((p) => (
          <span key={p.key} style={{ width: `${(100 * p.n) / total}%`, background: GROUP_COLOR[p.key] }} />
        ))}
      </div>
      <ul className="legend">
        {parts.map((p) => (
          <li key={p.key}>
            <span className="dot" style={{ background: GROUP_COLOR[p.key] }} />
            {p.label} <strong>{fmt.percent(p.n / total)}</strong>
            <span className="muted"> ({fmt.int(p.n)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
