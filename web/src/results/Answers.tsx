import { type ReactNode, useEffect, useId, useMemo, useState } from "react";
import { localize } from "../../../src/surveys/logic.js";
import { ExportLinks, responsesExportUrl } from "../analytics/ExportLinks.js";
import type { TQuestion, TResponse, TScoreGroup, TSurvey } from "../api/types.js";
import { type Lang, useI18n } from "../i18n/I18nProvider.js";
import { groupsFor } from "../surveys/editor/model.js";
import { isScoreQuestion, METRIC_DIGITS } from "../surveys/metric-info.js";
import { ErrorNotice, Spinner, useDebounced } from "../ui/components.js";
import { MoreButton } from "../ui/MoreButton.js";
import { GROUP_COLOR, groupFilter, groupOf } from "./groups.js";
import { type AnswersParams, useAnswers } from "./queries.js";

/** Marks the search text inside a comment (as text nodes: React escapes them). */
function Highlight({ text, q }: { text: string; q: string }) {
  if (!q) return <>{text}</>;
  const lower = text.toLocaleLowerCase();
  const needle = q.toLocaleLowerCase();
  const out: ReactNode[] = [];
  let at = 0;
  let k = 0;
  for (let i = lower.indexOf(needle); i !== -1 && needle; i = lower.indexOf(needle, at)) {
    if (i > at) out.push(text.slice(at, i));
    out.push(<mark key={k++}>{text.slice(i, i + needle.length)}</mark>);
    at = i + needle.length;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}

export function AnswersPanel({
  survey,
  question,
  from,
  to,
  onKeys,
  scope,
}: {
  survey: TSurvey;
  /** The score question the group filter and the badges use. */
  question: TQuestion | undefined;
  from: string;
  to: string;
  /** Reports attribute names seen on the loaded answers (for the breakdown choices). */
  onKeys?: (keys: string[]) => void;
  /** The page's saved segment or typed filter: the list and its export are narrowed like the scores. */
  scope?: { segmentId?: string; filter?: string };
}) {
  const { t, lang } = useI18n();
  const searchId = useId();
  const groupId = useId();
  const [search, setSearch] = useState("");
  const [group, setGroup] = useState<TScoreGroup | "">("");
  const q = useDebounced(search.trim(), 300);
  const groups = groupsFor(question);

  useEffect(() => {
    if (group && !groups.includes(group)) setGroup("");
  }, [group, groups]);

  const params = useMemo<AnswersParams>(() => {
    const p: AnswersParams = {
      surveyId: survey.id,
      from,
      to,
      q: q || undefined,
      segmentId: scope?.segmentId,
      filter: scope?.filter,
    };
    if (group && question) {
      const f = groupFilter(question, group);
      Object.assign(p, f, { questionId: question.id });
    }
    return p;
  }, [survey.id, from, to, q, group, question, scope?.segmentId, scope?.filter]);
  const answers = useAnswers(params);
  const items = useMemo(() => answers.data?.pages.flatMap((p) => p.items) ?? [], [answers.data]);
  const filtered = Boolean(q || group);

  useEffect(() => {
    if (!onKeys) return;
    const keys = new Set<string>();
    for (const r of items) for (const k of Object.keys(r.attributes)) keys.add(k);
    onKeys([...keys].sort());
  }, [items, onKeys]);

  return (
    <section className="card">
      <div className="card-head">
        <h2 className="card-title">{t("answers.title")}</h2>
        <div className="inline-controls answers-controls">
          <label htmlFor={searchId} className="sr-only">
            {t("answers.search")}
          </label>
          <input
            id={searchId}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t("answers.search")}
            maxLength={200}
            data-testid="answers-search"
            className="search-input"
          />
          {groups.length > 0 && (
            <>
              <label htmlFor={groupId} className="sr-only">
                {t("answers.group")}
              </label>
              <select
                id={groupId}
                value={group}
                onChange={(e) => setGroup(e.target.value as TScoreGroup | "")}
                data-testid="group-filter"
              >
                <option value="">{t("answers.allGroups")}</option>
                {groups.map((g) => (
                  <option key={g} value={g}>
                    {t(`group.${g}.plural`)}
                  </option>
                ))}
              </select>
            </>
          )}
          {items.length > 0 && (
            <ExportLinks testId="export-answers" href={(f) => responsesExportUrl(f, { ...params, lang })} />
          )}
        </div>
      </div>
      {answers.error ? (
        <ErrorNotice error={answers.error} onRetry={() => answers.refetch()} />
      ) : answers.isPending ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="muted list-empty" data-testid="answers-empty">
          {filtered ? t("answers.noMatch") : t("answers.none")}
        </p>
      ) : (
        <>
          <ul
            className={`answers-list${answers.isPlaceholderData ? " stale" : ""}`}
            data-testid="answers-list"
            aria-busy={answers.isFetching}
          >
            {items.map((r) => (
              <AnswerRow key={r.id} response={r} survey={survey} question={question} q={q} />
            ))}
          </ul>
          <div className="list-footer">
            <span className="muted small">{t("answers.shown", { count: items.length })}</span>
            <MoreButton pages={answers} label={t("answers.more")} className="btn" testId="answers-more" />
          </div>
        </>
      )}
    </section>
  );
}

