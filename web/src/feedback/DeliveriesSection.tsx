import { useState } from "react";
import { type MessageKey, useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Spinner } from "../ui/components.js";
import { MoreButton } from "../ui/MoreButton.js";
import { useDeliveries } from "./alerts-queries.js";

const STATUSES = ["pending", "sending", "sent", "kept", "failed"] as const;
const STATUS_KEYS: Record<string, MessageKey> = {
  pending: "alerts.status.pending",
  sending: "alerts.status.sending",
  sent: "alerts.status.sent",
  kept: "alerts.status.kept",
  failed: "alerts.status.failed",
};

/** What alerts and digests were sent, queued or failed, newest first. */
export function DeliveriesSection() {
  const { t, fmt } = useI18n();
  const [status, setStatus] = useState("");
  const deliveries = useDeliveries(status);
  const items = deliveries.data?.pages.flatMap((p) => p.items) ?? [];
  const label = (s: string) => (STATUS_KEYS[s] ? t(STATUS_KEYS[s] as MessageKey) : s);
  return (
    <section className="card" data-testid="alert-deliveries">
      <div className="card-head">
        <h2 className="card-title">{t("alerts.deliveries")}</h2>
        <select
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          aria-label={t("alerts.deliveries")}
        >
          <option value="">{t("feedback.filter.all")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </div>
      {deliveries.error ? (
        <ErrorNotice error={deliveries.error} onRetry={() => deliveries.refetch()} />
      ) : deliveries.isPending ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted small">{t("alerts.deliveries.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t("alerts.when")}</th>
                <th>{t("alerts.kind")}</th>
                <th>{t("alerts.target")}</th>
                <th>{t("alerts.subject")}</th>
                <th>{t("alerts.statusCol")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td className="nowrap">{fmt.dateTime(d.createdAt)}</td>
                  <td>{d.kind}</td>
                  <td className="fb-ellipsis" title={d.target}>
                    {d.channel} · {d.target}
                  </td>
                  <td>{d.subject}</td>
                  <td title={d.detail ?? undefined}>
                    <span className={`chip fb-msg-${d.status}`}>{label(d.status)}</span>
                    {d.attempts > 1 && <span className="muted small"> ×{d.attempts}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton pages={deliveries} label={t("feedback.more")} />
    </section>
  );
}
