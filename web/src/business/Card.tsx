import type { ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import type { Share } from "./types.js";

/** A score card: title, headline value, details, and the previous period's value. */
export function Card({
  title,
  value,
  previous,
  children,
  testId,
}: {
  title: string;
  value: ReactNode;
  previous?: string | null;
  children?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <section className="card business-card" aria-label={title} data-testid={testId}>
      <h2 className="business-card-title">{title}</h2>
      <div className="business-value">{value}</div>
      <div className="business-card-detail muted small">{children}</div>
      {previous && <p className="muted small">{t("business.previous", { value: previous })}</p>}
    </section>
  );
}

/** A share in percent with its 95% interval on hover; "—" without data. */
export function SharePercent({ share }: { share: Share }) {
  const { t, fmt } = useI18n();
  if (share.value === null) return <>—</>;
  const ci = share.ci ? ` · 95% CI ${fmt.number(share.ci[0], 1)} … ${fmt.number(share.ci[1], 1)}` : "";
  return (
    <span title={`${t("business.n", { n: fmt.int(share.n) })}${ci}`} data-value={share.value}>
      {fmt.number(share.value, 1)}%{share.lowSample && <span className="low-flag"> ⚠</span>}
    </span>
  );
}
