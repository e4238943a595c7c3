import { useMemo } from "react";
import { Link } from "react-router-dom";
import { useCan, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { useUrlParams } from "../ui/url-params.js";
import { DueFlag } from "./CaseBadges.js";
import { FeedbackTabs } from "./FeedbackTabs.js";
import { CASE_STATUSES, OPEN_STATUSES } from "./labels.js";
import { useCases, useMembers, useRoutingRules } from "./queries.js";
import type { Case, CaseFilters, TCaseStatus } from "./types.js";
import "./feedback.css";
import { FilterSelect, namedOptions } from "../ui/FilterSelect.js";
import { MoreButton } from "../ui/MoreButton.js";

/** The case board: a column per state, newest first, with overdue flags and team/owner filters. */
export function CaseBoardPage() {
  const { t } = useI18n();
  const me = useSession();
  const isAdmin = useCan("admin");
  const { params, set } = useUrlParams();
  useDocumentTitle(t("case.board.title"));
  const filters: CaseFilters = {
    team: params.get("team") || undefined,
    ownerId: params.get("owner") || undefined,
    surveyId: params.get("survey") || undefined,
    overdue: params.get("overdue") === "1" ? true : undefined,
  };
  const rules = useRoutingRules();
  const members = useMembers(isAdmin);
  const surveys = useSurveys();
  const teams = useMemo(() => {
    const s = new Set((rules.data ?? []).map((r) => r.team).filter((x): x is string => Boolean(x)));
    if (filters.team) s.add(filters.team);
    return [...s].sort();
  }, [rules.data, filters.team]);
  const names = useMemo(
    () => new Map((members.data ?? []).map((m) => [m.id, m.name || m.email])),
    [members.data],
  );
  if (me.user) names.set(me.user.id, t("case.owner.me"));

  return (
    <div className="page fb-page fb-board-page" data-testid="case-board">
      <div className="page-header">
        <div>
          <h1>{t("case.board.title")}</h1>
          <p className="muted small">{t("case.board.subtitle")}</p>
        </div>
      </div>
      <FeedbackTabs />
      <div className="card fb-filters fb-filter-row">
        <FilterSelect
          className="fb-filter"
          label={t("case.team")}
          value={filters.team ?? ""}
          onChange={(team) => set({ team })}
          allLabel={t("feedback.filter.all")}
          options={teams.map((team) => ({ value: team, label: team }))}
          testId="board-team"
        />
        <FilterSelect
          className="fb-filter"
          label={t("case.owner")}
          value={filters.ownerId ?? ""}
          onChange={(owner) => set({ owner })}
          allLabel={t("feedback.filter.all")}
          options={(members.data ?? [])
            .filter((m) => m.id !== me.user?.id)
            .map((m) => ({ value: m.id, label: m.name || m.email }))}
          testId="board-owner"
        >
          {me.user && <option value={me.user.id}>{t("case.owner.mine")}</option>}
        </FilterSelect>
        <FilterSelect
          className="fb-filter"
          label={t("feedback.filter.survey")}
          value={filters.surveyId ?? ""}
          onChange={(survey) => set({ survey })}
          allLabel={t("feedback.filter.allSurveys")}
          options={namedOptions(surveys.data)}
        />
        <label className="check fb-filter-check">
          <input
            type="checkbox"
            checked={Boolean(filters.overdue)}
            onChange={(e) => set({ overdue: e.target.checked ? "1" : null })}
            data-testid="board-overdue"
          />
          <span>{t("case.board.overdueOnly")}</span>
        </label>
      </div>
      <div className="fb-board">
        {CASE_STATUSES.map((status) =>
          filters.overdue && !OPEN_STATUSES.includes(status) ? null : (
            <BoardColumn key={status} status={status} filters={filters} names={names} />
          ),
        )}
      </div>
    </div>
  );
}

function BoardColumn({
  status,
  filters,
  names,
}: {
  status: TCaseStatus;
  filters: CaseFilters;
  names: Map<string, string>;
}) {
  const { t } = useI18n();
  const cases = useCases({ ...filters, status }, { limit: 20 });
  const items = cases.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section
      className={`fb-column fb-column-${status}`}
      data-testid={`board-column-${status}`}
      aria-label={t(`case.status.${status}`)}
    >
      <header className="fb-column-head">
        <h2>{t(`case.status.${status}`)}</h2>
        <span className="fb-count">{cases.hasNextPage ? `${items.length}+` : items.length}</span>
      </header>
      {cases.error ? (
        <ErrorNotice error={cases.error} onRetry={() => cases.refetch()} />
      ) : cases.isPending ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted small fb-column-empty">{t("case.board.emptyColumn")}</p>
      ) : (
        <ul className={`fb-cards${cases.isPlaceholderData ? " stale" : ""}`}>
          {items.map((c) => (
            <CaseCard
              key={c.id}
              kase={c}
              owner={c.ownerId ? (names.get(c.ownerId) ?? t("case.owner.someone")) : null}
            />
          ))}
        </ul>
      )}
      <MoreButton pages={cases} label={t("feedback.more")} className="btn btn-small btn-block" />
    </section>
  );
}

function CaseCard({ kase, owner }: { kase: Case; owner: string | null }) {
  const { t, fmt } = useI18n();
  const open = OPEN_STATUSES.includes(kase.status);
  return (
    <li
      className={`fb-case-card${kase.overdue ? " fb-case-overdue" : ""}`}
      data-testid="case-card"
      data-case={kase.id}
    >
      <Link to={`/cases/${kase.id}`} className="fb-case-card-link">
        <div className="fb-case-card-head">
          <span className="mono small">{kase.reference}</span>
          {kase.scoreGroup && (
            <span className={`chip fb-group fb-group-${kase.scoreGroup}`}>
              {t(`group.${kase.scoreGroup}` as "group.detractor")}
            </span>
          )}
        </div>
        <p className="fb-case-summary">{kase.summary}</p>
        <div className="fb-case-card-meta small">
          {kase.team && <span className="chip">{kase.team}</span>}
          {owner && <span className="muted">{owner}</span>}
          <span className="fb-grow" />
          {open ? (
            <DueFlag dueAt={kase.dueAt} overdue={kase.overdue} open />
          ) : (
            <span className="muted">{fmt.date(kase.updatedAt)}</span>
          )}
        </div>
      </Link>
    </li>
  );
}
