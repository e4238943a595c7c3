import { useI18n } from "../i18n/I18nProvider.js";
import type { Cohorts } from "./types.js";

/** Background for a retention share: the darker, the more of the cohort is still active. */
function shade(percent: number): string {
  const alpha = 0.08 + (0.8 * Math.max(0, Math.min(100, percent))) / 100;
  return `rgba(37, 99, 235, ${alpha.toFixed(3)})`;
}

/** The cohort triangle as a heat map: a row per cohort, a column per month since the first purchase. */
export function CohortTriangle({ cohorts }: { cohorts: Cohorts }) {
  const { t, fmt } = useI18n();
  const depth = cohorts.cohorts.reduce((d, c) => Math.max(d, c.retention.length), 0);
  if (!cohorts.cohorts.length) return <p className="muted">{t("business.cohorts.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="table business-cohorts" data-testid="business-cohorts">
        <thead>
          <tr>
            <th>{t("business.cohorts.cohort")}</th>
            <th className="num">{t("business.cohorts.size")}</th>
            {Array.from({ length: depth }, (_, k) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are offsets 0…depth−1
              <th key={k} className="num">
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.cohorts.map((c) => (
            <tr key={c.cohort} data-testid="business-cohort">
              <th scope="row">{c.cohort}</th>
              <td className="num">{fmt.int(c.size)}</td>
              {Array.from({ length: depth }, (_, k) => {
                const share = c.retention[k];
                return share === undefined ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are offsets
                  <td key={k} />
                ) : (
                  <td
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are offsets
                    key={k}
                    className="num business-cell"
                    style={{ background: shade(share), color: share > 55 ? "#fff" : undefined }}
                    title={`${fmt.int(c.active[k] ?? 0)} / ${fmt.int(c.size)}`}
                  >
                    {fmt.number(share, 0)}%
                  </td>
                );
              })}
            </tr>
          ))}
          <tr className="business-curve">
            <th scope="row">Σ</th>
            <td />
            {cohorts.curve.map((p, k) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are offsets
              <td key={k} className="num">
                {p.value === null ? "—" : `${fmt.number(p.value, 0)}%`}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
