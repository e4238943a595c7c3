import { type FormEvent, useState } from "react";
import { isApiError } from "../api/client.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState, ErrorNotice, Field } from "../ui/components.js";
import { useSaveBusinessSettings } from "./settings-queries.js";

/** The server's limits on core actions (ZBusinessSettings). */
const MAX_ACTIONS = 50;
const MAX_LENGTH = 200;

/**
 * The usage events that count as core actions, added and removed one at a time. The engagement charts
 * show, for each one, the share of active users who performed it.
 */
export function CoreActionsSection({ actions, canEdit }: { actions: string[]; canEdit: boolean }) {
  const { t } = useI18n();
  const save = useSaveBusinessSettings();
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  // A server complaint names `coreActions` or one of its items (`coreActions.3`): shown at the input.
  const serverError =
    isApiError(save.error) && save.error.field?.startsWith("coreActions") ? save.error.detail : null;
  const otherError = save.error && !serverError ? save.error : null;

  /** The first thing wrong with the name typed, checked here as the server would. */
  const check = (action: string): string | null => {
    if (!action) return t("business.settings.required");
    if (action.length > MAX_LENGTH) return t("business.settings.tooLong", { max: MAX_LENGTH });
    if (actions.includes(action)) return t("business.settings.duplicate", { name: action });
    if (actions.length >= MAX_ACTIONS) return t("business.settings.tooMany", { max: MAX_ACTIONS });
    return null;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const action = name.trim();
    const wrong = check(action);
    setProblem(wrong);
    // A new complaint replaces the outcome of the previous save.
    save.reset();
    if (!wrong) save.mutate({ coreActions: [...actions, action] }, { onSuccess: () => setName("") });
  };

  const remove = (action: string) => {
    setProblem(null);
    setRemoving(action);
    save.mutate({ coreActions: actions.filter((a) => a !== action) }, { onSettled: () => setRemoving(null) });
  };

  return (
    <section className="card" data-testid="core-actions">
      <h2 className="card-title">{t("business.settings.core")}</h2>
      <p className="muted small">{t("business.settings.coreHint")}</p>
      {actions.length === 0 ? (
        <EmptyState title={t("business.settings.emptyTitle")}>{t("business.settings.emptyBody")}</EmptyState>
      ) : (
        <ul className="core-actions" data-testid="core-actions-list">
          {actions.map((action) => (
            <li key={action} className="core-action" data-testid="core-action">
              <span className="core-action-name">{action}</span>
              {canEdit && (
                <button
                  type="button"
                  className="btn btn-small btn-danger-ghost"
                  onClick={() => remove(action)}
                  disabled={save.isPending}
                  aria-label={t("business.settings.removeLabel", { name: action })}
                  data-testid={`core-action-remove-${action}`}
                >
                  {removing === action ? t("business.settings.removing") : t("business.settings.remove")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form className="core-actions-form" onSubmit={submit} noValidate>
          <Field
            label={t("business.settings.add")}
            hint={t("business.settings.addHint")}
            error={problem ?? serverError}
          >
            {(id, invalid) => (
              <input
                id={id}
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setProblem(null);
                  if (save.error) save.reset();
                }}
                aria-invalid={invalid}
                placeholder={t("business.settings.placeholder")}
                data-testid="core-action-input"
              />
            )}
          </Field>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={save.isPending}
            data-testid="core-action-add"
          >
            {save.isPending && !removing ? t("business.settings.saving") : t("business.settings.addButton")}
          </button>
        </form>
      )}
      {otherError && <ErrorNotice error={otherError} />}
      {save.isSuccess && !problem && (
        <p className="muted small" role="status" data-testid="core-actions-saved">
          {t("business.settings.saved")}
        </p>
      )}
    </section>
  );
}
