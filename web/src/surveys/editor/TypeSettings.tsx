import { useState } from "react";
import { csatDefaultThreshold } from "../../../../src/metrics/index.js";
import type { TLanguage, TLocalizedText, TQuestion } from "../../api/types.js";
import { useI18n } from "../../i18n/I18nProvider.js";
import { freeId } from "../defaults.js";
import { FieldError, LocalizedInput, PathField, useFieldError } from "./fields.js";
import { ListEditor } from "./ListEditor.js";

type Of<K extends TQuestion["type"]> = Extract<TQuestion, { type: K }>;
type CsatScale = Of<"csat">["scale"];
const CSAT_SCALES: CsatScale[] = [2, 3, 5, 7, 10];

interface Props<Q> {
  question: Q;
  path: string;
  languages: TLanguage[];
  onChange: (q: TQuestion) => void;
}

/** The settings only some question types have: scale, labels, options, items, placeholder. */
export function TypeSettings({ question: q, ...rest }: Props<TQuestion>) {
  switch (q.type) {
    case "nps":
      return <NpsSettings question={q} {...rest} />;
    case "csat":
      return <CsatSettings question={q} {...rest} />;
    case "ces":
      return <CesSettings question={q} {...rest} />;
    case "cli":
      return <CliSettings question={q} {...rest} />;
    case "choice":
      return <ChoiceSettings question={q} {...rest} />;
    case "text":
      return <TextSettings question={q} {...rest} />;
    case "missus":
    case "rating":
      return <ScaleNote type={q.type} />;
  }
}

function ScaleNote({ type }: { type: "missus" | "rating" }) {
  const { t } = useI18n();
  return <p className="field-hint">{t(type === "missus" ? "editor.missusNote" : "editor.ratingNote")}</p>;
}

function NpsSettings({ question: q, path, languages, onChange }: Props<Of<"nps">>) {
  const { t } = useI18n();
  return (
    <div className="settings-grid">
      <LocalizedInput
        path={`${path}.lowLabel`}
        label={t("editor.nps.low")}
        value={q.lowLabel}
        languages={languages}
        placeholder={{ en: "Not at all likely", ru: "Точно нет" }}
        onChange={(lowLabel) => onChange({ ...q, lowLabel })}
      />
      <LocalizedInput
        path={`${path}.highLabel`}
        label={t("editor.nps.high")}
        value={q.highLabel}
        languages={languages}
        placeholder={{ en: "Extremely likely", ru: "Обязательно" }}
        onChange={(highLabel) => onChange({ ...q, highLabel })}
      />
    </div>
  );
}

function CsatSettings({ question: q, path, languages, onChange }: Props<Of<"csat">>) {
  const { t } = useI18n();
  const labelsError = useFieldError(`${path}.labels`);
  const setScale = (scale: CsatScale) => {
    const next: Of<"csat"> = { ...q, scale };
    if (next.labels) {
      const labels = next.labels.slice(0, scale);
      while (labels.length < scale) labels.push({} as TLocalizedText);
      next.labels = labels;
    }
    if (next.positiveThreshold !== undefined && next.positiveThreshold > scale) delete next.positiveThreshold;
    onChange(next);
  };
  const toggleLabels = (on: boolean) => {
    const next = { ...q };
    if (on) next.labels = Array.from({ length: q.scale }, () => ({}) as TLocalizedText);
    else delete next.labels;
    onChange(next);
  };
  return (
    <>
      <div className="settings-row">
        <PathField path={`${path}.scale`} label={t("editor.csat.scale")}>
          {(id) => (
            <select id={id} value={q.scale} onChange={(e) => setScale(Number(e.target.value) as CsatScale)}>
              {CSAT_SCALES.map((s) => (
                <option key={s} value={s}>
                  {t("editor.csat.points", { count: s })}
                </option>
              ))}
            </select>
          )}
        </PathField>
        <PathField
          path={`${path}.positiveThreshold`}
          label={t("editor.csat.threshold")}
          hint={t("editor.csat.thresholdHint", { n: csatDefaultThreshold(q.scale) })}
        >
          {(id, invalid) => (
            <input
              id={id}
              type="number"
              min={1}
              max={q.scale}
              value={q.positiveThreshold ?? ""}
              placeholder={String(csatDefaultThreshold(q.scale))}
              aria-invalid={invalid}
              onChange={(e) => {
                const next = { ...q };
                if (e.target.value === "") delete next.positiveThreshold;
                else next.positiveThreshold = Math.round(Number(e.target.value));
                onChange(next);
              }}
            />
          )}
        </PathField>
      </div>
      <label className="check">
        <input type="checkbox" checked={Boolean(q.labels)} onChange={(e) => toggleLabels(e.target.checked)} />
        {t("editor.csat.labels")}
      </label>
      {q.labels && (
        <ol className="scale-labels">
          {q.labels.map((label, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one label per scale point, in order
            <li key={i}>
              <span className="scale-point">{i + 1}</span>
              <LocalizedInput
                path={`${path}.labels.${i}`}
                value={label}
                languages={languages}
                compact
                onChange={(l) => onChange({ ...q, labels: q.labels?.map((x, j) => (j === i ? l : x)) })}
              />
            </li>
          ))}
        </ol>
      )}
      <FieldError message={labelsError} />
    </>
  );
}

