import type { ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider.js";

/** A score card: title, headline value, its change against the previous period, details, untested previous value. */
export function Figure({
  title,
  value,
  unit,
  change,
  previous,
  children,
  testId,
}: {
  title: string;
  value: ReactNode;
  unit?: string;
  change?: ReactNode;
  previous?: string | null;
  children?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <section className="card support-figure" aria-label={title} data-testid={testId}>
      <h2 className="support-figure-title">{title}</h2>
      <div className="support-figure-value">
        <span className="support-value">{value}</span>
        {unit && <span className="muted small">{unit}</span>}
      </div>
      <div className="support-figure-detail muted small">{children}</div>
      {(change || previous) && (
        <footer className="support-figure-compare">
          {change}
          {previous && <p className="muted small">{t("support.previous", { value: previous })}</p>}
        </footer>
      )}
    </section>
  );
}

/** A share in percent with its 95% interval on hover; "—" without data. */
export function Percent({
  share,
}: {
  share: {
    value: number | null;
    n: number;
    count: number;
    ci: readonly [number, number] | null;
    lowSample: boolean;
  };
}) {
  const { t, fmt } = useI18n();
  if (share.value === null) return <>—</>;
  const ci = share.ci ? `${fmt.number(share.ci[0], 1)} … ${fmt.number(share.ci[1], 1)}` : "";
  return (
    <span
      title={`${t("support.n", { n: fmt.int(share.n) })}${ci ? ` · 95% CI ${ci}` : ""}`}
      data-value={share.value}
    >
      {fmt.number(share.value, 1)}%{share.lowSample && <span className="low-flag"> ⚠</span>}
    </span>
  );
}
