import { Link, useLocation } from "react-router-dom";
import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { EmptyState, ErrorNotice, Spinner } from "../ui/components.js";
import { useDeleteTrigger, useToggleTrigger, useTriggers } from "./queries.js";
import { splitDelay } from "./trigger-form.js";
import type { Trigger } from "./types.js";

/** What sets the trigger off, in a few words. */
function useRuleSummary() {
  const { t, fmt } = useI18n();
  return (tr: Trigger): string => {
    const r = tr.rule;
    if (r.kind === "event") {
      const { delay, delayUnit } = splitDelay(r.delayMinutes);
      return r.delayMinutes
        ? t("dist.summary.eventDelay", { event: r.eventType, delay, unit: t(`dist.unit.${delayUnit}`) })
        : t("dist.summary.event", { event: r.eventType });
    }
    if (r.kind === "schedule")
      return t("dist.summary.schedule", {
        every: r.every,
        unit: t(`dist.unit.${r.unit}`),
        start: fmt.dateTime(new Date(r.startAt).toISOString()),
      });
    const parts = [
      r.urlMatch && t("dist.summary.url", { url: r.urlMatch }),
      r.event && t("dist.summary.pageEvent", { event: r.event }),
      r.exitIntent && t("dist.rule.exitIntent"),
    ];
    return parts.filter(Boolean).join(" · ") || t("dist.summary.anyPage");
  };
}

export function TriggersPage() {
  const { t, fmt } = useI18n();
  const canWrite = useCan("surveys:write");
  const triggers = useTriggers();
  const surveys = useSurveys();
  const toggle = useToggleTrigger();
  const remove = useDeleteTrigger();
  const summary = useRuleSummary();
  const saved = (useLocation().state as { saved?: string } | null)?.saved;
  const surveyName = (id: string) => surveys.data?.find((s) => s.id === id)?.name ?? "—";

  if (triggers.isPending) return <Spinner />;
  if (triggers.error) return <ErrorNotice error={triggers.error} onRetry={() => triggers.refetch()} />;
  const items = triggers.data;
  const create = canWrite && (
    <Link to="/distribution/triggers/new" className="btn btn-primary" data-testid="trigger-new">
      <span aria-hidden="true">+</span> {t("dist.triggers.new")}
    </Link>
  );
  return (
    <div data-testid="triggers-page">
      <div className="dist-section-head">
        <p className="muted">{t("dist.triggers.subtitle")}</p>
        {items.length > 0 && create}
      </div>
      {saved && (
        <p className="notice notice-info" role="status">
          {t("dist.triggers.saved", { name: saved })}
        </p>
      )}
      {(toggle.error || remove.error) && <ErrorNotice error={toggle.error ?? remove.error} />}
      {items.length === 0 ? (
        <section className="card">
          <EmptyState title={t("dist.triggers.emptyTitle")} action={create}>
            {t("dist.triggers.emptyBody")}
          </EmptyState>
        </section>
      ) : (
        <section className="card card-flush table-wrap">
          <table className="table" data-testid="triggers-table">
            <thead>
              <tr>
                <th>{t("dist.editor.name")}</th>
                <th>{t("dist.editor.survey")}</th>
                <th>{t("dist.triggers.when")}</th>
                <th>{t("dist.editor.channel")}</th>
                <th className="num">{t("dist.triggers.sample")}</th>
                <th>{t("dist.triggers.state")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((tr) => (
                <tr key={tr.id} data-testid="trigger-row">
                  <td>
                    <Link to={`/distribution/triggers/${tr.id}`}>{tr.name}</Link>
                  </td>
                  <td>{surveyName(tr.surveyId)}</td>
                  <td>
                    <span className="dist-kind-tag">{t(`dist.kind.${tr.rule.kind}`)}</span> {summary(tr)}
                    {tr.rule.conditions.length > 0 && (
                      <span className="muted small">
                        {" "}
                        · {t("dist.triggers.conditions", { count: tr.rule.conditions.length })}
                      </span>
                    )}
                    {tr.nextRunAt && (
                      <div className="muted small">
                        {t("dist.triggers.nextRun", { at: fmt.dateTime(tr.nextRunAt) })}
                      </div>
                    )}
                  </td>
                  <td>{t(`dist.channel.${tr.channel}`)}</td>
                  <td className="num">{fmt.number(tr.samplePercent)}%</td>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={tr.enabled}
                        disabled={!canWrite || toggle.isPending}
                        onChange={(e) => toggle.mutate({ id: tr.id, enabled: e.target.checked })}
                        data-testid="trigger-toggle"
                      />
                      {tr.enabled ? t("dist.triggers.on") : t("dist.triggers.off")}
                    </label>
                  </td>
                  <td className="dist-row-actions">
                    {canWrite && (
                      <button
                        type="button"
                        className="btn btn-ghost btn-small"
                        onClick={() => {
                          if (window.confirm(t("dist.triggers.deleteConfirm", { name: tr.name })))
                            remove.mutate(tr.id);
                        }}
                      >
                        {t("common.remove")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