function CesSettings({ question: q, path, onChange }: Props<Of<"ces">>) {
  const { t } = useI18n();
  return (
    <div className="settings-row">
      <PathField path={`${path}.variant`} label={t("editor.ces.variant")} hint={t("editor.ces.hint")}>
        {(id) => (
          <select
            id={id}
            value={q.variant}
            onChange={(e) => onChange({ ...q, variant: e.target.value as Of<"ces">["variant"] })}
          >
            <option value="agreement">{t("editor.ces.agreement")}</option>
            <option value="verbal">{t("editor.ces.verbal")}</option>
          </select>
        )}
      </PathField>
    </div>
  );
}

function CliSettings({ question: q, path, languages, onChange }: Props<Of<"cli">>) {
  const { t } = useI18n();
  const error = useFieldError(`${path}.items`);
  return (
    <div className="subsection">
      <div className="subsection-head">
        <h4>{t("editor.cli.items")}</h4>
        <span className="field-hint">{t("editor.cli.hint")}</span>
      </div>
      <ListEditor
        items={q.items}
        min={1}
        max={6}
        addLabel={t("editor.cli.add")}
        onChange={(items) => onChange({ ...q, items })}
        makeItem={() => ({
          id: freeId(
            "item",
            q.items.map((i) => i.id),
          ),
          title: {},
        })}
        render={(item, i, set) => (
          <div className="option-row">
            <PathField path={`${path}.items.${i}.id`} label={t("editor.optionId")} className="option-id">
              {(id, invalid) => (
                <input
                  id={id}
                  className="mono"
                  value={item.id}
                  aria-invalid={invalid}
                  onChange={(e) => set({ ...item, id: e.target.value.toLowerCase() })}
                />
              )}
            </PathField>
            <LocalizedInput
              path={`${path}.items.${i}.title`}
              label={t("editor.cli.statement")}
              value={item.title}
              languages={languages}
              onChange={(title) => set({ ...item, title })}
            />
          </div>
        )}
      />
      <FieldError message={error} />
    </div>
  );
}

function ChoiceSettings({ question: q, path, languages, onChange }: Props<Of<"choice">>) {
  const { t } = useI18n();
  const error = useFieldError(`${path}.options`);
  return (
    <div className="subsection">
      <div className="subsection-head">
        <h4>{t("editor.choice.options")}</h4>
        <label className="check">
          <input
            type="checkbox"
            checked={q.multiple}
            onChange={(e) => onChange({ ...q, multiple: e.target.checked })}
          />
          {t("editor.choice.multiple")}
        </label>
      </div>
      <ListEditor
        items={q.options}
        min={1}
        addLabel={t("editor.choice.add")}
        onChange={(options) => onChange({ ...q, options })}
        makeItem={() => ({
          id: freeId(
            "option",
            q.options.map((o) => o.id),
          ),
          label: {},
        })}
        render={(option, i, set) => (
          <div className="option-row">
            <PathField path={`${path}.options.${i}.id`} label={t("editor.optionId")} className="option-id">
              {(id, invalid) => (
                <input
                  id={id}
                  className="mono"
                  value={option.id}
                  aria-invalid={invalid}
                  onChange={(e) => set({ ...option, id: e.target.value.toLowerCase() })}
                />
              )}
            </PathField>
            <LocalizedInput
              path={`${path}.options.${i}.label`}
              label={t("editor.choice.label")}
              value={option.label}
              languages={languages}
              onChange={(label) => set({ ...option, label })}
            />
          </div>
        )}
      />
      <FieldError message={error} />
    </div>
  );
}

function TextSettings({ question: q, path, languages, onChange }: Props<Of<"text">>) {
  const { t } = useI18n();
  const [open, setOpen] = useState(Boolean(q.placeholder?.en || q.placeholder?.ru));
  if (!open)
    return (
      <button type="button" className="btn-link" onClick={() => setOpen(true)}>
        + {t("editor.text.addPlaceholder")}
      </button>
    );
  return (
    <LocalizedInput
      path={`${path}.placeholder`}
      label={t("editor.text.placeholder")}
      value={q.placeholder}
      languages={languages}
      onChange={(placeholder) => onChange({ ...q, placeholder })}
    />
  );
}
