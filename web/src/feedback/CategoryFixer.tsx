import { useId, useMemo, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { errorText } from "../ui/errors.js";
import { nameOf, taxonomyTree } from "./labels.js";
import { useCorrectCategories } from "./queries.js";
import type { Category, FeedbackItem, TSentiment } from "./types.js";

const SENTIMENTS: TSentiment[] = ["negative", "neutral", "positive"];

/**
 * Inline correction of an answer's categories and sentiment. Saving sends the correction to the API,
 * which records it and retrains the workspace's classifier.
 */
export function CategoryFixer({
  item,
  categories,
  onDone,
}: {
  item: FeedbackItem;
  categories: Category[];
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [picked, setPicked] = useState<Set<string>>(() => new Set(item.categories.map((c) => c.id)));
  const [sentiment, setSentiment] = useState<TSentiment>(item.sentiment);
  const correct = useCorrectCategories();
  const tree = useMemo(() => taxonomyTree(categories.filter((c) => !c.archived)), [categories]);

  const toggle = (categoryId: string) =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(categoryId)) next.delete(categoryId);
      else next.add(categoryId);
      return next;
    });
  const save = () =>
    correct.mutate(
      {
        responseId: item.responseId,
        categoryIds: [...picked],
        sentiment: sentiment === item.sentiment ? undefined : sentiment,
      },
      { onSuccess: onDone },
    );
  const check = (c: Category, sub: boolean) => (
    <label key={c.id} className={`check${sub ? " fb-fix-sub" : " fb-fix-parent"}`}>
      <input
        type="checkbox"
        checked={picked.has(c.id)}
        onChange={() => toggle(c.id)}
        data-testid={`fix-category-${c.key}`}
      />
      <span>{nameOf(c, lang)}</span>
    </label>
  );

  return (
    <div className="fb-fixer inset" data-testid="category-fixer">
      <p className="small muted">{t("feedback.fix.hint")}</p>
      <div className="fb-fix-grid">
        {tree.map(({ parent, children }) => (
          <fieldset key={parent.id} className="fb-fix-group">
            <legend className="sr-only">{nameOf(parent, lang)}</legend>
            {check(parent, false)}
            {children.map((c) => check(c, true))}
          </fieldset>
        ))}
      </div>
      <div className="fb-fix-actions">
        <label htmlFor={`${id}-sentiment`} className="small muted">
          {t("feedback.sentiment")}
        </label>
        <select
          id={`${id}-sentiment`}
          value={sentiment}
          onChange={(e) => setSentiment(e.target.value as TSentiment)}
          data-testid="fix-sentiment"
        >
          {SENTIMENTS.map((s) => (
            <option key={s} value={s}>
              {t(`feedback.sentiment.${s}`)}
            </option>
          ))}
        </select>
        <span className="fb-grow" />
        {picked.size === 0 && <span className="small muted">{t("feedback.fix.none")}</span>}
        <button type="button" className="btn btn-small" onClick={onDone}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-small"
          onClick={save}
          disabled={correct.isPending}
          data-testid="fix-save"
        >
          {correct.isPending ? t("common.saving") : t("common.save")}
        </button>
      </div>
      {correct.error && (
        <p className="field-error" role="alert">
          {errorText(t, correct.error)}
        </p>
      )}
    </div>
  );
}
