import type { ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider.js";

/** A settings form's footer: "Saved" after a save, extra buttons (`children`), then Save. */
export function SaveActions({
  saved,
  pending,
  testId,
  className = "form-actions span-2",
  children,
}: {
  saved: boolean;
  pending: boolean;
  testId: string;
  className?: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className={className}>
      {saved && (
        <span className="muted small" role="status">
          {t("common.saved")}
        </span>
      )}
      {children}
      <button type="submit" className="btn btn-primary" disabled={pending} data-testid={testId}>
        {pending ? t("common.saving") : t("common.save")}
      </button>
    </div>
  );
}
