import { ExportLinks } from "../analytics/ExportLinks.js";
import { queryString } from "../api/client.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Modal, Spinner } from "../ui/components.js";
import { formatDuration } from "./format.js";
import { useBreaches } from "./queries.js";
import type { SupportQuery } from "./types.js";

/** The tickets behind a breached SLA figure, with the target, deadline and how late. */
export function BreachesDialog({
  query,
  measure,
  onClose,
}: {
  query: SupportQuery;
  measure: "firstReply" | "resolution";
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const timeZone = useSession().workspace.timeZone;
  const breaches = useBreaches({ ...query, measure });
  const when = new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-US", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  });
  const at = (iso: string) => when.format(new Date(iso));
  const items = breaches.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Modal
      title={t(measure === "firstReply" ? "support.breaches.firstReply" : "support.breaches.resolution")}
      onClose={onClose}
      wide
    >
      {items.length > 0 && (
        <div className="support-breaches-export">
          <span className="small">{t("support.export.breaches")}</span>
          <ExportLinks
            testId="support-breaches-export"
            href={(format) =>
              `/api/v1/support/exports/breaches.${format}${queryString({ ...query, measure })}`
            }
          />
        </div>
      )}
      {breaches.isPending ? (
        <Spinner />
      ) : breaches.error ? (
        <ErrorNotice error={breaches.error} onRetry={() => breaches.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">{t("support.breaches.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table support-breaches" data-testid="support-breaches">
            <thead>
              <tr>
                <th>{t("support.breaches.ticket")}</th>
                <th>{t("support.breaches.created")}</th>
                <th>{t("support.filter.channel")}</th>
                <th>{t("support.key.topic")}</th>
                <th>{t("support.filter.agent")}</th>
                <th>{t("support.breaches.target")}</th>
                <th>{t("support.breaches.deadline")}</th>
                <th>{t("support.breaches.achieved")}</th>
                <th className="num">{t("support.breaches.late")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.id} data-testid="support-breach" data-ticket={b.externalId}>
                  <td>
                    <strong>{b.externalId}</strong>
                  </td>
                  <td>{at(b.createdAt)}</td>
                  <td>{b.channel}</td>
                  <td>{b.topic ?? "—"}</td>
                  <td>{b.agent ?? "—"}</td>
                  <td>{b.target ?? "—"}</td>
                  <td>{at(b.deadline)}</td>
                  <td>
                    {b.achievedAt ? (
                      at(b.achievedAt)
                    ) : (
                      <span className="muted">{t("support.breaches.notYet")}</span>
                    )}
                  </td>
                  <td className="num">{formatDuration(b.overdueMs, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {breaches.hasNextPage && (
        <button
          type="button"
          className="btn"
          disabled={breaches.isFetchingNextPage}
          onClick={() => breaches.fetchNextPage()}
        >
          {t("support.breaches.more")}
        </button>
      )}
    </Modal>
  );
}
