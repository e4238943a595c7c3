import { useI18n } from "../i18n/I18nProvider.js";
import type { InvitationStatus } from "./types.js";

/** An invitation's state; suppressed and failed ones say why. */
export function InvitationBadge({ status, reason }: { status: InvitationStatus; reason: string | null }) {
  const { t } = useI18n();
  return (
    <span className={`dist-status dist-status-${status}`} data-testid="invitation-status">
      {t(`dist.status.${status}`)}
      {reason && <span className="dist-reason"> · {reason.replaceAll("_", " ")}</span>}
    </span>
  );
}
