import { useI18n } from "../i18n/I18nProvider.js";
import { hoursUntil } from "./labels.js";
import type { TCaseStatus } from "./types.js";

export function CaseStatusBadge({ status }: { status: TCaseStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge fb-status fb-status-${status}`} data-testid="case-status" data-status={status}>
      {t(`case.status.${status}`)}
    </span>
  );
}

/** "Overdue 5 h" in red, or the time left. */
export function DueFlag({ dueAt, overdue, open }: { dueAt: string; overdue: boolean; open: boolean }) {
  const { t, fmt } = useI18n();
  if (!open) return null;
  const h = hoursUntil(dueAt);
  const span = (hours: number) =>
    hours >= 48
      ? t("case.due.days", { n: Math.round(hours / 24) })
      : t("case.due.hours", { n: Math.max(1, Math.round(hours)) });
  return overdue ? (
    <span className="badge fb-overdue" title={fmt.dateTime(dueAt)} data-testid="case-overdue">
      {t("case.overdueBy", { span: span(-h) })}
    </span>
  ) : (
    <span className="muted small" title={fmt.dateTime(dueAt)}>
      {t("case.dueIn", { span: span(h) })}
    </span>
  );
}