const CHANNELS = ["link", "email", "widget", "sms", "api", "import"] as const;

function channelLabel(t: ReturnType<typeof useI18n>["t"], channel: string): string {
  const known = CHANNELS.find((c) => c === channel);
  return known ? t(`channel.${known}`) : channel;
}

function formatScore(q: TQuestion, value: number): string {
  if (!isScoreQuestion(q)) return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(METRIC_DIGITS[q.type]);
}

function AnswerRow({
  response: r,
  survey,
  question,
  q,
}: {
  response: TResponse;
  survey: TSurvey;
  question: TQuestion | undefined;
  q: string;
}) {
  const { t, fmt, lang } = useI18n();
  const def = survey.definition;
  const byId = new Map(def.questions.map((x) => [x.id, x]));
  const main = question ? r.answers.find((a) => a.questionId === question.id) : undefined;
  const mainValue = main?.value ?? null;
  const group = groupOf(question, mainValue);
  const texts = r.answers.filter((a) => a.text);
  const textQuestions = def.questions.filter((x) => x.type === "text").length;
  const choices = r.answers.filter((a) => a.choices?.length);
  const otherScores = r.answers.filter((a) => a.value !== null && a.questionId !== question?.id);
  const attrs = Object.entries(r.attributes).slice(0, 6);
  const uiLang = lang as Lang;
  const optionLabel = (qid: string, id: string) => {
    const qq = byId.get(qid);
    const opt = qq?.type === "choice" ? qq.options.find((o) => o.id === id) : undefined;
    return opt ? localize(opt.label, uiLang, def.defaultLanguage) : id;
  };

  return (
    <li className="answer-row" data-testid="answer-row" data-group={group ?? ""}>
      <div
        className="answer-score"
        style={group ? { background: GROUP_COLOR[group] } : undefined}
        title={group ? t(`group.${group}`) : undefined}
        data-testid="answer-score"
      >
        {mainValue === null || !question ? "—" : formatScore(question, mainValue)}
      </div>
      <div className="answer-body">
        {texts.length === 0 ? (
          <p className="answer-comment muted">{t("answers.noComment")}</p>
        ) : (
          texts.map((a) => (
            <p className="answer-comment" key={a.questionId} data-testid="answer-text">
              {textQuestions > 1 && <span className="answer-q">{a.questionId}: </span>}
              <Highlight text={a.text ?? ""} q={q} />
            </p>
          ))
        )}
        {(choices.length > 0 || otherScores.length > 0) && (
          <div className="chips">
            {choices.flatMap((a) =>
              (a.choices ?? []).map((c) => (
                <span className="chip" key={`${a.questionId}/${c}`}>
                  {optionLabel(a.questionId, c)}
                </span>
              )),
            )}
            {otherScores.map((a) => {
              const qq = byId.get(a.questionId);
              return (
                <span className="chip chip-score" key={a.questionId}>
                  {a.questionId}: {qq && a.value !== null ? formatScore(qq, a.value) : a.value}
                </span>
              );
            })}
          </div>
        )}
        <div className="answer-meta muted small">
          <time dateTime={r.submittedAt}>{fmt.dateTime(r.submittedAt)}</time>
          <span>{channelLabel(t, r.channel)}</span>
          <span>{r.language.toUpperCase()}</span>
          {r.customerExternalId && (
            <span>
              {t("answers.customer")} {r.customerExternalId}
            </span>
          )}
          {r.status === "partial" && <span className="badge badge-draft">{t("answers.partial")}</span>}
          {attrs.map(([k, v]) => (
            <span key={k} className="attr">
              {k}: {String(v)}
            </span>
          ))}
        </div>
      </div>
    </li>
  );
}
