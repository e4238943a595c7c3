import { useId, useState } from "react";
import { type MessageKey, useI18n } from "../i18n/I18nProvider.js";
import { errorText } from "../ui/errors.js";
import { NEXT_STATUSES } from "./labels.js";
import { useCaseMutations } from "./queries.js";
import type { CaseDetail, TCaseStatus } from "./types.js";

/** Moving into these states sends the customer a message; the form says which. */
const NOTIFIES: Partial<Record<TCaseStatus, MessageKey>> = {
  acknowledged: "case.move.notifies.acknowledged",
  in_progress: "case.move.notifies.in_progress",
  resolved: "case.move.notifies.resolved",
};

/** The next steps of a case, each with an internal note and, on resolve, a message for the customer. */
export function CaseTransitions({ kase }: { kase: CaseDetail }) {
  const { t } = useI18n();
  const id = useId();
  const [to, setTo] = useState<TCaseStatus | null>(null);
  const [note, setNote] = useState("");
  const [message, setMessage] = useState("");
  const { transition } = useCaseMutations(kase.id);
  const next = NEXT_STATUSES[kase.status];
  if (next.length === 0) return <p className="muted small">{t("case.move.final")}</p>;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!to) return;
    transition.mutate(
      { to, note: note.trim() || undefined, customerMessage: message.trim() || undefined },
      {
        onSuccess: () => {
          setTo(null);
          setNote("");
          setMessage("");
        },
      },
    );
  };
  return (
    <div className="fb-transitions">
      <fieldset className="fb-move-buttons" aria-label={t("case.move.title")}>
        {next.map((s) => (
          <button
            key={s}
            type="button"
            className={`btn btn-small${to === s ? " btn-primary" : ""}`}
            aria-pressed={to === s}
            onClick={() => setTo(to === s ? null : s)}
            data-testid={`transition-${s}`}
          >
            {t(`case.move.${s}`)}
          </button>
        ))}
      </fieldset>
      {to && (
        <form className="fb-move-form" onSubmit={submit}>
          {NOTIFIES[to] && <p className="notice notice-info small">{t(NOTIFIES[to])}</p>}
          <label htmlFor={`${id}-note`} className="field-label">
            {t("case.move.note")}
          </label>
          <textarea
            id={`${id}-note`}
            rows={2}
            maxLength={5000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t("case.move.notePlaceholder")}
            data-testid="transition-note"
          />
          {to === "resolved" && (
            <>
              <label htmlFor={`${id}-message`} className="field-label">
                {t("case.move.customerMessage")}
              </label>
              <textarea
                id={`${id}-message`}
                rows={2}
                maxLength={2000}
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                placeholder={t("case.move.customerMessagePlaceholder")}
                data-testid="transition-message"
              />
            </>
          )}
          {transition.error && (
            <p className="field-error" role="alert">
              {errorText(t, transition.error)}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="btn btn-small" onClick={() => setTo(null)}>
              {t("common.cancel")}
            </button>
            <button
              type="submit"
              className="btn btn-primary btn-small"
              disabled={transition.isPending}
              data-testid="transition-submit"
            >
              {transition.isPending ? t("common.saving") : t(`case.move.confirm.${to}`)}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
