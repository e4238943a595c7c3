import { type ReactNode, useEffect, useId, useState } from "react";
import { Link } from "react-router-dom";
import { isApiError } from "../api/client.js";
import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { errorText } from "../ui/errors.js";
import { type ScopeFilter, useSegments } from "./queries.js";

/** Whether an error is the server's complaint about the filter text or the saved segment. */
export function isScopeError(error: unknown): boolean {
  return (
    isApiError(error) &&
    ((error.status === 400 && error.field === "query.filter") ||
      (error.status === 404 && error.message.includes("segment")))
  );
}

/**
 * Narrows the page to a saved segment and/or a typed filter. The text is checked by the server before it
 * is applied (`validate`), so a mistake shows here, with its position, instead of an empty page.
 */
export function SegmentFilterBar({
  value,
  onChange,
  validate,
  error,
  note,
}: {
  value: ScopeFilter;
  onChange: (next: ScopeFilter) => void;
  /** Runs the page's query with the filter; rejects with the server's error when it does not parse. */
  validate?: (next: ScopeFilter) => Promise<unknown>;
  /** The page's query failed because of the applied filter or segment. */
  error?: unknown;
  note?: ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  const segments = useSegments();
  const canWrite = useCan("surveys:write");
  const [text, setText] = useState(value.filter ?? "");
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  useEffect(() => {
    setText(value.filter ?? "");
    setProblem(null);
  }, [value.filter]);

  const apply = async (next: ScopeFilter) => {
    setProblem(null);
    if (validate && (next.filter || next.segmentId)) {
      setChecking(true);
      try {
        await validate(next);
      } catch (e) {
        if (isScopeError(e)) {
          setProblem(e);
          return;
        }
        // Any other failure (network, server) shows on the page itself.
      } finally {
        setChecking(false);
      }
    }
    onChange(next);
  };

  const shownError = problem ?? (isScopeError(error) ? error : null);
  const message = !shownError
    ? null
    : isApiError(shownError) && shownError.status === 404
      ? t("scope.segmentMissing")
      : errorText(t, shownError);
  const selected = segments.data?.find((s) => s.id === value.segmentId);
  const missingSegment = Boolean(value.segmentId && segments.data && !selected);
  const active = Boolean(value.filter || value.segmentId);
  const dirty = text.trim() !== (value.filter ?? "");

  return (
    <section
      className={`scope-bar${active ? " scope-active" : ""}`}
      aria-label={t("scope.label")}
      data-testid="scope-bar"
    >
      <div className="scope-controls">
        <label className="inline-controls">
          <span className="muted small">{t("scope.segment")}</span>
          <select
            value={missingSegment ? "" : (value.segmentId ?? "")}
            onChange={(e) => void apply({ ...value, segmentId: e.target.value || undefined })}
            data-testid="scope-segment"
            disabled={segments.isPending}
          >
            <option value="">{t("scope.all")}</option>
            {(segments.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <form
          className="scope-filter"
          onSubmit={(e) => {
            e.preventDefault();
            void apply({ ...value, filter: text.trim() || undefined });
          }}
        >
          <label htmlFor={id} className="muted small">
            {t("scope.filter")}
          </label>
          <input
            id={id}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setProblem(null);
            }}
            placeholder={t("scope.placeholder")}
            aria-invalid={message ? true : undefined}
            aria-describedby={`${id}-msg`}
            maxLength={2000}
            spellCheck={false}
            autoComplete="off"
            className="mono scope-input"
            data-testid="scope-filter"
          />
          <button
            type="submit"
            className={`btn btn-small${dirty ? " btn-primary" : ""}`}
            disabled={checking || (!dirty && !problem)}
            data-testid="scope-apply"
          >
            {checking ? t("scope.checking") : t("common.apply")}
          </button>
          {active && (
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={() => {
                setText("");
                void apply({});
              }}
              data-testid="scope-clear"
            >
              {t("scope.clear")}
            </button>
          )}
        </form>
        <span className="scope-links small">
          {canWrite && value.filter && !dirty && !message && (
            <Link to={`/segments?new=${encodeURIComponent(value.filter)}`} data-testid="scope-save">
              {t("scope.saveAs")}
            </Link>
          )}
          <Link to="/segments">{t("scope.manage")}</Link>
        </span>
      </div>
      <div id={`${id}-msg`}>
        {message ? (
          <p className="field-error" role="alert" data-testid="scope-error">
            {message}
          </p>
        ) : missingSegment ? (
          <p className="field-error" role="alert" data-testid="scope-error">
            {t("scope.segmentMissing")}
          </p>
        ) : active ? (
          <p className="small scope-summary" data-testid="scope-summary">
            {t("scope.active")}
            {selected && (
              <>
                <span className="chip" title={selected.filter}>
                  {selected.name}
                </span>
                <code className="muted">{selected.filter}</code>
              </>
            )}
            {selected && value.filter && <span className="muted">{t("scope.and")}</span>}
            {value.filter && <code>{value.filter}</code>}
          </p>
        ) : (
          <p className="field-hint">{t("scope.hint")}</p>
        )}
        {active && note && <p className="small muted scope-note">{note}</p>}
      </div>
    </section>
  );
}
