import { useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { isApiError } from "../api/client.js";
import type { Segment } from "../api/types.js";
import { useCan, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { presetPeriod } from "../lib/dates.js";
import {
  EmptyState,
  ErrorNotice,
  Field,
  Modal,
  Spinner,
  useDebounced,
  useDocumentTitle,
} from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import {
  useAttributeKeys,
  useDeleteSegment,
  useSaveSegment,
  useSegmentPreview,
  useSegments,
} from "./queries.js";

/** The preview period: the last twelve months, as on the surveys list. */
function usePreviewPeriod() {
  const me = useSession();
  return useMemo(() => presetPeriod("12m", me.workspace.timeZone), [me.workspace.timeZone]);
}

export function SegmentsPage() {
  const { t } = useI18n();
  const canWrite = useCan("surveys:write");
  const segments = useSegments();
  const remove = useDeleteSegment();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<Segment | null>(null);
  // A filter handed over from a results page ("save as segment") opens the form at once.
  const handedOver = params.get("new");
  const [creating, setCreating] = useState(handedOver !== null && canWrite);
  useDocumentTitle(t("segments.title"));

  const close = () => {
    setCreating(false);
    setEditing(null);
    if (handedOver !== null) setParams({}, { replace: true });
  };
  const onDelete = (s: Segment) => {
    if (window.confirm(t("segments.deleteConfirm", { name: s.name }))) remove.mutate(s.id);
  };
  const items = segments.data ?? [];

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t("segments.title")}</h1>
          <p className="muted">{t("segments.subtitle")}</p>
        </div>
        {canWrite && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setCreating(true)}
            data-testid="new-segment"
          >
            <span aria-hidden="true">+</span> {t("segments.new")}
          </button>
        )}
      </div>

      {remove.error && <ErrorNotice error={remove.error} />}
      {segments.isPending ? (
        <Spinner />
      ) : segments.error ? (
        <ErrorNotice error={segments.error} onRetry={() => segments.refetch()} />
      ) : items.length === 0 ? (
        <section className="card">
          <EmptyState
            title={t("segments.empty.title")}
            action={
              canWrite && (
                <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                  {t("segments.new")}
                </button>
              )
            }
          >
            {t("segments.empty.text")}
          </EmptyState>
        </section>
      ) : (
        <section className="card card-flush">
          <div className="table-wrap">
            <table className="table segments-table" data-testid="segments">
              <thead>
                <tr>
                  <th>{t("segments.col.name")}</th>
                  <th className="num">{t("segments.col.nps")}</th>
                  <th className="num">{t("segments.col.n")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <SegmentRow
                    key={s.id}
                    segment={s}
                    canWrite={canWrite}
                    onEdit={() => setEditing(s)}
                    onDelete={() => onDelete(s)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <footer className="table-note">{t("segments.previewNote")}</footer>
        </section>
      )}

      {!canWrite && items.length > 0 && <p className="muted small">{t("segments.readOnly")}</p>}

      {(creating || editing) && (
        <SegmentDialog
          segment={editing}
          initialFilter={editing ? editing.filter : (handedOver ?? "")}
          onClose={close}
        />
      )}
    </div>
  );
}

