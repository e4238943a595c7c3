import type { ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider.js";

/** A settings card's title, hint and — for those who may edit — its "add" button. */
export function SettingsCardHead({
  title,
  hint,
  addLabel,
  onAdd,
  addTestId,
}: {
  title: string;
  hint: string;
  addLabel: string;
  /** Absent for those who may not edit: no button. */
  onAdd?: () => void;
  addTestId?: string;
}) {
  return (
    <div className="card-head">
      <div>
        <h2 className="card-title">{title}</h2>
        <p className="muted small">{hint}</p>
      </div>
      {onAdd && (
        <button type="button" className="btn btn-small btn-primary" onClick={onAdd} data-testid={addTestId}>
          {addLabel}
        </button>
      )}
    </div>
  );
}

/** The "enabled" switch of a rule or digest in a settings list. */
export function EnabledCheck({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) {
  const { t } = useI18n();
  return (
    <label className="check small">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{t("routing.enabled")}</span>
    </label>
  );
}

/** Edit and Delete for one row; Delete asks `confirm` first. */
export function EditDeleteButtons({
  onEdit,
  onDelete,
  confirm,
}: {
  onEdit: () => void;
  onDelete: () => void;
  confirm: string;
}): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <button type="button" className="btn btn-ghost btn-small" onClick={onEdit}>
        {t("common.edit")}
      </button>
      <button
        type="button"
        className="btn btn-danger-ghost btn-small"
        onClick={() => window.confirm(confirm) && onDelete()}
      >
        {t("taxonomy.delete")}
      </button>
    </>
  );
}
