import { createContext, type ReactNode, useContext, useId } from "react";
import type { TLanguage, TLocalizedText } from "../../api/types.js";

/** The server's complaint about the last save: the field path it names and its message. */
export interface FieldComplaint {
  field: string;
  message: string;
}

const ErrorContext = createContext<FieldComplaint | null>(null);
export const ErrorProvider = ErrorContext.Provider;

/**
 * The message for a form field at `path` (e.g. `definition.questions.2.title`). With `nested`, errors
 * about anything inside it count too (e.g. `…title.ru` for the title block).
 */
export function useFieldError(path: string, nested = false): string | null {
  const e = useContext(ErrorContext);
  if (!e) return null;
  if (e.field === path || (nested && e.field.startsWith(`${path}.`))) return e.message;
  return null;
}

export function FieldError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="field-error" role="alert">
      {message}
    </p>
  );
}

/** A plain labelled input bound to a field path, showing the server's error about that path. */
export function PathField({
  path,
  label,
  hint,
  nested,
  children,
  className,
}: {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  nested?: boolean;
  children: (id: string, invalid: boolean) => ReactNode;
  className?: string;
}) {
  const id = useId();
  const error = useFieldError(path, nested);
  return (
    <div
      className={`field${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}
      data-path={path}
    >
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children(id, Boolean(error))}
      {error ? <FieldError message={error} /> : hint ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}

/** Text in every survey language, one input per language. */
export function LocalizedInput({
  path,
  label,
  value,
  languages,
  onChange,
  multiline,
  placeholder,
  hint,
  compact,
}: {
  path: string;
  label?: ReactNode;
  value: TLocalizedText | undefined;
  languages: readonly TLanguage[];
  onChange: (value: TLocalizedText) => void;
  multiline?: boolean;
  placeholder?: Partial<Record<TLanguage, string>>;
  hint?: ReactNode;
  compact?: boolean;
}) {
  const baseId = useId();
  const own = useFieldError(path);
  const ctx = useContext(ErrorContext);
  const langError = (l: TLanguage) => (ctx && ctx.field === `${path}.${l}` ? ctx.message : null);
  const nestedError = languages.map(langError).find(Boolean) ?? null;
  const error = own ?? nestedError;
  return (
    <div
      className={`field localized${error ? " field-invalid" : ""}${compact ? " compact" : ""}`}
      data-path={path}
    >
      {label && (
        <label className="field-label" htmlFor={`${baseId}-${languages[0]}`}>
          {label}
        </label>
      )}
      <div className="localized-inputs">
        {languages.map((l) => {
          const props = {
            id: `${baseId}-${l}`,
            lang: l,
            value: value?.[l] ?? "",
            placeholder: placeholder?.[l],
            "aria-invalid": Boolean(own || langError(l)),
            "aria-label":
              languages.length > 1 && typeof label === "string" ? `${label} (${l.toUpperCase()})` : undefined,
            onChange: (e: { target: { value: string } }) => onChange({ ...value, [l]: e.target.value }),
          };
          return (
            <div className="localized-row" key={l}>
              {languages.length > 1 && <span className="lang-tag">{l.toUpperCase()}</span>}
              {multiline ? <textarea rows={2} {...props} /> : <input {...props} />}
            </div>
          );
        })}
      </div>
      {error ? <FieldError message={error} /> : hint ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}
