import { type FormEvent, useState } from "react";
import { Link } from "react-router-dom";
import { isApiError } from "../api/client.js";
import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState, ErrorNotice, Field, Spinner, useDocumentTitle } from "../ui/components.js";
import { useBusinessSettings, useSaveCoreActions } from "./settings-queries.js";
import "./business.css";

/** The server's limits on core actions (ZBusinessSettings). */
const MAX_ACTIONS = 50;
const MAX_LENGTH = 200;

/**
 * Business settings: the usage events that count as core actions. The engagement charts show, for each
 * one, the share of active users who performed it.
 */
export function CoreActionsPage() {
  const { t } = useI18n();
  useDocumentTitle(t("business.settings.title"));
  const settings = useBusinessSettings();
  return (
    <div className="page business-page" data-testid="business-settings-page">
      <div className="page-header">
        <div>
          <Link to="/business" className="back-link">
            ← {t("business.title")}
          </Link>
          <h1>{t("business.settings.title")}</h1>
        </div>
      </div>
      {settings.isPending ? (
        <Spinner />
      ) : settings.error ? (
        <ErrorNotice error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <CoreActionsCard actions={settings.data.coreActions} />
      )}
    </div>
  );
}

function CoreActionsCard({ actions }: { actions: string[] }) {
  const { t } = useI18n();
  const canEdit = useCan("customers:write");
  const save = useSaveCoreActions();
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
    if (!wrong) save.mutate([...actions, action], { onSuccess: () => setName("") });
  };

  const remove = (action: string) => {
    setProblem(null);
    setRemoving(action);
    save.mutate(
      actions.filter((a) => a !== action),
      { onSettled: () => setRemoving(null) },
    );
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
      {canEdit ? (
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
      ) : (
        <p className="muted small" data-testid="core-actions-readonly">
          {t("business.settings.readOnly")}
        </p>
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
