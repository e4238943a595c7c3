import { useMemo } from "react";
import { Link } from "react-router-dom";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { type PeriodPreset, presetPeriod } from "../lib/dates.js";
import { PeriodPicker } from "../results/PeriodPicker.js";
import { periodFrom, presetPatch } from "../results/period-url.js";
import { EmptyState, ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { Card, SharePercent } from "./Card.js";
import { ChurnTrendSection, type TrendUnit } from "./ChurnTrendChart.js";
import { ClvSection } from "./ClvSection.js";
import { CohortTriangle } from "./CohortTriangle.js";
import { EngagementSection } from "./EngagementCharts.js";
import { FeedbackValueTable } from "./FeedbackValueTable.js";
import type { EngagementUnit } from "./periods.js";
import { useBusinessMetrics, useCohorts, useFeedbackValue } from "./queries.js";
import type { MetricsBlock } from "./types.js";
import "./business.css";
import { useUrlParams } from "../ui/url-params.js";

/**
 * "Customers & revenue": churn, retention, revenue and CLV score cards, the churn/retention trend, cohorts,
 * engagement, feedback in money and predicted CLV.
 */
export function BusinessPage() {
  const { t, fmt } = useI18n();
  const me = useSession();
  const tz = me.workspace.timeZone;
  const { params, set } = useUrlParams();
  useDocumentTitle(t("business.title"));
  const period = useMemo(
    () => (params.get("period") ? periodFrom(params, tz) : presetPeriod("12m", tz)),
    [params, tz],
  );
  const query = { from: period.from, to: period.to };
  const metrics = useBusinessMetrics(query);
  const cohorts = useCohorts(query);
  const value = useFeedbackValue(query);
  const trendUnit: TrendUnit = params.get("trend") === "quarter" ? "quarter" : "month";
  const engagementParam = params.get("engagement");
  const engagementUnit: EngagementUnit =
    engagementParam === "day" || engagementParam === "month" ? engagementParam : "week";

  if (metrics.isPending) return <Spinner />;
  if (metrics.error) return <ErrorNotice error={metrics.error} onRetry={() => metrics.refetch()} />;
  const r = metrics.data;
  const m = r.metrics;
  const p = r.previous;
  const money = (v: number | null | undefined) => (v == null ? "—" : fmt.number(v, 0));
  const pct = (v: number | null | undefined) => (v == null ? null : `${fmt.number(v, 1)}%`);
  const ratio = (v: number | null) => (v === null ? "—" : fmt.number(v, 2));
  const lost =
    r.lost.kind === "subscriptionEnded"
      ? t("business.lost.subscriptionEnded")
      : t("business.lost.noPurchaseFor", { count: r.lost.days ?? 0 });
  const empty = m.customers.active === 0 && m.revenue.orders === 0 && m.revenueChurn.mrrAtStart === 0;

  return (
    <div className="page business-page" data-testid="business-page">
      <div className="page-header">
        <div>
          <h1>{t("business.title")}</h1>
          <p className="muted small">{t("business.subtitle", { tz, lost })}</p>
        </div>
        <div className="header-actions">
          <Link to="/business/settings" className="btn btn-ghost" data-testid="business-settings-link">
            {t("business.settings.link")}
          </Link>
          <PeriodPicker
            period={period}
            onPreset={(preset: PeriodPreset) => set(presetPatch(preset, period))}
            onCustom={(from, last) => set({ period: "custom", from, to: last })}
          />
        </div>
      </div>
      {r.currencies.length > 1 && (
        <p className="notice">{t("business.currencies", { list: r.currencies.join(", ") })}</p>
      )}
      {empty ? (
        <EmptyState title={t("business.empty.title")}>{t("business.empty.body")}</EmptyState>
      ) : (
        <>
          <div className={`business-cards${metrics.isPlaceholderData ? " stale" : ""}`}>
            <Cards m={m} p={p} money={money} pct={pct} ratio={ratio} />
          </div>
          <ChurnTrendSection
            query={query}
            unit={trendUnit}
            onUnit={(u) => set({ trend: u === "month" ? null : u })}
          />
          <section className="card">
            <h2 className="card-title">{t("business.cohorts")}</h2>
            <p className="muted small">{t("business.cohorts.hint")}</p>
            {cohorts.data ? (
              <CohortTriangle cohorts={cohorts.data} />
            ) : cohorts.error ? (
              <ErrorNotice error={cohorts.error} />
            ) : (
              <Spinner />
            )}
          </section>
          <EngagementSection
            query={query}
            unit={engagementUnit}
            onUnit={(u) => set({ engagement: u === "week" ? null : u })}
          />
          <section className="card">
            <h2 className="card-title">{t("business.feedback")}</h2>
            <p className="muted small">{t("business.feedback.hint")}</p>
            {value.data ? (
              <FeedbackValueTable value={value.data} />
            ) : value.error ? (
              <ErrorNotice error={value.error} />
            ) : (
              <Spinner />
            )}
          </section>
          <ClvSection />
        </>
      )}
    </div>
  );
}

function Cards({
  m,
  p,
  money,
  pct,
  ratio,
}: {
  m: MetricsBlock;
  p: MetricsBlock;
  money: (v: number | null | undefined) => string;
  pct: (v: number | null | undefined) => string | null;
  ratio: (v: number | null) => string;
}) {
  const { t, fmt } = useI18n();
  const inputs = m.clv.inputs;
  const given = (source: string) => (source === "given" ? ` (${t("business.given")})` : "");
  return (
    <>
      <Card
        title={t("business.card.churn")}
        testId="business-churn"
        value={<SharePercent share={m.churn} />}
        previous={pct(p.churn.value)}
      >
        <span>
          {t("business.card.churnDetail", {
            lost: fmt.int(m.customers.lost),
            atStart: fmt.int(m.customers.atStart),
          })}
        </span>
        {m.customers.joinedAndLost > 0 && (
          <span>{t("business.card.joinedLost", { count: m.customers.joinedAndLost })}</span>
        )}
      </Card>
      <Card
        title={t("business.card.retention")}
        testId="business-crr"
        value={<SharePercent share={m.retention} />}
        previous={pct(p.retention.value)}
      >
        <span>
          {t("business.card.retentionDetail", {
            s: fmt.int(m.customers.atStart),
            e: fmt.int(m.customers.atEnd),
            n: fmt.int(m.customers.acquired),
          })}
        </span>
      </Card>
      <Card
        title={t("business.card.revenue")}
        testId="business-revenue"
        value={money(m.revenue.amount)}
        previous={money(p.revenue.amount)}
      >
        <span>{t("business.card.revenueDetail", { count: m.revenue.orders })}</span>
      </Card>
      <Card
        title={t("business.card.arpu")}
        value={money(m.arpu.value)}
        previous={p.arpu.value === null ? null : money(p.arpu.value)}
      >
        <span>{t("business.card.arpuDetail", { count: m.arpu.n })}</span>
      </Card>
      <Card
        title={t("business.card.revenueChurn")}
        value={pct(m.revenueChurn.gross) ?? "—"}
        previous={pct(p.revenueChurn.gross)}
      >
        <span>{t("business.card.revenueChurnNet", { value: pct(m.revenueChurn.net) ?? "—" })}</span>
        <span>
          {t("business.card.mrr", {
            from: money(m.revenueChurn.mrrAtStart),
            to: money(m.revenueChurn.mrrAtEnd),
          })}
        </span>
      </Card>
      <Card
        title={t("business.card.rpr")}
        value={<SharePercent share={m.repeatPurchaseRate} />}
        previous={pct(p.repeatPurchaseRate.value)}
      >
        <span>
          {t("business.card.rprDetail", {
            repeat: fmt.int(m.repeatPurchaseRate.count),
            buyers: fmt.int(m.repeatPurchaseRate.n),
          })}
        </span>
      </Card>
      <Card title={t("business.card.repurchase")} value={ratio(m.repurchaseRatio.value)}>
        <span>
          {t("business.card.ratioDetail", {
            numerator: fmt.int(m.repurchaseRatio.numerator),
            denominator: fmt.int(m.repurchaseRatio.denominator),
          })}
        </span>
      </Card>
      <Card title={t("business.card.upselling")} value={ratio(m.upsellingRatio.value)}>
        <span>
          {t("business.card.ratioDetail", {
            numerator: fmt.int(m.upsellingRatio.numerator),
            denominator: fmt.int(m.upsellingRatio.denominator),
          })}
        </span>
      </Card>
      <Card
        title={t("business.card.referral")}
        value={<SharePercent share={m.referralRate} />}
        previous={pct(p.referralRate.value)}
      >
        <span>
          {t("business.card.referralDetail", {
            count: fmt.int(m.referralRate.count),
            n: fmt.int(m.referralRate.n),
          })}
        </span>
      </Card>
      {m.crc && (
        <Card title={t("business.card.crc")} value={money(m.crc.value)}>
          <span>{t("business.card.crcDetail")}</span>
        </Card>
      )}
      {m.cac && (
        <Card title={t("business.card.cac")} value={money(m.cac.value)}>
          <span>{t("business.card.cacDetail", { count: m.cac.n })}</span>
        </Card>
      )}
      <Card title={t("business.card.clv")} testId="business-clv-formula" value={money(m.clv.value)}>
        {m.clv.value === null ? (
          <span>{t("business.card.clvMissing")}</span>
        ) : (
          <span>
            {t("business.card.clvDetail", {
              revenue:
                money(inputs.annualRevenuePerCustomer.value) + given(inputs.annualRevenuePerCustomer.source),
              years:
                fmt.number(inputs.relationshipYears.value ?? 0, 1) + given(inputs.relationshipYears.source),
              cac: money(inputs.cac.value) + given(inputs.cac.source),
            })}
          </span>
        )}
      </Card>
    </>
  );
}
