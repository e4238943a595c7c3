import { useState } from "react";
import { isApiError } from "../api/client.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { Field } from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import type { Category, CategoryInput } from "./types.js";

const splitKeywords = (s: string) =>
  s
    .split(/[\n,;]/)
    .map((w) => w.trim())
    .filter(Boolean);

/**
 * Names in both languages and keyword rules. Empty names are caught here, in the UI language; the
 * server's complaints (a taken key, a keyword too long) are shown under the field they name.
 */
export function CategoryForm({
  initial,
  parentId,
  pending,
  error,
  onSubmit,
  onCancel,
  testId,
}: {
  initial?: Category;
  parentId: string | null;
  pending: boolean;
  error: unknown;
  onSubmit: (input: CategoryInput) => void;
  onCancel: () => void;
  testId: string;
}) {
  const { t } = useI18n();
  const [en, setEn] = useState(initial?.name.en ?? "");
  const [ru, setRu] = useState(initial?.name.ru ?? "");
  const [kwEn, setKwEn] = useState((initial?.keywords.en ?? []).join(", "));
  const [kwRu, setKwRu] = useState((initial?.keywords.ru ?? []).join(", "));
  const [local, setLocal] = useState<Record<string, string>>({});

  const server = isApiError(error) ? error : null;
  const fieldError = (name: string) =>
    local[name] ?? (server?.field?.startsWith(name) ? errorText(t, server) : null);
  const general =
    Boolean(error) &&
    !(server?.field && ["name", "keywords", "key"].some((f) => server.field?.startsWith(f)));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!en.trim()) problems["name.en"] = t("taxonomy.error.nameRequired");
    if (!ru.trim()) problems["name.ru"] = t("taxonomy.error.nameRequired");
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      ...(initial ? {} : { parentId }),
      name: { en: en.trim(), ru: ru.trim() },
      keywords: { en: splitKeywords(kwEn), ru: splitKeywords(kwRu) },
    });
  };

  return (
    <form className="fb-cat-form inset" onSubmit={submit} noValidate data-testid={testId}>
      <div className="form-grid">
        <Field label={t("taxonomy.name.en")} error={fieldError("name.en")}>
          {(id, invalid) => (
            <input
              id={id}
              value={en}
              maxLength={200}
              aria-invalid={invalid}
              onChange={(e) => setEn(e.target.value)}
              data-testid="category-name-en"
            />
          )}
        </Field>
        <Field label={t("taxonomy.name.ru")} error={fieldError("name.ru")}>
          {(id, invalid) => (
            <input
              id={id}
              value={ru}
              maxLength={200}
              aria-invalid={invalid}
              onChange={(e) => setRu(e.target.value)}
              data-testid="category-name-ru"
            />
          )}
        </Field>
        <Field
          label={t("taxonomy.keywords.en")}
          hint={t("taxonomy.keywords.hint")}
          error={fieldError("keywords.en")}
        >
          {(id, invalid) => (
            <textarea
              id={id}
              rows={2}
              value={kwEn}
              aria-invalid={invalid}
              onChange={(e) => setKwEn(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("taxonomy.keywords.ru")} error={fieldError("keywords.ru")}>
          {(id, invalid) => (
            <textarea
              id={id}
              rows={2}
              value={kwRu}
              aria-invalid={invalid}
              onChange={(e) => setKwRu(e.target.value)}
            />
          )}
        </Field>
      </div>
      {server?.field?.startsWith("key") && (
        <p className="field-error" role="alert" data-testid="category-error">
          {errorText(t, server)}
        </p>
      )}
      {general && (
        <p className="field-error" role="alert" data-testid="category-error">
          {errorText(t, error)}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-small" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button
          type="submit"
          className="btn btn-primary btn-small"
          disabled={pending}
          data-testid="category-save"
        >
          {pending ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}
