import { useEffect, useMemo, useState } from "react";
import { useCan, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { EmptyState, ErrorNotice, Spinner, useDebounced, useDocumentTitle } from "../ui/components.js";
import { useUrlParams } from "../ui/url-params.js";
import { CustomerTimeline } from "./CustomerTimeline.js";
import { FeedbackRow } from "./FeedbackRow.js";
import { FeedbackTabs } from "./FeedbackTabs.js";
import { InboxFilters, type InboxParams, UNCATEGORIZED } from "./InboxFilters.js";
import { INBOX_PERIODS, type InboxPeriod, periodRange } from "./labels.js";
import { useCategories, useFeedback } from "./queries.js";
import type { FeedbackFilters, ScoreGroup, TSentiment } from "./types.js";
import "./feedback.css";
import { MoreButton } from "../ui/MoreButton.js";

/** The inbox: answers with comments, their categories and sentiment, filters and the customer's timeline. */
export function InboxPage() {
  const { t } = useI18n();
  const me = useSession();
  const canFix = useCan("feedback:write");
  const { params, set } = useUrlParams();
  useDocumentTitle(t("feedback.inbox.title"));

  const value: InboxParams = {
    period: INBOX_PERIODS.find((p) => p === params.get("period")) ?? "30d",
    group: params.get("group") ?? "",
    surveyId: params.get("survey") ?? "",
    categoryId: params.get("category") ?? "",
    sentiment: params.get("sentiment") ?? "",
    q: params.get("q") ?? "",
  };
  const selected = params.get("answer");
  const [search, setSearch] = useState(value.q);
  const q = useDebounced(search.trim(), 300);
  const [editing, setEditing] = useState<string | null>(null);

  const onChange = (patch: Partial<InboxParams>) =>
    set({
      ...(patch.period !== undefined ? { period: patch.period } : {}),
      ...(patch.group !== undefined ? { group: patch.group } : {}),
      ...(patch.surveyId !== undefined ? { survey: patch.surveyId } : {}),
      ...(patch.categoryId !== undefined ? { category: patch.categoryId } : {}),
      ...(patch.sentiment !== undefined ? { sentiment: patch.sentiment } : {}),
      ...(patch.q !== undefined ? { q: patch.q } : {}),
    });
  // The debounced search goes to the URL (and so to the query).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search text should write the URL
  useEffect(() => {
    if (q !== value.q) set({ q });
  }, [q]);

  const tz = me.workspace.timeZone;
  const filters = useMemo<FeedbackFilters>(() => {
    const range = periodRange(value.period as InboxPeriod, tz);
    return {
      ...range,
      group: (value.group || undefined) as ScoreGroup | undefined,
      surveyId: value.surveyId || undefined,
      categoryId: value.categoryId && value.categoryId !== UNCATEGORIZED ? value.categoryId : undefined,
      uncategorized: value.categoryId === UNCATEGORIZED ? true : undefined,
      sentiment: (value.sentiment || undefined) as TSentiment | undefined,
      q: value.q || undefined,
    };
  }, [value.period, value.group, value.surveyId, value.categoryId, value.sentiment, value.q, tz]);

  const feedback = useFeedback(filters);
  const categories = useCategories(true);
  const surveys = useSurveys();
  const byId = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);
  const surveyNames = useMemo(() => new Map((surveys.data ?? []).map((s) => [s.id, s.name])), [surveys.data]);
  const items = useMemo(() => feedback.data?.pages.flatMap((p) => p.items) ?? [], [feedback.data]);
  const current = items.find((i) => i.responseId === selected);
  const filtered = Boolean(value.group || value.surveyId || value.categoryId || value.sentiment || value.q);

  return (
    <div className="page fb-page" data-testid="inbox-page">
      <div className="page-header">
        <div>
          <h1>{t("feedback.inbox.title")}</h1>
          <p className="muted small">{t("feedback.inbox.subtitle")}</p>
        </div>
      </div>
      <FeedbackTabs />
      <InboxFilters
        value={value}
        search={search}
        onSearch={setSearch}
        onChange={onChange}
        surveys={surveys.data ?? []}
        categories={(categories.data ?? []).filter((c) => !c.archived)}
      />
      <div className={`fb-inbox${current ? " fb-inbox-split" : ""}`}>
        <section className="card card-flush fb-list-card">
          {feedback.error ? (
            <ErrorNotice error={feedback.error} onRetry={() => feedback.refetch()} />
          ) : feedback.isPending || categories.isPending ? (
            <Spinner />
          ) : items.length === 0 ? (
            <EmptyState title={filtered ? t("feedback.inbox.noMatch") : t("feedback.inbox.empty")}>
              {filtered ? t("feedback.inbox.noMatchHint") : t("feedback.inbox.emptyHint")}
            </EmptyState>
          ) : (
            <>
              <ul
                className={`fb-list${feedback.isPlaceholderData ? " stale" : ""}`}
                data-testid="feedback-list"
                aria-busy={feedback.isFetching}
              >
                {items.map((item) => (
                  <FeedbackRow
                    key={item.responseId}
                    item={item}
                    q={value.q}
                    surveyName={surveyNames.get(item.surveyId)}
                    categories={categories.data ?? []}
                    byId={byId}
                    selected={item.responseId === selected}
                    editing={editing === item.responseId}
                    canFix={canFix}
                    onSelect={() => set({ answer: item.responseId === selected ? null : item.responseId })}
                    onEdit={(on) => setEditing(on ? item.responseId : null)}
                  />
                ))}
              </ul>
              <div className="list-footer">
                <span className="muted small">{t("feedback.inbox.shown", { count: items.length })}</span>
                <MoreButton pages={feedback} label={t("feedback.more")} testId="inbox-more" />
              </div>
            </>
          )}
        </section>
        {current && (
          <CustomerTimeline
            key={current.responseId}
            responseId={current.responseId}
            customerId={current.customerId}
            surveyNames={surveyNames}
            onClose={() => set({ answer: null })}
          />
        )}
      </div>
    </div>
  );
}
