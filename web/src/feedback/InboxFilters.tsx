import { useId } from "react";
import type { TSurvey } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { FilterSelect, namedOptions } from "../ui/FilterSelect.js";
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
        <FilterSelect
          className="fb-filter"
          label={t("feedback.filter.group")}
          value={value.group}
          onChange={(group) => onChange({ group })}
          allLabel={t("feedback.filter.all")}
          options={GROUPS.map((g) => ({ value: g, label: t(`group.${g}.plural`) }))}
          testId="inbox-group"
        />
        <FilterSelect
          className="fb-filter"
          label={t("feedback.filter.survey")}
          value={value.surveyId}
          onChange={(surveyId) => onChange({ surveyId })}
          allLabel={t("feedback.filter.allSurveys")}
          options={namedOptions(surveys)}
          testId="inbox-survey"
        />
        <FilterSelect
          className="fb-filter"
          label={t("feedback.filter.category")}
          value={value.categoryId}
          onChange={(categoryId) => onChange({ categoryId })}
          allLabel={t("feedback.filter.all")}
          testId="inbox-category"
        >
          <option value={UNCATEGORIZED}>{t("feedback.uncategorized")}</option>
          {tree.map(({ parent, children }) => (
            <optgroup key={parent.id} label={nameOf(parent, lang)}>
              <option value={parent.id}>{t("feedback.filter.anyIn", { name: nameOf(parent, lang) })}</option>
              {children.map((c) => (
                <option key={c.id} value={c.id}>
                  {nameOf(c, lang)}
                </option>
              ))}
            </optgroup>
          ))}
        </FilterSelect>
        <FilterSelect
          className="fb-filter"
          label={t("feedback.sentiment")}
          value={value.sentiment}
          onChange={(sentiment) => onChange({ sentiment })}
          allLabel={t("feedback.filter.all")}
          options={SENTIMENTS.map((s) => ({ value: s, label: t(`feedback.sentiment.${s}`) }))}
          testId="inbox-sentiment"
        />
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
