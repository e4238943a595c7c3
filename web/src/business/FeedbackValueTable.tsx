import { useI18n } from "../i18n/I18nProvider.js";
import { SharePercent } from "./Card.js";
import type { FeedbackValue } from "./types.js";

/** Revenue, churn and predicted CLV of promoters, passives and detractors, and the revenue at risk. */
export function FeedbackValueTable({ value }: { value: FeedbackValue }) {
  const { t, fmt } = useI18n();
  const money = (v: number | null | undefined) => (v == null ? "—" : fmt.number(v, 0));
  const gap = value.churnDetractorsVsPromoters;
  return (
    <>
      <div className="table-wrap">
        <table className="table" data-testid="business-feedback-value">
          <thead>
            <tr>
              <th>{t("business.feedback.group")}</th>
              <th className="num">{t("business.feedback.customers")}</th>
              <th className="num">{t("business.feedback.revenue")}</th>
              <th className="num">{t("business.feedback.perCustomer")}</th>
              <th className="num">{t("business.feedback.trailing")}</th>
              <th className="num">{t("business.feedback.churn")}</th>
              <th className="num">{t("business.feedback.clv")}</th>
            </tr>
          </thead>
          <tbody>
            {value.groups.map((g) => (
              <tr key={g.group} data-testid="business-feedback-group" data-group={g.group}>
                <th scope="row">
                  <span className={`business-dot business-dot-${g.group}`} aria-hidden="true" />
                  {t(`business.group.${g.group}`)}
                </th>
                <td className="num">{fmt.int(g.customers)}</td>
                <td className="num">{money(g.revenue)}</td>
                <td className="num">{money(g.revenuePerCustomer)}</td>
                <td className="num">{money(g.trailingRevenue)}</td>
                <td className="num">
                  <SharePercent share={g.churn} />
                </td>
                <td className="num">{money(g.predictedClv?.mean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="business-note" data-testid="business-at-risk">
        {t("business.feedback.atRisk", {
          amount: money(value.revenueAtRisk.amount),
          share: value.revenueAtRisk.share === null ? "—" : `${fmt.number(value.revenueAtRisk.share, 1)}%`,
        })}
      </p>
      {gap.diff !== null && (
        <p className="muted small">
          {t("business.feedback.churnGap", {
            diff: fmt.number(gap.diff, 1),
            significance: t(
              gap.significant ? "business.feedback.significant" : "business.feedback.notSignificant",
            ),
          })}
        </p>
      )}
    </>
  );
}
