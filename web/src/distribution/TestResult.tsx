import { useI18n } from "../i18n/I18nProvider.js";
import type { TestResult as Result } from "./types.js";

/** What the SMTP server or SMS provider answered to a test message. */
export function TestResult({ result, testId }: { result: Result; testId: string }) {
  const { t } = useI18n();
  return (
    <div
      className={`notice ${result.ok ? "notice-info" : "notice-error"} dist-test-result`}
      role="status"
      data-testid={testId}
    >
      <strong>{result.ok ? t("dist.test.ok") : t("dist.test.failed")}</strong>
      <code>{result.response}</code>
    </div>
  );
}
