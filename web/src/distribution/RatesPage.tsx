import { useMemo } from "react";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { type PeriodPreset, presetPeriod, startOfDayIn } from "../lib/dates.js";
import { PeriodPicker } from "../results/PeriodPicker.js";
import { periodFrom, presetPatch } from "../results/period-url.js";
import { useSurveys } from "../surveys/queries.js";
import { EmptyState, ErrorNotice, Spinner } from "../ui/components.js";
import { FilterSelect, namedOptions } from "../ui/FilterSelect.js";
import { useUrlParams } from "../ui/url-params.js";
import { CHANNELS, channelOptions } from "./channel-options.js";
import { useRates, useTriggers } from "./queries.js";
import type { RateGroup, RateRow } from "./types.js";

const GROUPS: RateGroup[] = ["channel", "survey", "trigger", "day", "week", "month"];

/** Response rate (answered / delivered, 95% interval) per channel, survey, trigger or period. */
export function RatesPage() {
  const { t, fmt, lang } = useI18n();
  const tz = useSession().workspace.timeZone;
  const { params, set } = useUrlParams();
  const period = useMemo(
    () => (params.get("period") ? periodFrom(params, tz) : presetPeriod("90d", tz)),
    [params, tz],
  );
  const groupBy = GROUPS.find((g) => g === params.get("by")) ?? "channel";
  const channel = params.get("channel") || undefined;
  const surveyId = params.get("survey") || undefined;
  const rates = useRates({
    groupBy,
    from: startOfDayIn(period.from, tz),
    to: startOfDayIn(period.to, tz),
    channel,
    surveyId,
  });
  const surveys = useSurveys();
  const triggers = useTriggers();

  // While another grouping loads, the rows shown are still the previous one's: label them as such.
  const shownBy = GROUPS.find((g) => g === rates.data?.groupBy) ?? groupBy;
  const label = (r: RateRow): string => {
    const groupBy = shownBy;
    if (groupBy === "day" || groupBy === "week" || groupBy === "month") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.key)) return r.key;
    }
    if (groupBy === "channel") {
      const ch = CHANNELS.find((c) => c === r.key);
      return ch ? t(`dist.channel.${ch}`) : r.key;
    }
    if (groupBy === "survey") return surveys.data?.find((s) => s.id === r.key)?.name ?? r.key;
    if (groupBy === "trigger")
      return r.key
        ? (triggers.data?.find((x) => x.id === r.key)?.name ?? t("dist.rates.deletedTrigger"))
        : t("dist.rates.noTrigger");
    if (groupBy === "month")
      return new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(
        new Date(`${r.key}T00:00:00Z`),
      );
    return groupBy === "week" ? t("dist.rates.weekOf", { day: fmt.day(r.key) }) : fmt.day(r.key);
  };

  return (
    <div data-testid="rates-page">
      <div className="dist-section-head">
        <p className="muted">{t("dist.rates.subtitle", { tz })}</p>
        <PeriodPicker
          period={period}
          onPreset={(preset: PeriodPreset) => set(presetPatch(preset, period))}
          onCustom={(from, last) => set({ period: "custom", from, to: last })}
        />
      </div>
      <div className="toolbar dist-filters">
        <fieldset className="segmented segmented-small" aria-label={t("dist.rates.groupBy")}>
          {GROUPS.map((g) => (
            <button
              key={g}
              type="button"
              className={groupBy === g ? "active" : ""}
              aria-pressed={groupBy === g}
              onClick={() => set({ by: g === "channel" ? null : g })}
              data-testid={`rates-by-${g}`}
            >
              {t(`dist.rates.by.${g}`)}
            </button>
          ))}
        </fieldset>
        <FilterSelect
          className="dist-filter"
          label={t("dist.editor.channel")}
          value={channel ?? ""}
          onChange={(channel) => set({ channel })}
          allLabel={t("dist.filter.all")}
          options={channelOptions(t)}
          testId="rates-channel"
        />
        <FilterSelect
          className="dist-filter"
          label={t("dist.editor.survey")}
          value={surveyId ?? ""}
          onChange={(survey) => set({ survey })}
          allLabel={t("dist.filter.all")}
          options={namedOptions(surveys.data)}
        />
      </div>
      {rates.isPending ? (
        <Spinner />
      ) : rates.error ? (
        <ErrorNotice error={rates.error} onRetry={() => rates.refetch()} />
      ) : rates.data.items.length === 0 ? (
        <section className="card">
          <EmptyState title={t("dist.rates.emptyTitle")}>{t("dist.rates.emptyBody")}</EmptyState>
        </section>
      ) : (
        <section className={`card card-flush table-wrap${rates.isPlaceholderData ? " stale" : ""}`}>
          <table className="table" data-testid="rates-table">
            <thead>
              <tr>
                <th>{t(`dist.rates.by.${shownBy}`)}</th>
                <th className="num">{t("dist.rates.delivered")}</th>
                <th className="num">{t("dist.status.opened")}</th>
                <th className="num">{t("dist.status.answered")}</th>
                <th className="dist-rate-col">{t("dist.rates.rate")}</th>
                <th className="num">{t("dist.status.queued")}</th>
                <th className="num">{t("dist.status.bounced")}</th>
                <th className="num">{t("dist.status.suppressed")}</th>
                <th className="num">{t("dist.status.failed")}</th>
              </tr>
            </thead>
            <tbody>
              {rates.data.items.map((r) => (
                <tr key={r.key || "none"} data-testid="rates-row">
                  <td>{label(r)}</td>
                  <td className="num">{fmt.int(r.delivered)}</td>
                  <td className="num">{fmt.int(r.opened)}</td>
                  <td className="num">{fmt.int(r.answered)}</td>
                  <td className="dist-rate-col">
                    {r.responseRate === null ? (
                      <span className="muted">—</span>
                    ) : (
                      <div
                        className="dist-rate"
                        title={
                          r.low !== null && r.high !== null
                            ? t("dist.rates.ci", { low: fmt.number(r.low, 1), high: fmt.number(r.high, 1) })
                            : undefined
                        }
                      >
                        <span className="dist-rate-bar" aria-hidden="true">
                          <span style={{ width: `${Math.min(100, r.responseRate)}%` }} />
                        </span>
                        <strong>{fmt.number(r.responseRate, 1)}%</strong>
                        {r.low !== null && r.high !== null && (
                          <span className="muted small">
                            {fmt.number(r.low, 1)}–{fmt.number(r.high, 1)}
                          </span>
                        )}
                        {r.lowSample && <span className="low-flag small">{t("dist.rates.lowSample")}</span>}
                      </div>
                    )}
                  </td>
                  <td className="num">{fmt.int(r.queued)}</td>
                  <td className="num">{fmt.int(r.bounced)}</td>
                  <td className="num">{fmt.int(r.suppressed)}</td>
                  <td className="num">{fmt.int(r.failed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