function SegmentRow({
  segment: s,
  canWrite,
  onEdit,
  onDelete,
}: {
  segment: Segment;
  canWrite: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t, fmt } = useI18n();
  const period = usePreviewPeriod();
  const preview = useSegmentPreview("nps", { segmentId: s.id, from: period.from, to: period.to });
  const r = preview.data;
  return (
    <tr data-testid="segment-row" data-id={s.id}>
      <td>
        <div className="segment-cell">
          <span className="segment-name">{s.name}</span>
          <code className="filter-code">{s.filter}</code>
        </div>
      </td>
      <td className="num" data-testid="segment-nps">
        {preview.isPending ? (
          <span className="skeleton" />
        ) : preview.error ? (
          <span className="muted" title={errorText(t, preview.error)}>
            !
          </span>
        ) : r?.value === null || r?.value === undefined ? (
          "—"
        ) : (
          <strong>{fmt.number(r.value, 1)}</strong>
        )}
      </td>
      <td className="num nowrap" data-testid="segment-n">
        {r ? fmt.int(r.n) : ""}
        {r?.lowSample && r.n > 0 && (
          <span className="low-flag" title={t("chart.lowSample")}>
            {" "}
            ⚠
          </span>
        )}
      </td>
      <td className="row-actions">
        <Link className="btn btn-small btn-ghost" to={`/portfolio?segmentId=${s.id}`}>
          {t("segments.portfolio")}
        </Link>
        {canWrite && (
          <>
            <button type="button" className="btn btn-small" onClick={onEdit} data-testid="segment-edit">
              {t("common.edit")}
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger-ghost"
              onClick={onDelete}
              data-testid="segment-delete"
            >
              {t("common.remove")}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

const BUILT_IN_FIELDS = ["channel", "language", "touchpoint", "survey"];

function SegmentDialog({
  segment,
  initialFilter,
  onClose,
}: {
  segment: Segment | null;
  initialFilter: string;
  onClose: () => void;
}) {
  const { t, fmt } = useI18n();
  const save = useSaveSegment();
  const keys = useAttributeKeys();
  const period = usePreviewPeriod();
  const [name, setName] = useState(segment?.name ?? "");
  const [filter, setFilter] = useState(initialFilter);
  const filterRef = useRef<HTMLTextAreaElement>(null);
  const typed = useDebounced(filter.trim(), 400);
  const preview = useSegmentPreview("nps", { filter: typed, from: period.from, to: period.to });
  const fields = [...BUILT_IN_FIELDS, ...(keys.data ?? []).map((k) => k.key)];

  const fieldError = (f: string) =>
    isApiError(save.error) && save.error.field === f ? errorText(t, save.error) : null;
  // The preview is the first to notice a filter that does not parse.
  const previewError =
    typed === filter.trim() && isApiError(preview.error) && preview.error.field === "query.filter"
      ? errorText(t, preview.error)
      : null;
  const filterError = fieldError("filter") ?? previewError;
  const otherError = save.error && !fieldError("filter") && !fieldError("name") ? save.error : null;
  const r = preview.data;

  const submit = () =>
    save.mutate(
      { id: segment?.id, input: { name: name.trim(), filter: filter.trim() } },
      { onSuccess: onClose },
    );
  const insert = (field: string) => {
    const sep = filter.trim() ? " AND " : "";
    setFilter(`${filter.trim()}${sep}${field} = `);
    filterRef.current?.focus();
  };

  return (
    <Modal
      title={segment ? t("segments.edit") : t("segments.new")}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            form="segment-form"
            className="btn btn-primary"
            disabled={save.isPending || !name.trim() || !filter.trim()}
            data-testid="segment-save"
          >
            {save.isPending ? t("common.saving") : segment ? t("common.save") : t("segments.create")}
          </button>
        </>
      }
    >
      <form
        id="segment-form"
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Field label={t("segments.name")} error={fieldError("name")}>
          {(id, invalid) => (
            <input
              id={id}
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
              aria-invalid={invalid || undefined}
              placeholder={t("segments.namePlaceholder")}
              data-testid="segment-name"
            />
          )}
        </Field>
        <Field label={t("segments.filter")} error={filterError} hint={t("scope.hint")}>
          {(id, invalid) => (
            <textarea
              id={id}
              ref={filterRef}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              maxLength={2000}
              rows={3}
              spellCheck={false}
              className="mono"
              aria-invalid={invalid || undefined}
              placeholder={t("scope.placeholder")}
              data-testid="segment-filter"
            />
          )}
        </Field>
        {fields.length > 0 && (
          <div className="field-chips">
            <span className="muted small">{t("segments.fields")}</span>
            {[...new Set(fields)].map((f) => (
              <button key={f} type="button" className="chip chip-button" onClick={() => insert(f)}>
                {f}
              </button>
            ))}
          </div>
        )}
        <div className="inset segment-preview" data-testid="segment-preview" aria-live="polite">
          <h4>{t("segments.previewTitle")}</h4>
          {!typed ? (
            <p className="muted small">{t("segments.previewEmpty")}</p>
          ) : preview.isFetching && !r ? (
            <span className="skeleton" />
          ) : filterError || !r ? (
            <p className="muted small">—</p>
          ) : r.n === 0 ? (
            <p className="muted small">{t("segments.previewNone")}</p>
          ) : (
            <>
              <dl className={`preview-facts${preview.isFetching ? " stale" : ""}`}>
                <div>
                  <dt>{t("metric.nps")}</dt>
                  <dd data-testid="preview-nps">{r.value === null ? "—" : fmt.number(r.value, 1)}</dd>
                </div>
                <div>
                  <dt>{t("score.n")}</dt>
                  <dd data-testid="preview-n">{fmt.int(r.n)}</dd>
                </div>
                <div>
                  <dt>{t("score.ci")}</dt>
                  <dd>{r.ci ? `${fmt.number(r.ci[0], 1)} … ${fmt.number(r.ci[1], 1)}` : "—"}</dd>
                </div>
              </dl>
              {r.lowSample && <p className="low-flag small">⚠ {t("chart.lowSample")}</p>}
            </>
          )}
        </div>
        {otherError && <ErrorNotice error={otherError} />}
      </form>
    </Modal>
  );
}
