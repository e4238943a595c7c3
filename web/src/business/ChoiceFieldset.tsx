import type { ReactNode } from "react";

/** A group of radio choices under a legend, with the hint or, instead, the field's error below it. */
export function ChoiceFieldset({
  legend,
  hint,
  error,
  className = "span-2",
  testId,
  children,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <fieldset
      className={`fieldset business-choices${error ? " field-invalid" : ""} ${className}`}
      data-testid={testId}
    >
      <legend className="field-label">{legend}</legend>
      {children}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint">{hint}</p>
      ) : null}
    </fieldset>
  );
}
