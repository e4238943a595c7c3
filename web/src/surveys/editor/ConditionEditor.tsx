import { useId } from "react";
import type { TCondition, TLanguage, TQuestion, TScoreGroup } from "../../api/types.js";
import { useI18n } from "../../i18n/I18nProvider.js";
import { FieldError, useFieldError } from "./fields.js";
import { groupsFor } from "./model.js";

type Mode = "always" | "answered" | "groups" | "custom";

function modeOf(c: TCondition | undefined): Mode {
  if (!c) return "always";
  if (c.groups) return "groups";
  if (c.answered === true && c.min === undefined && c.max === undefined && !c.anyOf) return "answered";
  return "custom";
}

/** A short label for a question in selects: its id and the start of its title. */
export function questionLabel(q: TQuestion, lang: TLanguage): string {
  const title = q.title[lang] ?? q.title.en ?? q.title.ru ?? "";
  const short = title.length > 48 ? `${title.slice(0, 47)}…` : title;
  return short ? `${q.id} — ${short}` : q.id;
}

/**
 * A condition on an earlier answer: "after X is answered" or "when X's score group is …".
 * Clauses the form does not edit (score ranges, picked options) are kept as they are.
 */
export function ConditionEditor({
  value,
  onChange,
  sources,
  path,
  optional,
  label,
}: {
  value: TCondition | undefined;
  onChange: (c: TCondition | undefined) => void;
  /** Earlier questions the condition may refer to. */
  sources: TQuestion[];
  path: string;
  /** Offer "always" (no condition), as skip logic does. */
  optional?: boolean;
  label: string;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const error = useFieldError(path, true);
  const mode = modeOf(value);
  const scoreSources = sources.filter((q) => groupsFor(q).length > 0);
  const source = sources.find((q) => q.id === value?.question);
  const groups = groupsFor(source);

  const setMode = (m: Mode) => {
    if (m === "always") return onChange(undefined);
    if (m === "answered") {
      const q = value?.question ?? sources[0]?.id;
      if (q) onChange({ question: q, answered: true });
      return;
    }
    if (m === "groups") {
      const q = scoreSources.find((x) => x.id === value?.question) ?? scoreSources[0];
      const first = groupsFor(q)[0];
      if (q && first) onChange({ question: q.id, groups: [first] });
    }
  };

  const setQuestion = (qid: string) => {
    if (!value) return;
    const next: TCondition = { ...value, question: qid };
    if (next.groups) {
      const allowed = groupsFor(sources.find((q) => q.id === qid));
      const kept = next.groups.filter((g) => allowed.includes(g));
      next.groups = kept.length ? kept : allowed.slice(0, 1);
    }
    onChange(next);
  };

  const toggleGroup = (g: TScoreGroup, on: boolean) => {
    if (!value) return;
    const current = value.groups ?? [];
    const next = on ? [...current, g] : current.filter((x) => x !== g);
    if (next.length) onChange({ ...value, groups: groups.filter((x) => next.includes(x)) });
  };

  return (
    <div className={`condition${error ? " field-invalid" : ""}`} data-path={path}>
      <div className="condition-row">
        <label className="field-label" htmlFor={`${id}-mode`}>
          {label}
        </label>
        <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          {optional && <option value="always">{t("cond.always")}</option>}
          <option value="answered" disabled={!sources.length}>
            {t("cond.answered")}
          </option>
          <option value="groups" disabled={!scoreSources.length}>
            {t("cond.groups")}
          </option>
          {mode === "custom" && <option value="custom">{t("cond.custom")}</option>}
        </select>
        {mode !== "always" && (
          <select
            aria-label={t("cond.question")}
            value={value?.question ?? ""}
            onChange={(e) => setQuestion(e.target.value)}
            aria-invalid={Boolean(error)}
          >
            {!source && value && <option value={value.question}>{value.question}</option>}
            {(mode === "groups" ? scoreSources : sources).map((q) => (
              <option key={q.id} value={q.id}>
                {questionLabel(q, lang)}
              </option>
            ))}
          </select>
        )}
      </div>
      {mode === "groups" && (
        <fieldset className="chip-checks" aria-label={t("cond.groups")}>
          {groups.map((g) => (
            <label key={g} className={`chip-check group-${g}`}>
              <input
                type="checkbox"
                checked={value?.groups?.includes(g) ?? false}
                onChange={(e) => toggleGroup(g, e.target.checked)}
              />
              {t(`group.${g}`)}
            </label>
          ))}
        </fieldset>
      )}
      <FieldError message={error} />
    </div>
  );
}
