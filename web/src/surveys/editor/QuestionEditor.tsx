import { useState } from "react";
import type { TLanguage, TLocalizedText, TQuestion } from "../../api/types.js";
import { useI18n } from "../../i18n/I18nProvider.js";
import { ConditionEditor } from "./ConditionEditor.js";
import { FieldError, LocalizedInput, PathField, useFieldError } from "./fields.js";
import { ListEditor } from "./ListEditor.js";
import { groupsFor } from "./model.js";
import { TypeSettings } from "./TypeSettings.js";

export interface QuestionEditorProps {
  question: TQuestion;
  index: number;
  count: number;
  languages: TLanguage[];
  /** Questions before this one (conditions may only look back). */
  earlier: TQuestion[];
  onChange: (q: TQuestion) => void;
  onRename: (id: string) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

export function QuestionEditor({
  question: q,
  index,
  count,
  languages,
  earlier,
  onChange,
  onRename,
  onMove,
  onRemove,
}: QuestionEditorProps) {
  const { t } = useI18n();
  const path = `definition.questions.${index}`;
  const hasError = useFieldError(path, true) !== null;
  const typeError = useFieldError(`${path}.type`);
  const [showDescription, setShowDescription] = useState(Boolean(q.description?.en || q.description?.ru));
  const scoreSources = earlier.filter((x) => groupsFor(x).length > 0);

  const addVariantsPerGroup = () => {
    const source = scoreSources[scoreSources.length - 1];
    if (!source) return;
    const existing = new Set((q.variants ?? []).flatMap((v) => v.when.groups ?? []));
    const added = groupsFor(source)
      .filter((g) => !existing.has(g))
      .map((g) => ({ when: { question: source.id, groups: [g] }, title: {} as TLocalizedText }));
    onChange({ ...q, variants: [...(q.variants ?? []), ...added] });
  };

  return (
    <article className={`question-card${hasError ? " has-error" : ""}`} data-testid="question-card">
      <header className="question-head">
        <span className="question-number">{index + 1}</span>
        <span className={`type-badge type-${q.type}`}>{t(`qtype.${q.type}`)}</span>
        <PathField path={`${path}.id`} label={t("editor.q.id")} className="question-id">
          {(id, invalid) => (
            <input
              id={id}
              value={q.id}
              onChange={(e) => onRename(e.target.value.toLowerCase())}
              aria-invalid={invalid}
              spellCheck={false}
              className="mono"
            />
          )}
        </PathField>
        <div className="question-tools">
          <button
            type="button"
            className="icon-btn"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={t("editor.q.up")}
            title={t("editor.q.up")}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-btn"
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={t("editor.q.down")}
            title={t("editor.q.down")}
          >
            ↓
          </button>
          <button
            type="button"
            className="icon-btn danger"
            onClick={onRemove}
            disabled={count === 1}
            aria-label={t("editor.q.remove")}
            title={t("editor.q.remove")}
          >
            ✕
          </button>
        </div>
      </header>
      <FieldError message={typeError} />
      <div className="question-body">
        <LocalizedInput
          path={`${path}.title`}
          label={t("editor.q.title")}
          value={q.title}
          languages={languages}
          onChange={(title) => onChange({ ...q, title })}
          multiline
        />
        {showDescription ? (
          <LocalizedInput
            path={`${path}.description`}
            label={t("editor.q.description")}
            value={q.description}
            languages={languages}
            onChange={(description) => onChange({ ...q, description })}
          />
        ) : (
          <button type="button" className="btn-link" onClick={() => setShowDescription(true)}>
            + {t("editor.q.addDescription")}
          </button>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={q.required}
            onChange={(e) => onChange({ ...q, required: e.target.checked })}
          />
          {t("editor.q.required")}
        </label>

        <TypeSettings question={q} path={path} languages={languages} onChange={onChange} />

        {earlier.length > 0 && (
          <div className="subsection">
            <ConditionEditor
              label={t("editor.q.showIf")}
              value={q.showIf}
              sources={earlier}
              path={`${path}.showIf`}
              optional
              onChange={(showIf) => {
                const next = { ...q, showIf };
                if (!showIf) delete next.showIf;
                onChange(next);
              }}
            />
          </div>
        )}

        {scoreSources.length > 0 && (
          <div className="subsection">
            <div className="subsection-head">
              <h4>{t("editor.q.variants")}</h4>
              <span className="field-hint">{t("editor.q.variantsHint")}</span>
            </div>
            <ListEditor
              items={q.variants ?? []}
              onChange={(variants) => {
                const { variants: _old, ...rest } = q;
                onChange(variants.length ? { ...q, variants } : rest);
              }}
              addLabel={t("editor.q.addVariant")}
              makeItem={() => {
                const source = scoreSources[scoreSources.length - 1] ?? scoreSources[0];
                return {
                  when: { question: source?.id ?? "", groups: groupsFor(source).slice(0, 1) },
                  title: {},
                };
              }}
              extraActions={
                <button type="button" className="btn btn-small" onClick={addVariantsPerGroup}>
                  {t("editor.q.variantPerGroup")}
                </button>
              }
              render={(v, j, set) => (
                <div className="variant">
                  <ConditionEditor
                    label={t("editor.q.when")}
                    value={v.when}
                    sources={earlier}
                    path={`${path}.variants.${j}.when`}
                    onChange={(when) => when && set({ ...v, when })}
                  />
                  <LocalizedInput
                    path={`${path}.variants.${j}.title`}
                    label={t("editor.q.variantTitle")}
                    value={v.title}
                    languages={languages}
                    onChange={(title) => set({ ...v, title })}
                  />
                </div>
              )}
            />
          </div>
        )}
      </div>
    </article>
  );
}
