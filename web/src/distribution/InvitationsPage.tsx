import { useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { EmptyState, ErrorNotice, Spinner, useDebounced } from "../ui/components.js";
import { FilterSelect, namedOptions } from "../ui/FilterSelect.js";
import { MoreButton } from "../ui/MoreButton.js";
import { useUrlParams } from "../ui/url-params.js";
import { channelOptions } from "./channel-options.js";
import { useInvitations } from "./queries.js";
import { InvitationBadge } from "./StatusBadge.js";
import type { Invitation, InvitationStatus } from "./types.js";

const STATUSES: InvitationStatus[] = [
  "queued",
  "sending",
  "sent",
  "opened",
  "answered",
  "bounced",
  "suppressed",
  "failed",
];

/** Every invitation with its state and timestamps, newest first, filtered by state, channel, survey, customer. */
export function InvitationsPage() {
  const { t, fmt } = useI18n();
  const { params, set } = useUrlParams();
  const [customer, setCustomer] = useState(params.get("customer") ?? "");
  const debounced = useDebounced(customer.trim());
  const status = STATUSES.find((s) => s === params.get("status"));
  const query = {
    status,
    channel: params.get("channel") || undefined,
    surveyId: params.get("survey") || undefined,
    customer: debounced || undefined,
  };
  const list = useInvitations(query);
  const surveys = useSurveys();
  const surveyName = (id: string) => surveys.data?.find((s) => s.id === id)?.name ?? "—";
  const when = (iso: string | null) => (iso ? fmt.dateTime(iso) : "—");
  const items: Invitation[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(status || query.channel || query.surveyId || query.customer);

  return (
    <div data-testid="invitations-page">
      <div className="dist-section-head">
        <p className="muted">{t("dist.invitations.subtitle")}</p>
      </div>
      <div className="toolbar dist-filters">
        <fieldset
          className="segmented segmented-small dist-status-filter"
          aria-label={t("dist.invitations.state")}
        >
          <button
            type="button"
            className={!status ? "active" : ""}
            aria-pressed={!status}
            onClick={() => set({ status: null })}
          >
            {t("dist.filter.all")}
          </button>
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              className={status === s ? "active" : ""}
              aria-pressed={status === s}
              onClick={() => set({ status: s })}
              data-testid={`invitations-status-${s}`}
            >
              {t(`dist.status.${s}`)}
            </button>
          ))}
        </fieldset>
        <FilterSelect
          className="dist-filter"
          label={t("dist.editor.channel")}
          value={query.channel ?? ""}
          onChange={(channel) => set({ channel })}
          allLabel={t("dist.filter.all")}
          options={channelOptions(t)}
          testId="invitations-channel"
        />
        <FilterSelect
          className="dist-filter"
          label={t("dist.editor.survey")}
          value={query.surveyId ?? ""}
          onChange={(survey) => set({ survey })}
          allLabel={t("dist.filter.all")}
          options={namedOptions(surveys.data)}
        />
        <label className="dist-filter">
          <span className="muted small">{t("dist.invitations.customer")}</span>
          <input
            type="search"
            value={customer}
            onChange={(e) => {
              setCustomer(e.target.value);
              set({ customer: e.target.value.trim() });
            }}
            placeholder={t("dist.invitations.customerHint")}
          />
        </label>
      </div>
      {list.isPending ? (
        <Spinner />
      ) : list.error ? (
        <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <section className="card">
          <EmptyState title={filtered ? t("dist.invitations.noneMatch") : t("dist.invitations.emptyTitle")}>
            {filtered ? t("dist.invitations.noneMatchBody") : t("dist.invitations.emptyBody")}
          </EmptyState>
        </section>
      ) : (
        <section className={`card card-flush table-wrap${list.isPlaceholderData ? " stale" : ""}`}>
          <table className="table dist-invitations" data-testid="invitations-table">
            <thead>
              <tr>
                <th>{t("dist.invitations.customer")}</th>
                <th>{t("dist.editor.survey")}</th>
                <th>{t("dist.editor.channel")}</th>
                <th>{t("dist.invitations.state")}</th>
                <th>{t("dist.invitations.due")}</th>
                <th>{t("dist.status.sent")}</th>
                <th>{t("dist.status.opened")}</th>
                <th>{t("dist.status.answered")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} data-testid="invitation-row">
                  <td>
                    {i.customerExternalId ?? "—"}
                    {i.url && (
                      <div className="small">
                        <a href={i.url} target="_blank" rel="noreferrer noopener">
                          {t("dist.invitations.link")}
                        </a>
                      </div>
                    )}
                  </td>
                  <td>{surveyName(i.surveyId)}</td>
                  <td>{t(`dist.channel.${i.channel}`)}</td>
                  <td title={i.detail ?? undefined}>
                    <InvitationBadge status={i.status} reason={i.reason} />
                  </td>
                  <td>{when(i.sendAt)}</td>
                  <td>{when(i.sentAt)}</td>
                  <td>{when(i.openedAt)}</td>
                  <td>{when(i.answeredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.hasNextPage && (
            <div className="dist-more">
              <MoreButton pages={list} label={t("dist.more")} className="btn" testId="invitations-more" />
            </div>
          )}
        </section>
      )}
    </div>
  );
}
