import { useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field } from "../ui/components.js";
import { fieldError } from "../ui/errors.js";
import { TestResult } from "./TestResult.js";
import type { TestResult as Result } from "./types.js";

/**
 * Sends a test message to one address or phone and shows what the server or provider answered.
 * `field` is the request field the server names when the address is wrong.
 */
export function TestSendForm({
  label,
  field,
  type,
  placeholder,
  testId,
  inputTestId,
  test,
  onSend,
}: {
  label: string;
  field: string;
  type: "email" | "tel";
  placeholder: string;
  /** Prefix of the send button's and result's test ids (`smtp` → `smtp-test`, `smtp-test-result`). */
  testId: string;
  inputTestId: string;
  test: { error: unknown; isPending: boolean; data?: Result };
  onSend: (to: string) => void;
}) {
  const { t } = useI18n();
  const [to, setTo] = useState("");
  return (
    <form
      className="inset dist-test"
      onSubmit={(e) => {
        e.preventDefault();
        onSend(to.trim());
      }}
    >
      <Field label={label} error={fieldError(test.error, field)}>
        {(id, invalid) => (
          <div className="dist-inline">
            <input
              id={id}
              type={type}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              placeholder={placeholder}
              aria-invalid={invalid}
              data-testid={inputTestId}
            />
            <button
              type="submit"
              className="btn"
              disabled={test.isPending || !to.trim()}
              data-testid={`${testId}-test`}
            >
              {test.isPending ? t("dist.test.sending") : t("dist.test.send")}
            </button>
          </div>
        )}
      </Field>
      {Boolean(test.error) && !fieldError(test.error, field) && <ErrorNotice error={test.error} />}
      {test.data && <TestResult result={test.data} testId={`${testId}-test-result`} />}
    </form>
  );
}
