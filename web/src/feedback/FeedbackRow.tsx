import { useI18n } from "../i18n/I18nProvider.js";
import { CategoryFixer } from "./CategoryFixer.js";
import { CategoryChips, ScoreBadge, SentimentChip } from "./FeedbackChips.js";
import { Highlight } from "./Highlight.js";
import type { Category, FeedbackItem } from "./types.js";

/** One answer of the inbox: score, comment, categories and sentiment, with the inline correction. */
export function FeedbackRow({
  item,
  q,
  surveyName,
  categories,
  byId,
  selected,
  editing,
  canFix,
  onSelect,
  onEdit,
}: {
  item: FeedbackItem;
  q: string | undefined;
  surveyName: string | undefined;
  categories: Category[];
  byId: Map<string, Category>;
  selected: boolean;
  editing: boolean;
  canFix: boolean;
  onSelect: () => void;
  onEdit: (on: boolean) => void;
}) {
  const { t, fmt } = useI18n();
  return (
    <li
      className={`fb-row${selected ? " fb-row-selected" : ""}`}
      data-testid="feedback-row"
      data-response={item.responseId}
      data-group={item.score?.group ?? ""}
    >
      <ScoreBadge score={item.score} />
      <div className="fb-row-body">
        <p className="fb-text" data-testid="feedback-text">
          <Highlight text={item.text} q={q} />
        </p>
        <div className="fb-row-chips chips">
          <CategoryChips item={item} byId={byId} />
          <SentimentChip sentiment={item.sentiment} />
          {canFix && !editing && (
            <button
              type="button"
              className="btn-link small"
              onClick={() => onEdit(true)}
              data-testid="fix-categories"
            >
              {t("feedback.fix")}
            </button>
          )}
        </div>
        <div className="fb-meta muted small">
          {surveyName && <span>{surveyName}</span>}
          <span>{fmt.dateTime(item.submittedAt)}</span>
          <span className="lang-tag">{item.language.toUpperCase()}</span>
          <button
            type="button"
            className="btn-link small"
            onClick={onSelect}
            aria-pressed={selected}
            data-testid="open-timeline"
          >
            {t("feedback.timeline.open")}
          </button>
        </div>
        {editing && <CategoryFixer item={item} categories={categories} onDone={() => onEdit(false)} />}
      </div>
    </li>
  );
}
