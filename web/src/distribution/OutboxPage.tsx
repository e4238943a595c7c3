import { useState } from "react";
import { Link } from "react-router-dom";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState, ErrorNotice, Spinner } from "../ui/components.js";
import { MoreButton } from "../ui/MoreButton.js";
import { MessagePreview } from "./MessagePreview.js";
import { useOutbox, useSmtp } from "./queries.js";

/** Emails kept instead of sent while no SMTP server is configured, with a preview of each. */
export function OutboxPage() {
  const { t, fmt } = useI18n();
  const outbox = useOutbox();
  const smtp = useSmtp();
  const [selected, setSelected] = useState<string | null>(null);
  const items = outbox.data?.pages.flatMap((p) => p.items) ?? [];
  const current = items.find((i) => i.id === selected) ?? items[0];

  return (
    <div data-testid="outbox-page">
      <div className="dist-section-head">
        <p className="muted">{t("dist.outbox.subtitle")}</p>
      </div>
      {smtp.data === null && (
        <p className="notice notice-warn">
          {t("dist.outbox.noSmtp")} <Link to="/distribution/channels">{t("dist.outbox.configure")}</Link>
        </p>
      )}
      {outbox.isPending ? (
        <Spinner />
      ) : outbox.error ? (
        <ErrorNotice error={outbox.error} onRetry={() => outbox.refetch()} />
      ) : items.length === 0 || !current ? (
        <section className="card">
          <EmptyState title={t("dist.outbox.emptyTitle")}>{t("dist.outbox.emptyBody")}</EmptyState>
        </section>
      ) : (
        <div className="dist-outbox">
          <section className="card card-flush">
            <ul className="dist-outbox-list" data-testid="outbox-list">
              {items.map((m) => (
                <li key={m.id}>
                  <button
                    type="button"
                    className={m.id === current.id ? "active" : ""}
                    aria-pressed={m.id === current.id}
                    onClick={() => setSelected(m.id)}
                    data-testid="outbox-item"
                  >
                    <strong>{m.to}</strong>
                    <span className="dist-outbox-subject">{m.subject}</span>
                    <span className="muted small">{fmt.dateTime(m.createdAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
            {outbox.hasNextPage && (
              <div className="dist-more">
                <MoreButton pages={outbox} label={t("dist.more")} />
              </div>
            )}
          </section>
          <section className="card">
            <MessagePreview key={current.id} item={current} />
          </section>
        </div>
      )}
    </div>
  );
}
