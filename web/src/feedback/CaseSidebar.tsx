import { useId, useState } from "react";
import { useCan, useSession } from "../auth/session.js";
import { type MessageKey, useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Spinner } from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import { useCaseMutations, useCaseNotifications, useMembers, usePromoPools } from "./queries.js";
import type { CaseDetail } from "./types.js";

/** A local datetime-local value for an instant (the browser's zone, as the input shows it). */
function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Owner, team and due time of a case. */
export function CaseAssignment({ kase }: { kase: CaseDetail }) {
  const { t } = useI18n();
  const id = useId();
  const me = useSession();
  const canWrite = useCan("cases:write");
  const members = useMembers(useCan("admin"));
  const { assign } = useCaseMutations(kase.id);
  const [team, setTeam] = useState(kase.team ?? "");
  const [due, setDue] = useState(localInput(kase.dueAt));
  const people = members.data ?? [];
  const ownerName =
    kase.ownerId === me.user?.id
      ? t("case.owner.me")
      : (people.find((m) => m.id === kase.ownerId)?.name ??
        (kase.ownerId ? t("case.owner.someone") : t("case.owner.none")));
  const changed = team.trim() !== (kase.team ?? "") || due !== localInput(kase.dueAt);
  const save = () =>
    assign.mutate({
      ...(team.trim() !== (kase.team ?? "") ? { team: team.trim() || null } : {}),
      ...(due !== localInput(kase.dueAt) && due ? { dueAt: new Date(due).toISOString() } : {}),
    });

  return (
    <section className="card fb-side-card" data-testid="case-assignment">
      <h2 className="card-title">{t("case.details")}</h2>
      <div className="fb-kv">
        <span className="muted small">{t("case.owner")}</span>
        {canWrite && people.length > 0 ? (
          <select
            value={kase.ownerId ?? ""}
            onChange={(e) => assign.mutate({ ownerId: e.target.value || null })}
            data-testid="case-owner"
          >
            <option value="">{t("case.owner.none")}</option>
            {people.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name || m.email}
              </option>
            ))}
          </select>
        ) : (
          <span>
            {ownerName}
            {canWrite && me.user && kase.ownerId !== me.user.id && (
              <button
                type="button"
                className="btn-link small fb-take"
                onClick={() => assign.mutate({ ownerId: me.user?.id ?? null })}
              >
                {t("case.owner.take")}
              </button>
            )}
          </span>
        )}
      </div>
      <div className="fb-kv">
        <label htmlFor={`${id}-team`} className="muted small">
          {t("case.team")}
        </label>
        <input
          id={`${id}-team`}
          value={team}
          maxLength={100}
          onChange={(e) => setTeam(e.target.value)}
          disabled={!canWrite}
          data-testid="case-team"
        />
      </div>
      <div className="fb-kv">
        <label htmlFor={`${id}-due`} className="muted small">
          {t("case.due")}
        </label>
        <input
          id={`${id}-due`}
          type="datetime-local"
          value={due}
          onChange={(e) => setDue(e.target.value)}
          disabled={!canWrite}
        />
      </div>
      {changed && (
        <button
          type="button"
          className="btn btn-primary btn-small"
          onClick={save}
          disabled={assign.isPending}
        >
          {assign.isPending ? t("common.saving") : t("common.save")}
        </button>
      )}
      {assign.error && (
        <p className="field-error" role="alert">
          {errorText(t, assign.error)}
        </p>
      )}
    </section>
  );
}

/** The sorry-bonus code of the case, or a pool to take one from. */
export function CasePromo({ kase }: { kase: CaseDetail }) {
  const { t } = useI18n();
  const canWrite = useCan("cases:write");
  const pools = usePromoPools();
  const { promo } = useCaseMutations(kase.id);
  const [pool, setPool] = useState("");
  const available = (pools.data ?? []).filter((p) => p.total > p.used);
  return (
    <section className="card fb-side-card" data-testid="case-promo">
      <h2 className="card-title">{t("case.promo")}</h2>
      {kase.promoCode ? (
        <p>
          <code className="fb-code" data-testid="case-promo-code">
            {kase.promoCode}
          </code>
        </p>
      ) : pools.isPending ? (
        <Spinner />
      ) : available.length === 0 ? (
        <p className="muted small">{t("case.promo.noPools")}</p>
      ) : canWrite ? (
        <div className="inline-controls">
          <select value={pool} onChange={(e) => setPool(e.target.value)} data-testid="promo-pool">
            <option value="">{t("case.promo.pick")}</option>
            {available.map((p) => (
              <option key={p.id} value={p.id}>
                {t("case.promo.pool", { name: p.name, left: p.total - p.used })}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small"
            disabled={!pool || promo.isPending}
            onClick={() => promo.mutate(pool)}
            data-testid="promo-grant"
          >
            {t("case.promo.grant")}
          </button>
        </div>
      ) : (
        <p className="muted small">{t("case.promo.none")}</p>
      )}
      {promo.error && (
        <p className="field-error" role="alert">
          {errorText(t, promo.error)}
        </p>
      )}
    </section>
  );
}

const MSG_STATUS: Record<string, MessageKey> = {
  pending: "case.notifications.pending",
  sent: "case.notifications.sent",
  failed: "case.notifications.failed",
};

/** Messages to the customer about this case: queued, sent or failed. */
export function CaseNotifications({ caseId }: { caseId: string }) {
  const { t, fmt } = useI18n();
  const list = useCaseNotifications(caseId);
  return (
    <section className="card fb-side-card" data-testid="case-notifications">
      <h2 className="card-title">{t("case.notifications")}</h2>
      {list.error ? (
        <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Spinner />
      ) : list.data.length === 0 ? (
        <p className="muted small">{t("case.notifications.none")}</p>
      ) : (
        <ul className="fb-notes-list">
          {list.data.map((m) => (
            <li key={m.id} data-testid="case-notification" data-template={m.template}>
              <details>
                <summary>
                  <strong>{m.subject}</strong>
                  <span className={`chip fb-msg-${m.status}`}>
                    {MSG_STATUS[m.status] ? t(MSG_STATUS[m.status] as MessageKey) : m.status}
                  </span>
                </summary>
                <p className="muted small">
                  {m.channel} · {m.recipient ?? "—"} · {fmt.dateTime(m.createdAt)}
                </p>
                <pre className="fb-msg-body">{m.body}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
