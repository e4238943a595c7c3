import { useMemo } from "react";
import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { ErrorNotice, Spinner } from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import { MoreButton } from "../ui/MoreButton.js";
import { useEditDialog } from "../ui/use-edit-dialog.js";
import {
  useEarlyWarnings,
  useRunWarningRule,
  useWarningRules,
  type WarningRule,
  type WarningRuleInput,
} from "./alerts-queries.js";
import { categoryPath } from "./labels.js";
import { useCategories } from "./queries.js";
import { EditDeleteButtons, EnabledCheck, SettingsCardHead } from "./SettingsList.js";
import { WarningRuleDialog } from "./WarningRuleDialog.js";

/** Early-warning rules and the warnings they raised. */
export function WarningsSection() {
  const { t, fmt, lang } = useI18n();
  const canEdit = useCan("feedback:write");
  const { list, create, update, remove } = useWarningRules();
  const run = useRunWarningRule();
  const warnings = useEarlyWarnings();
  const surveys = useSurveys();
  const categories = useCategories(true);
  const dialog = useEditDialog<WarningRule, WarningRuleInput>(create, update);
  const byId = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);
  const ruleNames = useMemo(() => new Map((list.data ?? []).map((r) => [r.id, r.name])), [list.data]);
  const items = warnings.data?.pages.flatMap((p) => p.items) ?? [];
  const scope = (r: WarningRule) => {
    const cat = r.categoryId ? byId.get(r.categoryId) : undefined;
    return [
      t(`alerts.metric.${r.metric}`) + (cat ? `: ${categoryPath(cat, byId, lang)}` : ""),
      t("alerts.window", { w: r.windowDays, b: r.baselineDays }),
      r.segmentBy.length ? t("alerts.bySegment", { by: r.segmentBy.join(", ") }) : null,
      t("alerts.minNShort", { n: r.minN }),
    ]
      .filter(Boolean)
      .join(" · ");
  };
  return (
    <section className="card" data-testid="warning-rules">
      <SettingsCardHead
        title={t("alerts.warnings")}
        hint={t("alerts.warningsHint")}
        addLabel={t("alerts.warning.new")}
        onAdd={canEdit ? () => dialog.open("new") : undefined}
      />
      {list.error ? (
        <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Spinner />
      ) : list.data.length === 0 ? (
        <p className="muted small">{t("alerts.warnings.empty")}</p>
      ) : (
        <ul className="fb-settings-list">
          {list.data.map((r) => (
            <li key={r.id} className={r.enabled ? "" : "fb-disabled"}>
              <div className="fb-settings-main">
                <strong>{r.name}</strong>
                <div className="small">{scope(r)}</div>
                {r.lastRunAt && (
                  <div className="muted small">{t("alerts.lastRun", { at: fmt.dateTime(r.lastRunAt) })}</div>
                )}
              </div>
              {canEdit && (
                <div className="fb-settings-tools">
                  <EnabledCheck
                    checked={r.enabled}
                    onChange={(enabled) => update.mutate({ id: r.id, enabled })}
                  />
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    disabled={run.isPending}
                    onClick={() => run.mutate(r.id)}
                  >
                    {t("alerts.runNow")}
                  </button>
                  <EditDeleteButtons
                    onEdit={() => dialog.open(r)}
                    onDelete={() => remove.mutate(r.id)}
                    confirm={t("alerts.deleteConfirm", { name: r.name })}
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {run.data && (
        <p className="notice notice-info small">{t("alerts.ran", { count: run.data.warnings.length })}</p>
      )}
      {run.error && <p className="field-error">{errorText(t, run.error)}</p>}
      {remove.error && <ErrorNotice error={remove.error} />}
      <h3 className="fb-subhead">{t("alerts.recentWarnings")}</h3>
      {warnings.error ? (
        <ErrorNotice error={warnings.error} onRetry={() => warnings.refetch()} />
      ) : warnings.isPending ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted small">{t("alerts.recentWarnings.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t("alerts.when")}</th>
                <th>{t("routing.name")}</th>
                <th>{t("alerts.segment")}</th>
                <th className="num">{t("alerts.baseline")}</th>
                <th className="num">{t("alerts.current")}</th>
                <th className="num">{t("alerts.change")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <tr key={w.id}>
                  <td className="nowrap">{fmt.dateTime(w.createdAt)}</td>
                  <td>{ruleNames.get(w.ruleId) ?? t(`alerts.metric.${w.metric}`)}</td>
                  <td>{w.segment ? `${w.segment.name} = ${w.segment.value}` : t("alerts.wholeScope")}</td>
                  <td className="num">
                    {fmt.number(w.previous.value, 1)}{" "}
                    <span className="muted small">(n {fmt.int(w.previous.n)})</span>
                  </td>
                  <td className="num">
                    {fmt.number(w.current.value, 1)}{" "}
                    <span className="muted small">(n {fmt.int(w.current.n)})</span>
                  </td>
                  <td className="num delta-bad">
                    {fmt.signed(w.diff, 1)}{" "}
                    <span className="muted small">
                      p {w.pValue < 0.001 ? "< 0.001" : fmt.number(w.pValue, 3)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton pages={warnings} label={t("feedback.more")} />
      {dialog.item && (
        <WarningRuleDialog
          rule={dialog.item === "new" ? null : dialog.item}
          surveys={surveys.data ?? []}
          categories={categories.data ?? []}
          pending={dialog.pending}
          error={dialog.error}
          onSubmit={dialog.submit}
          onClose={dialog.close}
        />
      )}
    </section>
  );
}
