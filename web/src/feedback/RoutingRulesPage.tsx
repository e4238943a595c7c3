import { useMemo } from "react";
import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { EmptyState, ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { FeedbackTabs } from "./FeedbackTabs.js";
import { categoryPath } from "./labels.js";
import { useCategories, useMembers, usePromoPools, useRoutingRules, useRuleMutations } from "./queries.js";
import { RuleDialog } from "./RuleDialog.js";
import type { RoutingRule, RoutingRuleInput } from "./types.js";
import "./feedback.css";
import { useEditDialog } from "../ui/use-edit-dialog.js";
import { EditDeleteButtons } from "./SettingsList.js";

/** Routing rules, tried in position order: the first that matches a new answer opens its case. */
export function RoutingRulesPage() {
  const { t, lang } = useI18n();
  const canEdit = useCan("feedback:write");
  const rules = useRoutingRules();
  const categories = useCategories(true);
  const surveys = useSurveys();
  const members = useMembers(useCan("admin"));
  const pools = usePromoPools();
  const { create, update, remove } = useRuleMutations();
  const dialog = useEditDialog<RoutingRule, RoutingRuleInput>(create, update);
  useDocumentTitle(t("routing.title"));

  const byId = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);
  const surveyNames = useMemo(() => new Map((surveys.data ?? []).map((s) => [s.id, s.name])), [surveys.data]);
  const people = useMemo(
    () => new Map((members.data ?? []).map((m) => [m.id, m.name || m.email])),
    [members.data],
  );
  const poolNames = useMemo(() => new Map((pools.data ?? []).map((p) => [p.id, p.name])), [pools.data]);
  const list = [...(rules.data ?? [])].sort((a, b) => a.position - b.position);

  const describe = (r: RoutingRule) => {
    const c = r.conditions;
    const parts: string[] = [];
    if (c.groups) parts.push(c.groups.map((g) => t(`group.${g}.plural`)).join(" / "));
    if (c.categoryIds)
      parts.push(
        c.categoryIds
          .map((id) => {
            const cat = byId.get(id);
            return cat ? categoryPath(cat, byId, lang) : "?";
          })
          .join(" / "),
      );
    if (c.surveyIds) parts.push(c.surveyIds.map((id) => surveyNames.get(id) ?? "?").join(" / "));
    if (c.attribute) parts.push(`${c.attribute.name} = ${c.attribute.values.join(" / ")}`);
    return parts.length ? parts.join(" · ") : t("routing.everyAnswer");
  };

  return (
    <div className="page fb-page" data-testid="routing-page">
      <div className="page-header">
        <div>
          <h1>{t("routing.title")}</h1>
          <p className="muted small">{t("routing.subtitle")}</p>
        </div>
        {canEdit && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => dialog.open("new")}
            data-testid="rule-add"
          >
            {t("routing.new")}
          </button>
        )}
      </div>
      <FeedbackTabs />
      {remove.error && <ErrorNotice error={remove.error} />}
      {rules.error ? (
        <ErrorNotice error={rules.error} onRetry={() => rules.refetch()} />
      ) : rules.isPending ? (
        <Spinner />
      ) : list.length === 0 ? (
        <EmptyState title={t("routing.empty")}>{t("routing.emptyHint")}</EmptyState>
      ) : (
        <section className="card card-flush">
          <div className="table-wrap">
            <table className="table" data-testid="rules-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>{t("routing.name")}</th>
                  <th>{t("routing.when")}</th>
                  <th>{t("routing.then")}</th>
                  <th className="num">{t("routing.dueHours")}</th>
                  <th>{t("routing.enabled")}</th>
                  {canEdit && <th />}
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id} data-testid="rule-row" className={r.enabled ? "" : "fb-disabled"}>
                    <td className="num">{r.position}</td>
                    <td>
                      <strong>{r.name}</strong>
                    </td>
                    <td className="small">{describe(r)}</td>
                    <td className="small">
                      {[r.team, r.ownerId ? (people.get(r.ownerId) ?? t("case.owner.someone")) : null]
                        .filter(Boolean)
                        .join(" · ") || "—"}
                      {r.promoPoolId && (
                        <div className="muted">
                          {t("routing.withPool", { name: poolNames.get(r.promoPoolId) ?? "?" })}
                        </div>
                      )}
                    </td>
                    <td className="num">
                      {r.dueHours} {t("routing.hoursShort")}
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        checked={r.enabled}
                        disabled={!canEdit}
                        aria-label={t("routing.enabled")}
                        onChange={(e) => update.mutate({ id: r.id, enabled: e.target.checked })}
                      />
                    </td>
                    {canEdit && (
                      <td className="nowrap">
                        <EditDeleteButtons
                          onEdit={() => dialog.open(r)}
                          onDelete={() => remove.mutate(r.id)}
                          confirm={t("routing.deleteConfirm", { name: r.name })}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {dialog.item && (
        <RuleDialog
          rule={dialog.item === "new" ? null : dialog.item}
          nextPosition={list.length ? Math.max(...list.map((r) => r.position)) + 1 : 1}
          categories={categories.data ?? []}
          surveys={surveys.data ?? []}
          members={members.data ?? []}
          pools={pools.data ?? []}
          pending={dialog.pending}
          error={dialog.error}
          onSubmit={dialog.submit}
          onClose={dialog.close}
        />
      )}
    </div>
  );
}
