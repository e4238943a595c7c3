import { useMemo, useState } from "react";
import { ExportLinks } from "../analytics/ExportLinks.js";
import { queryString } from "../api/client.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { type PeriodPreset, presetPeriod } from "../lib/dates.js";
import { PeriodPicker } from "../results/PeriodPicker.js";
import { periodFrom, presetPatch } from "../results/period-url.js";
import { EmptyState, ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { BreachesDialog } from "./BreachesDialog.js";
import { Change, ChangeLine } from "./Change.js";
import { Figure, Percent } from "./Figure.js";
import { FrtDistribution } from "./FrtDistribution.js";
import { formatDuration } from "./format.js";
import { GroupTable } from "./GroupTable.js";
import { HourHeatmap } from "./HourHeatmap.js";
import { useSupportMetrics, useSupportPeople } from "./queries.js";
import { SlaTrendChart } from "./SlaTrendChart.js";
import type { SupportGroup, SupportQuery } from "./types.js";
import "./support.css";
import { useUrlParams } from "../ui/url-params.js";

const GROUPS: SupportGroup[] = ["agent", "team", "channel", "topic", "priority"];

/** The support dashboard: SLA, reply and resolution times, FCR, workload, calls and CSAT for a period. */
export function SupportPage() {
  const { t, fmt } = useI18n();
  const me = useSession();
  const tz = me.workspace.timeZone;
  const { params, set } = useUrlParams();
  const [drill, setDrill] = useState<{ measure: "firstReply" | "resolution"; query: SupportQuery } | null>(
    null,
  );
  useDocumentTitle(t("support.title"));

  const period = useMemo(
    () => (params.get("period") ? periodFrom(params, tz) : presetPeriod("30d", tz)),
    [params, tz],
  );
  const groupBy = GROUPS.find((g) => g === params.get("by")) ?? "agent";
  const filters = {
    channel: params.get("channel") || undefined,
    team: params.get("team") || undefined,
    agent: params.get("agent") || undefined,
  };
  const query: SupportQuery = { from: period.from, to: period.to, ...filters };
  const metrics = useSupportMetrics({ ...query, groupBy });
  const people = useSupportPeople();

  if (metrics.isPending) return <Spinner />;
  if (metrics.error) return <ErrorNotice error={metrics.error} onRetry={() => metrics.refetch()} />;
  const m = metrics.data;
  const c = m.comparison;
  const empty =
    m.tickets.volume === 0 && m.calls.offered === 0 && people.agents.length === 0 && !filters.channel;
  const channels = [
    ...new Set([...m.tickets.byChannel.map((c) => c.channel), ...(filters.channel ? [filters.channel] : [])]),
  ];
  const frt = m.tickets.firstReply;
  const sla = m.sla.firstReply;

  return (
    <div className="page support-page" data-testid="support-page">
      <div className="page-header">
        <div>
          <h1>{t("support.title")}</h1>
          <p className="muted small">{t("support.subtitle", { tz })}</p>
          <ExportLinks
            testId="support-export"
            href={(format) =>
              `/api/v1/support/exports/metrics.${format}${queryString({ ...query, groupBy })}`
            }
          />
        </div>
        <PeriodPicker
          period={period}
          onPreset={(preset: PeriodPreset) => set(presetPatch(preset, period))}
          onCustom={(from, last) => set({ period: "custom", from, to: last })}
        />
      </div>

      <div className="toolbar support-filters">
        <Select
          label={t("support.filter.channel")}
          value={filters.channel}
          options={channels.map((c) => [c, c])}
          onChange={(v) => set({ channel: v })}
          testId="support-channel"
        />
        <Select
          label={t("support.filter.team")}
          value={filters.team}
          options={people.teams.map((x) => [x.externalId, x.name])}
          onChange={(v) => set({ team: v })}
          testId="support-team"
        />
        <Select
          label={t("support.filter.agent")}
          value={filters.agent}
          options={people.agents.map((x) => [x.externalId, x.name])}
          onChange={(v) => set({ agent: v })}
          testId="support-agent"
        />
      </div>

      {empty ? (
        <EmptyState title={t("support.empty.title")}>{t("support.empty.body")}</EmptyState>
      ) : (
        <>
          <div className={`support-cards${metrics.isPlaceholderData ? " stale" : ""}`}>
            <Figure
              title={t("support.card.sla")}
              testId="support-sla"
              value={sla ? <Percent share={sla} /> : "—"}
              change={<Change change={c.slaFirstReply} kind="share" testId="support-sla-change" />}
            >
              {m.sla.policy && sla ? (
                <>
                  <span>
                    {t("support.sla.detail", {
                      met: fmt.int(sla.met),
                      breached: fmt.int(sla.breached),
                      pending: fmt.int(sla.pending),
                    })}
                  </span>
                  <span>{t("support.sla.policy", { name: m.sla.policy.name })}</span>
                  {sla.breached > 0 && (
                    <button
                      type="button"
                      className="btn-link"
                      data-testid="support-show-breached"
                      onClick={() => setDrill({ measure: "firstReply", query })}
                    >
                      {t("support.sla.showBreached", { count: sla.breached })}
                    </button>
                  )}
                </>
              ) : (
                <span>{t("support.sla.noPolicy")}</span>
              )}
            </Figure>
            {m.sla.resolution && (
              <Figure
                title={t("support.card.slaResolution")}
                value={<Percent share={m.sla.resolution} />}
                change={<Change change={c.slaResolution} kind="share" />}
              >
                <span>
                  {t("support.sla.detail", {
                    met: fmt.int(m.sla.resolution.met),
                    breached: fmt.int(m.sla.resolution.breached),
                    pending: fmt.int(m.sla.resolution.pending),
                  })}
                </span>
                {m.sla.resolution.breached > 0 && (
                  <button
                    type="button"
                    className="btn-link"
                    onClick={() => setDrill({ measure: "resolution", query })}
                  >
                    {t("support.sla.showBreached", { count: m.sla.resolution.breached })}
                  </button>
                )}
              </Figure>
            )}
            <Figure
              title={t("support.card.frt")}
              testId="support-frt"
              value={formatDuration(frt.median, t)}
              unit={t("support.frt.median")}
              change={
                <Change
                  change={c.firstReply}
                  kind="duration"
                  label={t("support.change.mean")}
                  testId="support-frt-change"
                />
              }
              previous={
                c.previous.firstReplyMedian !== null
                  ? t("support.previousMedian", { value: formatDuration(c.previous.firstReplyMedian, t) })
                  : null
              }
            >
              <span>
                {t("support.frt.p90")} {formatDuration(frt.p90, t)} · {t("support.frt.mean")}{" "}
                {formatDuration(frt.mean, t)} · {t("support.n", { n: fmt.int(frt.n) })}
              </span>
              {m.tickets.firstReplyBusiness && m.tickets.firstReplyBusiness.n > 0 && (
                <span data-testid="support-frt-business">
                  {t("support.frt.business", {
                    median: formatDuration(m.tickets.firstReplyBusiness.median, t),
                    mean: formatDuration(m.tickets.firstReplyBusiness.mean, t),
                  })}
                </span>
              )}
              {frt.open > 0 && <span className="low-flag">{t("support.frt.open", { count: frt.open })}</span>}
            </Figure>
            <Figure
              title={t("support.card.resolution")}
              value={formatDuration(m.tickets.resolutionTime.median, t)}
              unit={t("support.frt.median")}
              change={<Change change={c.resolutionTime} kind="duration" label={t("support.change.mean")} />}
              previous={
                c.previous.resolutionTimeMedian !== null
                  ? t("support.previousMedian", { value: formatDuration(c.previous.resolutionTimeMedian, t) })
                  : null
              }
            >
              <span>
                {t("support.frt.mean")} {formatDuration(m.tickets.resolutionTime.mean, t)} ·{" "}
                {t("support.frt.p90")} {formatDuration(m.tickets.resolutionTime.p90, t)}
              </span>
            </Figure>
            <Figure
              title={t("support.card.fcr")}
              value={<Percent share={m.tickets.fcr} />}
              change={<Change change={c.fcr} kind="share" testId="support-fcr-change" />}
            >
              <span>{t("support.fcr.window", { hours: fmt.number(m.tickets.fcr.windowHours, 0) })}</span>
            </Figure>
            <Figure
              title={t("support.card.rr")}
              value={<Percent share={m.tickets.resolutionRate} />}
              change={<Change change={c.resolutionRate} kind="share" />}
            >
              <span>{t("support.rr.note")}</span>
            </Figure>
            <Figure
              title={t("support.card.volume")}
              value={fmt.int(m.tickets.volume)}
              previous={fmt.int(c.previous.volume)}
            >
              <span>
                {t("support.card.open")}:{" "}
                <strong data-testid="support-open">{fmt.int(m.tickets.openNow)}</strong>
              </span>
              <span>
                {t("support.card.backlog")}: <strong>{fmt.int(m.tickets.backlog)}</strong>
              </span>
            </Figure>
            <Figure
              title={t("support.card.csat")}
              value={<Percent share={{ ...m.csat.overall, count: m.csat.overall.positive }} />}
              change={<Change change={c.csat} kind="share" />}
            >
              {m.csat.overall.mean !== null && (
                <span>
                  {t("support.frt.mean")} {fmt.number(m.csat.overall.mean, 2)}
                </span>
              )}
            </Figure>
            {m.calls.offered > 0 && (
              <Figure
                title={t("support.card.calls")}
                value={<Percent share={m.calls.serviceLevel} />}
                unit={t("support.calls.sl", {
                  target: fmt.number(m.calls.serviceLevel.targetPercent, 0),
                  seconds: m.calls.serviceLevel.thresholdSeconds,
                })}
                change={<Change change={c.serviceLevel} kind="share" testId="support-sl-change" />}
              >
                <ChangeLine
                  label={t("support.calls.asa")}
                  value={formatDuration(m.calls.asa.mean, t)}
                  change={c.asa}
                  kind="duration"
                  testId="support-asa-change"
                />
                <ChangeLine
                  label={t("support.calls.aht")}
                  value={formatDuration(m.calls.aht.mean, t)}
                  change={c.aht}
                  kind="duration"
                />
                <ChangeLine
                  label={t("support.calls.abandonment")}
                  value={c.abandonment.current === null ? "—" : `${fmt.number(c.abandonment.current, 1)}%`}
                  change={c.abandonment}
                  kind="share"
                />
                <ChangeLine
                  label={t("support.calls.blockage")}
                  value={m.calls.blockage.value === null ? "—" : `${fmt.number(m.calls.blockage.value, 1)}%`}
                  change={c.blockage}
                  kind="share"
                />
                <span>
                  {t("support.calls.detail", {
                    offered: fmt.int(m.calls.offered),
                    abandoned: fmt.int(m.calls.abandoned),
                    blocked: fmt.int(m.calls.blocked),
                  })}
                </span>
              </Figure>
            )}
          </div>

          <div className="support-charts">
            {m.sla.trend && (
              <section className="card" data-testid="support-sla-trend">
                <h2 className="card-title">{t("support.trend")}</h2>
                {m.sla.trend.points.length ? (
                  <SlaTrendChart trend={m.sla.trend} />
                ) : (
                  <p className="muted small">{t("support.trend.empty")}</p>
                )}
              </section>
            )}
            <section className="card" data-testid="support-frt-distribution">
              <h2 className="card-title">{t("support.dist")}</h2>
              {frt.n ? (
                <FrtDistribution buckets={m.tickets.firstReplyDistribution} />
              ) : (
                <p className="muted small">{t("support.dist.empty")}</p>
              )}
            </section>
            <section className="card">
              <h2 className="card-title">{t("support.heatmap")}</h2>
              <HourHeatmap matrix={m.tickets.byHourOfWeek} />
            </section>
            <section className="card">
              <h2 className="card-title">{t("support.channels")}</h2>
              <ul className="support-channels">
                {m.tickets.byChannel.map((c) => (
                  <li key={c.channel}>
                    <span>{c.channel}</span>
                    <span className="bar" style={{ width: `${c.percent}%` }} aria-hidden="true" />
                    <strong>{fmt.int(c.count)}</strong>
                    <span className="muted small">{fmt.number(c.percent, 0)}%</span>
                  </li>
                ))}
              </ul>
            </section>
          </div>

          {m.groups && (
            <section className="card">
              <div className="card-head">
                <h2 className="card-title">{t("support.table")}</h2>
                <label className="inline-controls">
                  <span className="muted small">{t("support.groupBy")}</span>
                  <select
                    value={groupBy}
                    onChange={(e) => set({ by: e.target.value })}
                    data-testid="support-group-by"
                  >
                    {GROUPS.map((g) => (
                      <option key={g} value={g}>
                        {t(`support.group.${g}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <GroupTable
                groups={m.groups}
                onBreached={(key) =>
                  setDrill({
                    measure: "firstReply",
                    query: { ...query, [groupBy]: key === "(none)" ? undefined : key },
                  })
                }
              />
            </section>
          )}
        </>
      )}
      {drill && <BreachesDialog query={drill.query} measure={drill.measure} onClose={() => setDrill(null)} />}
    </div>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string | undefined;
  options: [string, string][];
  onChange: (v: string | null) => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <label className="inline-controls">
      <span className="muted small">{label}</span>
      <select value={value ?? ""} onChange={(e) => onChange(e.target.value || null)} data-testid={testId}>
        <option value="">{t("support.filter.all")}</option>
        {options.map(([v, name]) => (
          <option key={v} value={v}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
