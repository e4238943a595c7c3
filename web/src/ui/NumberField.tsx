import type { ReactNode } from "react";
import { Field } from "./components.js";

/**
 * A labelled short number input with its unit after it (days, %, months…), its hint or error below.
 * The value stays text so a half-typed number, or a decimal comma, is the user's until saved.
 */
export function NumberField({
  label,
  hint,
  error,
  value,
  onChange,
  unit,
  decimal = false,
  disabled,
  testId,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  value: string;
  onChange: (value: string) => void;
  unit?: ReactNode;
  /** Whether fractions are expected (the phone keyboard offers a decimal separator). */
  decimal?: boolean;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, invalid) => (
        <div className="number-field">
          <input
            id={id}
            inputMode={decimal ? "decimal" : "numeric"}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={invalid}
            disabled={disabled}
            data-testid={testId}
          />
          {unit && <span className="muted">{unit}</span>}
        </div>
      )}
    </Field>
  );
}
