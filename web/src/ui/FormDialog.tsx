import type { FormEvent, ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { Modal } from "./components.js";

/**
 * A wide modal holding one form: Cancel and Save in the footer (Save submits the form by its id),
 * and the error that names no field under the form.
 */
export function FormDialog({
  title,
  formId,
  pending,
  onSubmit,
  onClose,
  general,
  saveLabel,
  saveDisabled,
  saveTestId,
  formTestId,
  children,
}: {
  title: string;
  formId: string;
  pending: boolean;
  onSubmit: () => void;
  onClose: () => void;
  /** The error message that belongs to no field, if any. */
  general?: string | null;
  saveLabel?: string;
  saveDisabled?: boolean;
  saveTestId?: string;
  formTestId?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            form={formId}
            className="btn btn-primary"
            disabled={pending || saveDisabled}
            data-testid={saveTestId}
          >
            {pending ? t("common.saving") : (saveLabel ?? t("common.save"))}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate data-testid={formTestId}>
        {children}
        {general && (
          <p className="field-error" role="alert">
            {general}
          </p>
        )}
      </form>
    </Modal>
  );
}
