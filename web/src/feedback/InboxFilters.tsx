import { useId } from "react";
import type { TSurvey } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { INBOX_PERIODS, type InboxPeriod, nameOf, taxonomyTree } from "./labels.js";
import type { Category } from "./types.js";

export interface InboxParams {
  period: InboxPeriod;
  group: string;
  surveyId: string;
  categoryId: string;
  sentiment: string;
  q: string;
}

const GROUPS = ["detractor", "passive", "promoter", "low", "neutral", "high"] as const;
const SENTIMENTS = ["negative", "neutral", "positive"] as const;
/** The category filter's value for answers with no category. */
export const UNCATEGORIZED = "none";

/** The inbox filters; every value lives in the URL so a filtered view can be shared. */
export function InboxFilters({
  value,
  search,
  onSearch,
  onChange,
  surveys,
  categories,
}: {
  value: InboxParams;
  search: string;
  onSearch: (q: string) => void;
  onChange: (patch: Partial<InboxParams>) => void;
  surveys: TSurvey[];
  categories: Category[];
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const tree = taxonomyTree(categories);
  const active = value.group || value.surveyId || value.categoryId || value.sentiment || value.q;
  return (
    <div className="card fb-filters" data-testid="inbox-filters">
      <fieldset className="segmented" aria-label={t("period.label")}>
        {INBOX_PERIODS.map((p) => (
          <button
            key={p}
            type="button"
            className={value.period === p ? "active" : ""}
            aria-pressed={value.period === p}
            onClick={() => onChange({ period: p })}
            data-testid={`inbox-period-${p}`}
          >
            {t(`feedback.period.${p}`)}
          </button>
        ))}
      </fieldset>
      <div className="fb-filter-row">
        <label className="fb-filter">
          <span className="small muted">{t("feedback.filter.group")}</span>
          <select
            value={value.group}
            onChange={(e) => onChange({ group: e.target.value })}
            data-testid="inbox-group"
          >
            <option value="">{t("feedback.filter.all")}</option>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`group.${g}.plural`)}
              </option>
            ))}
          </select>
        </label>
        <label className="fb-filter">
          <span className="small muted">{t("feedback.filter.survey")}</span>
          <select
            value={value.surveyId}
            onChange={(e) => onChange({ surveyId: e.target.value })}
            data-testid="inbox-survey"
          >
            <option value="">{t("feedback.filter.allSurveys")}</option>
            {surveys.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="fb-filter">
          <span className="small muted">{t("feedback.filter.category")}</span>
          <select
            value={value.categoryId}
            onChange={(e) => onChange({ categoryId: e.target.value })}
            data-testid="inbox-category"
          >
            <option value="">{t("feedback.filter.all")}</option>
            <option value={UNCATEGORIZED}>{t("feedback.uncategorized")}</option>
            {tree.map(({ parent, children }) => (
              <optgroup key={parent.id} label={nameOf(parent, lang)}>
                <option value={parent.id}>
                  {t("feedback.filter.anyIn", { name: nameOf(parent, lang) })}
                </option>
                {children.map((c) => (
                  <option key={c.id} value={c.id}>
                    {nameOf(c, lang)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="fb-filter">
          <span className="small muted">{t("feedback.sentiment")}</span>
          <select
            value={value.sentiment}
            onChange={(e) => onChange({ sentiment: e.target.value })}
            data-testid="inbox-sentiment"
          >
            <option value="">{t("feedback.filter.all")}</option>
            {SENTIMENTS.map((s) => (
              <option key={s} value={s}>
                {t(`feedback.sentiment.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="fb-filter fb-filter-search">
          <label htmlFor={`${id}-q`} className="small muted">
            {t("feedback.filter.search")}
          </label>
          <input
            id={`${id}-q`}
            type="search"
            value={search}
            maxLength={200}
            placeholder={t("feedback.filter.searchHint")}
            onChange={(e) => onSearch(e.target.value)}
            data-testid="inbox-search"
          />
        </div>
        {active && (
          <button
            type="button"
            className="btn btn-ghost btn-small fb-clear"
            onClick={() => {
              onSearch("");
              onChange({ group: "", surveyId: "", categoryId: "", sentiment: "", q: "" });
            }}
            data-testid="inbox-clear"
          >
            {t("feedback.filter.clear")}
          </button>
        )}
      </div>
    </div>
  );
}
