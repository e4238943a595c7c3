import { useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { isApiError } from "../api/client.js";
import { useCan, useSession } from "../auth/session.js";
import { type MessageKey, useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import { CaseStatusBadge, DueFlag } from "./CaseBadges.js";
import { CaseAssignment, CaseNotifications, CasePromo } from "./CaseSidebar.js";
import { CaseTransitions } from "./CaseTransitions.js";
import { CustomerTimeline } from "./CustomerTimeline.js";
import { CategoryChips, ScoreBadge, SentimentChip } from "./FeedbackChips.js";
import { OPEN_STATUSES } from "./labels.js";
import { useCase, useCaseMutations, useCategories, useFeedbackItem, useMembers } from "./queries.js";
import type { CaseDetail, CaseEvent, TCaseStatus } from "./types.js";
import "./feedback.css";

const EVENT_TEXT: Record<string, MessageKey> = {
  created: "case.event.created",
  status: "case.event.status",
  note: "case.event.note",
  updated: "case.event.updated",
  notified: "case.event.notified",
  promo: "case.event.promo",
  promo_unavailable: "case.event.promoUnavailable",
};
const STATUS_TEXT: Record<TCaseStatus, MessageKey> = {
  new: "case.status.new",
  acknowledged: "case.status.acknowledged",
  in_progress: "case.status.in_progress",
  resolved: "case.status.resolved",
  closed: "case.status.closed",
};
const statusText = (s: string | null): MessageKey | undefined =>
  s && s in STATUS_TEXT ? STATUS_TEXT[s as TCaseStatus] : undefined;

/** One case: the answer behind it, its moves, history and notes, the promo code and customer messages. */
export function CasePage() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const kase = useCase(id);
  useDocumentTitle(kase.data ? t("case.title", { ref: kase.data.reference }) : t("case.board.title"));
  if (kase.error) return <ErrorNotice error={kase.error} onRetry={() => kase.refetch()} />;
  if (kase.isPending) return <Spinner />;
  return <CaseView kase={kase.data} />;
}

function CaseView({ kase }: { kase: CaseDetail }) {
  const { t } = useI18n();
  const canWrite = useCan("cases:write");
  const surveys = useSurveys();
  const surveyNames = useMemo(() => new Map((surveys.data ?? []).map((s) => [s.id, s.name])), [surveys.data]);
  return (
    <div className="page fb-page" data-testid="case-page" data-case={kase.id} data-status={kase.status}>
      <Link to="/cases" className="back-link">
        ← {t("case.board.title")}
      </Link>
      <div className="page-header">
        <h1>
          {t("case.title", { ref: kase.reference })}
          <CaseStatusBadge status={kase.status} />
          <DueFlag dueAt={kase.dueAt} overdue={kase.overdue} open={OPEN_STATUSES.includes(kase.status)} />
        </h1>
      </div>
      <div className="fb-case-grid">
        <div className="stack">
          <CaseAnswer kase={kase} surveyName={surveyNames.get(kase.surveyId)} />
          {canWrite && (
            <section className="card" data-testid="case-move">
              <h2 className="card-title">{t("case.move.title")}</h2>
              <CaseTransitions kase={kase} />
            </section>
          )}
          <CaseHistory kase={kase} canWrite={canWrite} />
        </div>
        <div className="stack">
          <CaseAssignment key={`${kase.team}|${kase.dueAt}`} kase={kase} />
          <CasePromo kase={kase} />
          <CaseNotifications caseId={kase.id} />
          <CustomerTimeline
            responseId={kase.responseId}
            customerId={kase.customerId}
            surveyNames={surveyNames}
          />
        </div>
      </div>
    </div>
  );
}

function CaseAnswer({ kase, surveyName }: { kase: CaseDetail; surveyName: string | undefined }) {
  const { t, fmt } = useI18n();
  const item = useFeedbackItem(kase.responseId);
  const categories = useCategories(true);
  const byId = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);
  return (
    <section className="card" data-testid="case-answer">
      <h2 className="card-title">{t("case.answer")}</h2>
      {isApiError(item.error) && item.error.status === 404 ? (
        // An answer without open text has no categorized item: the case's own summary stands in.
        <p className="fb-text">{kase.summary}</p>
      ) : item.error ? (
        <ErrorNotice error={item.error} onRetry={() => item.refetch()} />
      ) : item.isPending ? (
        <Spinner />
      ) : (
        <div className="fb-row fb-row-static">
          <ScoreBadge score={item.data.score} />
          <div className="fb-row-body">
            <p className="fb-text">{item.data.text}</p>
            <div className="chips">
              <CategoryChips item={item.data} byId={byId} />
              <SentimentChip sentiment={item.data.sentiment} />
            </div>
            <div className="fb-meta muted small">
              {surveyName && <span>{surveyName}</span>}
              <span>{fmt.dateTime(item.data.submittedAt)}</span>
              <span className="lang-tag">{item.data.language.toUpperCase()}</span>
              {kase.team && <span>{t("case.routedTo", { team: kase.team })}</span>}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

function CaseHistory({ kase, canWrite }: { kase: CaseDetail; canWrite: boolean }) {
  const { t, fmt } = useI18n();
  const me = useSession();
  const members = useMembers(useCan("admin"));
  const { note } = useCaseMutations(kase.id);
  const [text, setText] = useState("");
  const who = (e: CaseEvent) =>
    e.userId === null
      ? t("case.event.system")
      : e.userId === me.user?.id
        ? t("case.owner.me")
        : (members.data?.find((m) => m.id === e.userId)?.name ?? t("case.owner.someone"));
  const history = [...kase.history].reverse();
  return (
    <section className="card" data-testid="case-history">
      <h2 className="card-title">{t("case.history")}</h2>
      {canWrite && (
        <form
          className="fb-note-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) note.mutate(text.trim(), { onSuccess: () => setText("") });
          }}
        >
          <label htmlFor="case-note" className="sr-only">
            {t("case.note.add")}
          </label>
          <textarea
            id="case-note"
            rows={2}
            maxLength={5000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t("case.note.placeholder")}
            data-testid="note-input"
          />
          <button
            type="submit"
            className="btn btn-small"
            disabled={!text.trim() || note.isPending}
            data-testid="note-add"
          >
            {t("case.note.add")}
          </button>
          {note.error && (
            <p className="field-error" role="alert">
              {errorText(t, note.error)}
            </p>
          )}
        </form>
      )}
      <ol className="fb-history">
        {history.map((e) => {
          const from = statusText(e.fromStatus);
          const to = statusText(e.toStatus);
          return (
            <li
              key={e.id}
              className={`fb-event fb-event-${e.kind}`}
              data-testid="case-event"
              data-kind={e.kind}
            >
              <div className="fb-event-head small">
                <strong>
                  {e.kind === "status" && to
                    ? from
                      ? t("case.event.moved", { from: t(from), to: t(to) })
                      : t(to)
                    : EVENT_TEXT[e.kind]
                      ? t(EVENT_TEXT[e.kind] as MessageKey)
                      : e.kind}
                </strong>
                <span className="muted">
                  {who(e)} · {fmt.dateTime(e.createdAt)}
                </span>
              </div>
              {e.note && <p className="fb-event-note">{e.note}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
