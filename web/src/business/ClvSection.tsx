import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState, ErrorNotice, Spinner } from "../ui/components.js";
import { ClvHistogram } from "./ClvHistogram.js";
import { useClvCustomers, useClvDistribution, useFitClv } from "./queries.js";

/**
 * The latest predictive CLV fit: how the predicted value is spread over the customers, the most valuable
 * ones, a refit button and the full table as CSV or XLSX. Before the first fit, a prompt to fit.
 */
export function ClvSection() {
  const { t, fmt } = useI18n();
  const canFit = useCan("customers:write");
  const list = useClvCustomers(20);
  const distribution = useClvDistribution();
  const fit = useFitClv();
  const data = list.data;
  return (
    <section className="card" data-testid="business-clv">
      <div className="card-head">
        <h2 className="card-title">{t("business.clv")}</h2>
        <div className="inline-controls">
          {data && (
            <a
              className="btn btn-ghost btn-small"
              href="/api/v1/clv/customers.csv"
              download
              data-testid="clv-export"
            >
              {t("business.clv.export")}
            </a>
          )}
          {data && (
            <a
              className="btn btn-ghost btn-small"
              href="/api/v1/clv/customers.xlsx"
              download
              data-testid="clv-export-xlsx"
            >
              {t("business.clv.exportXlsx")}
            </a>
          )}
          {canFit && data && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => fit.mutate()}
              disabled={fit.isPending}
              data-testid="clv-fit"
            >
              {fit.isPending ? t("business.clv.fitting") : t("business.clv.fit")}
            </button>
          )}
        </div>
      </div>
      {fit.error && <ErrorNotice error={fit.error} />}
      {list.isPending ? (
        <Spinner />
      ) : list.error ? (
        <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
      ) : !data ? (
        <EmptyState
          title={t("business.clv.noneTitle")}
          action={
            canFit ? (
              <button
                type="button"
                className="btn"
                onClick={() => fit.mutate()}
                disabled={fit.isPending}
                data-testid="clv-fit"
              >
                {fit.isPending ? t("business.clv.fitting") : t("business.clv.fitFirst")}
              </button>
            ) : undefined
          }
        >
          {t("business.clv.none")}
          {!canFit && ` ${t("business.clv.askAdmin")}`}
        </EmptyState>
      ) : (
        <>
          <p className="muted small">
            {t("business.clv.hint", { months: data.fit.horizonMonths })}{" "}
            {t("business.clv.fitted", {
              when: fmt.dateTime(data.fit.createdAt),
              end: fmt.day(data.fit.calibrationEnd),
              customers: fmt.int(data.fit.totals.customers),
              total: data.fit.totals.clv === null ? "—" : fmt.number(data.fit.totals.clv, 0),
            })}
          </p>
          {distribution.data ? (
            <ClvHistogram distribution={distribution.data} />
          ) : distribution.error ? (
            <ErrorNotice error={distribution.error} onRetry={() => distribution.refetch()} />
          ) : distribution.isPending ? (
            <Spinner />
          ) : null}
          <h3 className="business-chart-title">{t("business.clv.top", { count: data.items.length })}</h3>
          <div className="table-wrap">
            <table className="table" data-testid="clv-customers">
              <thead>
                <tr>
                  <th>{t("business.clv.customer")}</th>
                  <th className="num">{t("business.clv.frequency")}</th>
                  <th className="num">{t("business.clv.alive")}</th>
                  <th className="num">{t("business.clv.purchases")}</th>
                  <th className="num">{t("business.clv.value")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.customerId}>
                    <th scope="row">{c.name ? `${c.name} (${c.externalId})` : c.externalId}</th>
                    <td className="num">{fmt.int(c.frequency)}</td>
                    <td className="num">
                      {c.probabilityAlive === null ? "—" : fmt.percent(c.probabilityAlive, 0)}
                    </td>
                    <td className="num">
                      {c.expectedPurchases === null ? "—" : fmt.number(c.expectedPurchases, 1)}
                    </td>
                    <td className="num">{c.clv === null ? "—" : fmt.number(c.clv, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
