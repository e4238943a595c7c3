import type { MetricName, PortfolioResult } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { IS_PERCENT, METRIC_DIGITS, METRIC_LABEL, METRIC_NAME } from "../surveys/metric-info.js";

type Cell = PortfolioResult["rows"][number]["cells"][string];

/** The span a column's scales share: every row's interval fits, so positions compare down a column. */
function columnSpan(rows: PortfolioResult["rows"], metric: string): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const c = r.cells[metric];
    if (!c || c.value === null) continue;
    lo = Math.min(lo, c.ci?.[0] ?? c.value, c.value);
    hi = Math.max(hi, c.ci?.[1] ?? c.value, c.value);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const pad = (hi - lo) * 0.06 || 1;
  return [lo - pad, hi + pad];
}

/** Rows of groups (customer types, plans, countries…) by columns of metrics, a score card in each cell. */
export function PortfolioGrid({
  result,
  byLabel,
  keyLabel,
  stale,
}: {
  result: PortfolioResult;
  byLabel: string;
  keyLabel: (key: string) => string;
  stale: boolean;
}) {
  const { t } = useI18n();
  const metrics = result.metrics;
  const spans = new Map(metrics.map((m) => [m, columnSpan(result.rows, m)]));
  const name = (k: string) =>
    k === "(none)" ? t("breakdown.none") : k === "(other)" ? t("breakdown.other") : keyLabel(k);
  return (
    <div className="table-wrap">
      <table
        className={`portfolio-table${stale ? " stale" : ""}`}
        style={{ minWidth: 170 + metrics.length * 180 }}
        data-testid="portfolio-grid"
      >
        <thead>
          <tr>
            <th className="portfolio-corner">{byLabel}</th>
            {metrics.map((m) => (
              <th key={m} className="portfolio-metric" title={t(METRIC_NAME[m])}>
                <span className="metric-tag">{t(METRIC_LABEL[m])}</span>
                <span className="muted small">{t(METRIC_NAME[m])}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row) => (
            <tr key={row.key} data-testid="portfolio-row" data-key={row.key}>
              <th scope="row" className="portfolio-key" title={row.key}>
                {name(row.key)}
              </th>
              {metrics.map((m) => (
                <td key={m}>
                  <ScoreCell metric={m} cell={row.cells[m]} span={spans.get(m) ?? null} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {result.rows.some((r) => Object.values(r.cells).some((c) => c.lowSample && c.n > 0)) && (
        <p className="muted small portfolio-legend-note">
          <span className="low-flag">⚠</span> {t("portfolio.lowNote")}
        </p>
      )}
    </div>
  );
}

function ScoreCell({
  metric,
  cell,
  span,
}: {
  metric: MetricName;
  cell: Cell | undefined;
  span: [number, number] | null;
}) {
  const { t, fmt } = useI18n();
  const digits = METRIC_DIGITS[metric];
  if (!cell || cell.value === null || cell.n === 0)
    return (
      <div className="portfolio-cell empty-cell" data-testid="portfolio-cell" data-metric={metric}>
        <span className="muted small">{t("portfolio.noAnswers")}</span>
      </div>
    );
  const pos = (v: number) => (span ? ((v - span[0]) / (span[1] - span[0])) * 100 : 50);
  return (
    <div
      className={`portfolio-cell${cell.lowSample ? " low-sample" : ""}`}
      data-testid="portfolio-cell"
      data-metric={metric}
      data-value={cell.value}
      data-n={cell.n}
      title={cell.lowSample ? t("chart.lowSample") : undefined}
    >
      <div className="cell-main">
        <span className="cell-value">
          {fmt.number(cell.value, digits)}
          {IS_PERCENT[metric] && <span className="cell-unit">%</span>}
        </span>
        {cell.lowSample && (
          <span className="low-flag" title={t("chart.lowSample")} data-testid="portfolio-low">
            ⚠
          </span>
        )}
      </div>
      <div className="ci-track" aria-hidden="true">
        {cell.ci && (
          <span
            className="ci-band"
            style={{
              left: `${pos(cell.ci[0])}%`,
              width: `${Math.max(pos(cell.ci[1]) - pos(cell.ci[0]), 1)}%`,
            }}
          />
        )}
        <span className="ci-dot" style={{ left: `${pos(cell.value)}%` }} />
      </div>
      <div className="cell-facts muted small">
        <span>n = {fmt.int(cell.n)}</span>
        <span>{cell.ci ? `${fmt.number(cell.ci[0], digits)} … ${fmt.number(cell.ci[1], digits)}` : "—"}</span>
      </div>
    </div>
  );
}
