import { Link } from "react-router-dom";
import type { TResponse } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { CloseButton, ErrorNotice, Spinner } from "../ui/components.js";
import { CaseStatusBadge } from "./CaseBadges.js";
import { useCases, useCustomerResponses } from "./queries.js";
import type { Case } from "./types.js";

type Entry =
  | { at: string; answer: TResponse; kase?: undefined }
  | { at: string; kase: Case; answer?: undefined };

/** The first score of an answer, as "NPS 3" (an index such as CLI with one decimal). */
function scoreOf(r: TResponse, number: (v: number, digits?: number) => string): string | null {
  const a = r.answers.find((x) => x.value !== null && x.type !== "choice" && x.type !== "multi");
  if (!a || a.value === null) return null;
  return `${a.type.toUpperCase()} ${number(a.value, Number.isInteger(a.value) ? 0 : 1)}`;
}
const textOf = (r: TResponse) =>
  r.answers
    .map((a) => a.text)
    .filter((x): x is string => Boolean(x))
    .join(" · ");

/**
 * Beside an answer: the case it opened and the customer's earlier answers and cases, newest first.
 * Anonymous answers have no customer, so only their own case is shown.
 */
export function CustomerTimeline({
  responseId,
  customerId,
  surveyNames,
  onClose,
}: {
  responseId: string;
  customerId: string | null;
  surveyNames: Map<string, string>;
  onClose?: () => void;
}) {
  const { t, fmt } = useI18n();
  const own = useCases({ responseId }, { limit: 1 });
  const answers = useCustomerResponses(customerId);
  const cases = useCases(
    { customerId: customerId ?? undefined },
    { enabled: Boolean(customerId), limit: 20 },
  );
  const ownCase = own.data?.pages[0]?.items[0];

  const entries: Entry[] = [
    ...(answers.data?.items ?? []).map((answer) => ({ at: answer.submittedAt, answer })),
    ...(cases.data?.pages.flatMap((p) => p.items) ?? []).map((kase) => ({ at: kase.createdAt, kase })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const loading = own.isPending || (customerId && (answers.isPending || cases.isPending));
  const error = own.error ?? answers.error ?? cases.error;

  return (
    <aside
      className="card fb-timeline"
      data-testid="customer-timeline"
      aria-label={t("feedback.timeline.title")}
    >
      <div className="card-head">
        <h2 className="card-title">{t("feedback.timeline.title")}</h2>
        {onClose && <CloseButton onClick={onClose} />}
      </div>
      {error ? (
        <ErrorNotice error={error} />
      ) : loading ? (
        <Spinner />
      ) : (
        <>
          <div className="fb-timeline-case">
            {ownCase ? (
              <Link to={`/cases/${ownCase.id}`} className="fb-case-link" data-testid="timeline-own-case">
                {t("feedback.timeline.case", { ref: ownCase.reference })}{" "}
                <CaseStatusBadge status={ownCase.status} />
              </Link>
            ) : (
              <span className="muted small">{t("feedback.timeline.noCase")}</span>
            )}
          </div>
          {!customerId ? (
            <p className="muted small">{t("feedback.timeline.anonymous")}</p>
          ) : entries.length === 0 ? (
            <p className="muted small">{t("feedback.timeline.empty")}</p>
          ) : (
            <ol className="fb-timeline-list">
              {entries.map((e) =>
                e.answer ? (
                  <li
                    key={`a-${e.answer.id}`}
                    className={`fb-tl-item${e.answer.id === responseId ? " fb-tl-current" : ""}`}
                    data-testid="timeline-answer"
                  >
                    <div className="fb-tl-head small">
                      <span className="fb-tl-kind">{t("feedback.timeline.answer")}</span>
                      {scoreOf(e.answer, fmt.number) && (
                        <span className="chip chip-score">{scoreOf(e.answer, fmt.number)}</span>
                      )}
                      <span className="muted">{fmt.dateTime(e.at)}</span>
                    </div>
                    <div className="muted small">{surveyNames.get(e.answer.surveyId) ?? ""}</div>
                    {textOf(e.answer) && <p className="fb-tl-text">{textOf(e.answer)}</p>}
                  </li>
                ) : (
                  <li key={`c-${e.kase.id}`} className="fb-tl-item fb-tl-case" data-testid="timeline-case">
                    <div className="fb-tl-head small">
                      <span className="fb-tl-kind">{t("feedback.timeline.caseShort")}</span>
                      <Link to={`/cases/${e.kase.id}`}>{e.kase.reference}</Link>
                      <CaseStatusBadge status={e.kase.status} />
                      <span className="muted">{fmt.dateTime(e.at)}</span>
                    </div>
                    {e.kase.team && <div className="muted small">{e.kase.team}</div>}
                  </li>
                ),
              )}
            </ol>
          )}
          {answers.data?.nextCursor && <p className="muted small">{t("feedback.timeline.more")}</p>}
        </>
      )}
    </aside>
  );
}
