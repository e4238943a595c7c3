import type { FormEvent, ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice } from "../ui/components.js";
import { unplaced } from "../ui/errors.js";
import { SaveActions } from "../ui/SaveActions.js";

/**
 * A delivery channel's settings card (SMTP, SMS provider): whether it is configured, its form with
 * Save and Remove, and — once configured — the test-send form given as `test`.
 */
export function ChannelSettings({
  testId,
  title,
  hint,
  configured,
  fields,
  saveError,
  pending,
  saved,
  onSubmit,
  saveTestId,
  removeConfirm,
  onRemove,
  test,
  children,
}: {
  testId: string;
  title: string;
  hint: string;
  configured: boolean;
  /** Fields the form shows errors at; an error elsewhere is shown above the form. */
  fields: string[];
  saveError: unknown;
  pending: boolean;
  saved: boolean;
  onSubmit: () => void;
  saveTestId: string;
  removeConfirm: string;
  onRemove: () => void;
  test: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <section className="card" data-testid={testId}>
      <div className="card-head">
        <h2 className="card-title">{title}</h2>
        <span className={`dist-pill${configured ? " on" : ""}`}>
          {configured ? t("dist.smtp.configured") : t("dist.smtp.notConfigured")}
        </span>
      </div>
      <p className="muted small">{hint}</p>
      {unplaced(saveError, fields) && <ErrorNotice error={saveError} />}
      <form className="form-grid" onSubmit={submit} noValidate>
        {children}
        <SaveActions saved={saved} pending={pending} testId={saveTestId}>
          {configured && (
            <button
              type="button"
              className="btn btn-ghost"
              disabled={pending}
              onClick={() => window.confirm(removeConfirm) && onRemove()}
            >
              {t("dist.smtp.remove")}
            </button>
          )}
        </SaveActions>
      </form>
      {configured && test}
    </section>
  );
}
