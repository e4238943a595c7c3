import { useEffect, useId, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { errorText } from "../ui/errors.js";
import { type ScopeFilter, useSegments } from "./queries.js";

const CUSTOM = "";

/** One side of a segment comparison: a saved segment, or a filter typed here (empty: all answers). */
export function SidePicker({
  tag,
  value,
  onChange,
  error,
  testId,
}: {
  tag: "A" | "B";
  value: ScopeFilter;
  onChange: (v: ScopeFilter) => void;
  /** The server's complaint about this side. */
  error: unknown;
  testId: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const segments = useSegments();
  const [text, setText] = useState(value.filter ?? "");
  useEffect(() => setText(value.filter ?? ""), [value.filter]);
  const missing = Boolean(
    value.segmentId && segments.data && !segments.data.some((s) => s.id === value.segmentId),
  );
  const message = error ? errorText(t, error) : missing ? t("scope.segmentMissing") : null;
  const dirty = text.trim() !== (value.filter ?? "");
  const apply = () => onChange({ filter: text.trim() || undefined });

  return (
    <section className={`card side-picker side-${tag.toLowerCase()}`} data-testid={testId}>
      <div className="side-head">
        <span className={`side-tag side-tag-${tag.toLowerCase()}`}>{tag}</span>
        <label htmlFor={`${id}-seg`} className="field-label">
          {t("compare.side")}
        </label>
      </div>
      <select
        id={`${id}-seg`}
        value={value.segmentId ?? CUSTOM}
        onChange={(e) =>
          onChange(
            e.target.value === CUSTOM ? { filter: text.trim() || undefined } : { segmentId: e.target.value },
          )
        }
        data-testid={`${testId}-segment`}
      >
        <option value={CUSTOM}>{t("compare.custom")}</option>
        {(segments.data ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
        {missing && <option value={value.segmentId}>{t("scope.segmentMissing")}</option>}
      </select>
      {value.segmentId ? (
        <p className="small muted">
          <code className="filter-code">{segments.data?.find((s) => s.id === value.segmentId)?.filter}</code>
        </p>
      ) : (
        <form
          className="side-filter"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label htmlFor={`${id}-filter`} className="sr-only">
            {t("scope.filter")}
          </label>
          <input
            id={`${id}-filter`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => dirty && apply()}
            placeholder={t("scope.placeholder")}
            aria-invalid={message ? true : undefined}
            className="mono"
            spellCheck={false}
            autoComplete="off"
            maxLength={2000}
            data-testid={`${testId}-filter`}
          />
          <button
            type="submit"
            className={`btn btn-small${dirty ? " btn-primary" : ""}`}
            disabled={!dirty && !message}
            data-testid={`${testId}-apply`}
          >
            {t("common.apply")}
          </button>
        </form>
      )}
      {message ? (
        <p className="field-error" role="alert" data-testid={`${testId}-error`}>
          {message}
        </p>
      ) : (
        !value.segmentId && !value.filter && <p className="field-hint">{t("compare.emptySide")}</p>
      )}
    </section>
  );
}
