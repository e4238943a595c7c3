import { useI18n } from "../i18n/I18nProvider.js";
import { Field } from "../ui/components.js";

/** The name of a rule or digest (up to 200 characters, as the API allows). */
export function NameField({
  value,
  onChange,
  error,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <Field label={t("routing.name")} error={error}>
      {(id, invalid) => (
        <input
          id={id}
          value={value}
          maxLength={200}
          aria-invalid={invalid}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}
