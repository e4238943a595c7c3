import type { TScoreGroup } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { GROUP_COLOR } from "../results/groups.js";
import { categoryPath } from "./labels.js";
import type { Category, FeedbackItem, TSentiment } from "./types.js";

/** The answer's score in its group's colour (grey when the answer has none). */
export function ScoreBadge({ score }: { score: FeedbackItem["score"] }) {
  const { t, fmt } = useI18n();
  if (!score) return <span className="fb-score fb-score-none">—</span>;
  const group = score.group as TScoreGroup | null;
  return (
    <span
      className="fb-score"
      style={{ background: group ? GROUP_COLOR[group] : "#94a3b8" }}
      title={group ? `${score.kind.toUpperCase()} · ${t(`group.${group}`)}` : score.kind.toUpperCase()}
      data-group={group ?? ""}
    >
      {fmt.number(score.value, Number.isInteger(score.value) ? 0 : 1)}
    </span>
  );
}

export function SentimentChip({ sentiment }: { sentiment: TSentiment }) {
  const { t } = useI18n();
  return (
    <span className={`chip fb-sentiment fb-sentiment-${sentiment}`} data-testid="sentiment">
      {t(`feedback.sentiment.${sentiment}`)}
    </span>
  );
}

/** Categories as "Parent → Sub" chips; the tooltip says where each came from and why. */
export function CategoryChips({
  item,
  byId,
}: {
  item: Pick<FeedbackItem, "categories">;
  byId: Map<string, Category>;
}) {
  const { t, lang, fmt } = useI18n();
  if (item.categories.length === 0)
    return <span className="chip fb-cat fb-cat-none">{t("feedback.uncategorized")}</span>;
  return (
    <>
      {item.categories.map((c) => {
        const why = c.explanation.map((e) => e.term).join(", ");
        const source =
          c.source === "manual"
            ? t("feedback.source.manual")
            : t(`feedback.source.${c.source}`, { confidence: fmt.percent(c.confidence) });
        return (
          <span
            key={c.id}
            className={`chip fb-cat${c.source === "manual" ? " fb-cat-manual" : ""}`}
            title={why ? `${source} · ${why}` : source}
            data-testid="category-chip"
            data-key={c.key}
          >
            {categoryPath(c, byId, lang)}
          </span>
        );
      })}
    </>
  );
}
