import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useBlocker, useNavigate } from "react-router-dom";
import { api, isApiError } from "../../api/client.js";
import type {
  SurveyDefinition,
  SurveyKind,
  SurveyStatus,
  TLanguage,
  TQuestionType,
  TSurvey,
} from "../../api/types.js";
import { useCan } from "../../auth/session.js";
import { type I18n, useI18n } from "../../i18n/I18nProvider.js";
import { ErrorNotice, StatusBadge, useDocumentTitle } from "../../ui/components.js";
import { newQuestion } from "../defaults.js";
import { publicLink, surveyKeys } from "../queries.js";
import { SurveyRoute } from "../SurveyRoute.js";
import { ErrorProvider, type FieldComplaint, PathField } from "./fields.js";
import {
  cleanDefinition,
  moveQuestion,
  referencesTo,
  removeQuestion,
  renameQuestion,
  replaceQuestion,
} from "./model.js";
import { QuestionEditor } from "./QuestionEditor.js";
import { ThankYouEditor } from "./ThankYouEditor.js";

const QUESTION_TYPES: TQuestionType[] = ["nps", "csat", "ces", "cli", "missus", "rating", "choice", "text"];
const KINDS: SurveyKind[] = ["relational", "transactional", "in_the_moment"];
const STATUSES: SurveyStatus[] = ["draft", "active", "archived"];
const LANGUAGES: TLanguage[] = ["ru", "en"];
const TOUCHPOINTS = [
  "relationship",
  "purchase",
  "delivery",
  "checkout",
  "support",
  "onboarding",
  "website",
  "app",
];
const STAGES = [
  "awareness",
  "consideration",
  "purchase",
  "onboarding",
  "usage",
  "service",
  "loyalty",
  "renewal",
];

interface Draft {
  name: string;
  kind: SurveyKind;
  status: SurveyStatus;
  touchpoint: string;
  stage: string;
  definition: SurveyDefinition;
}

const toDraft = (s: TSurvey): Draft => ({
  name: s.name,
  kind: s.kind,
  status: s.status,
  touchpoint: s.touchpoint ?? "",
  stage: s.stage ?? "",
  definition: s.definition,
});

export function SurveyEditorPage() {
  return <SurveyRoute>{(s) => <SurveyEditor key={s.id} survey={s} />}</SurveyRoute>;
}

/** Where in the form a server complaint points, in words ("Question 2 (why) · title.ru"). */
function describeField(field: string, def: SurveyDefinition, t: I18n["t"]): string {
  const m = /^definition\.questions\.(\d+)(?:\.(.*))?$/.exec(field);
  if (m) {
    const i = Number(m[1]);
    const q = def.questions[i];
    const where = t("editor.where.question", { n: i + 1, id: q?.id ?? "" });
    return m[2] ? `${where} · ${humanPath(m[2])}` : where;
  }
  if (field.startsWith("definition.thankYou")) return t("editor.thankYou");
  return humanPath(field.replace(/^definition\./, ""));
}

/** `title.ru` → `title · RU`, `options.2.id` → `options · 3 · id`. */
const humanPath = (path: string) =>
  path
    .split(".")
    .map((p) => (p === "ru" || p === "en" ? p.toUpperCase() : /^\d+$/.test(p) ? String(Number(p) + 1) : p))
    .join(" · ");

function SurveyEditor({ survey }: { survey: TSurvey }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan("surveys:write");
  const [saved, setSaved] = useState<Draft>(() => toDraft(survey));
  const [draft, setDraft] = useState<Draft>(saved);
  const [complaint, setComplaint] = useState<FieldComplaint | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [newType, setNewType] = useState<TQuestionType>("text");
  const formRef = useRef<HTMLDivElement>(null);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(saved), [draft, saved]);
  const def = draft.definition;
  useDocumentTitle(draft.name);

  const setDef = (definition: SurveyDefinition) => setDraft((d) => ({ ...d, definition }));

  const afterWrite = async (s: TSurvey) => {
    queryClient.setQueryData(surveyKeys.one(s.id), s);
    await queryClient.invalidateQueries({ queryKey: surveyKeys.all });
    await queryClient.invalidateQueries({ queryKey: ["overview"] });
  };

  const save = useMutation({
    mutationFn: () =>
      api.patch<TSurvey>(`/api/v1/surveys/${survey.id}`, {
        name: draft.name,
        kind: draft.kind,
        status: draft.status,
        touchpoint: draft.touchpoint.trim() || null,
        stage: draft.stage.trim() || null,
        definition: cleanDefinition(draft.definition),
      }),
    onMutate: () => setComplaint(null),
    onSuccess: async (s) => {
      const d = toDraft(s);
      setSaved(d);
      setDraft(d);
      setSavedAt(Date.now());
      await afterWrite(s);
    },
    onError: (e) => {
      if (isApiError(e) && e.field) setComplaint({ field: e.field, message: e.detail });
    },
  });

  const archive = useMutation({
    mutationFn: () => api.post<TSurvey>(`/api/v1/surveys/${survey.id}/archive`),
    onSuccess: async (s) => {
      setSaved(toDraft(s));
      setDraft(toDraft(s));
      await afterWrite(s);
      navigate("/surveys");
    },
  });

  // Bring the field the server complained about into view.
  const showComplaint = useCallback(() => {
    const el =
      formRef.current?.querySelector<HTMLElement>(".field-invalid [aria-invalid='true']") ??
      formRef.current?.querySelector<HTMLElement>(".field-invalid, .condition.field-invalid");
    el?.scrollIntoView({ block: "center", behavior: "smooth" });
    el?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    if (complaint) showComplaint();
  }, [complaint, showComplaint]);

  useEffect(() => {
    if (!savedAt) return;
    const timer = setTimeout(() => setSavedAt(null), 2500);
    return () => clearTimeout(timer);
  }, [savedAt]);

  // Leaving with unsaved changes asks first, inside the app and when closing the tab.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !save.isPending && !archive.isPending && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(t("editor.leave"))) blocker.proceed();
    else blocker.reset();
  }, [blocker, t]);
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, [dirty]);

  const toggleLanguage = (l: TLanguage, on: boolean) => {
    const languages = LANGUAGES.filter((x) => (x === l ? on : def.languages.includes(x)));
    if (!languages.length) return;
    const defaultLanguage = languages.includes(def.defaultLanguage)
      ? def.defaultLanguage
      : (languages[0] ?? "en");
    setDef({ ...def, languages, defaultLanguage });
  };

  const addQuestion = () => {
    const q = newQuestion(
      newType,
      def.languages,
      def.questions.map((x) => x.id),
    );
    setDef({ ...def, questions: [...def.questions, q] });
  };

  const remove = (i: number) => {
    const q = def.questions[i];
    if (!q) return;
    const refs = referencesTo(def, q.id);
    const ask = refs
      ? t("editor.removeWithRefs", { id: q.id, count: refs })
      : t("editor.removeConfirm", { id: q.id });
    if (window.confirm(ask)) setDef(removeQuestion(def, i));
  };

  const generalError = save.error && !complaint ? save.error : archive.error;

  return (
    <ErrorProvider value={complaint}>
      <div className="page page-narrow editor" ref={formRef}>
        <div className="page-header">
          <div>
            <Link to={`/surveys/${survey.id}`} className="back-link">
              ← {t("editor.toResults")}
            </Link>
            <h1>
              {t("editor.title")} <StatusBadge status={saved.status} />
            </h1>
          </div>
          <div className="header-actions">
            <a className="btn" href={publicLink(survey.id)} target="_blank" rel="noreferrer">
              {t("editor.preview")} ↗
            </a>
            {canWrite && saved.status !== "archived" && (
              <button
                type="button"
                className="btn btn-danger-ghost"
                disabled={archive.isPending}
                onClick={() => window.confirm(t("editor.archiveConfirm")) && archive.mutate()}
                data-testid="archive-survey"
              >
                {t("editor.archive")}
              </button>
            )}
          </div>
        </div>

        {complaint && (
          <div className="notice notice-error" role="alert" data-testid="save-error">
            <span>
              <strong>{t("editor.saveFailed")}</strong> {describeField(complaint.field, def, t)}:{" "}
              {complaint.message}
            </span>
            <button type="button" className="btn btn-small" onClick={showComplaint}>
              {t("editor.showField")}
            </button>
          </div>
        )}
        {generalError && <ErrorNotice error={generalError} />}

        <section className="card">
          <h2 className="card-title">{t("editor.survey")}</h2>
          <div className="form-grid">
            <PathField path="name" label={t("editor.name")} className="span-2">
              {(id, invalid) => (
                <input
                  id={id}
                  value={draft.name}
                  maxLength={200}
                  aria-invalid={invalid}
                  onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                  data-testid="survey-name"
                />
              )}
            </PathField>
            <PathField path="kind" label={t("editor.kind")}>
              {(id) => (
                <select
                  id={id}
                  value={draft.kind}
                  onChange={(e) => setDraft({ ...draft, kind: e.target.value as SurveyKind })}
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`kind.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </PathField>
            <PathField path="status" label={t("editor.status")} hint={t("editor.statusHint")}>
              {(id) => (
                <select
                  id={id}
                  value={draft.status}
                  onChange={(e) => setDraft({ ...draft, status: e.target.value as SurveyStatus })}
                >
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`status.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </PathField>
            <PathField path="touchpoint" label={t("editor.touchpoint")} hint={t("editor.touchpointHint")}>
              {(id, invalid) => (
                <>
                  <input
                    id={id}
                    list={`${id}-list`}
                    value={draft.touchpoint}
                    maxLength={100}
                    aria-invalid={invalid}
                    onChange={(e) => setDraft({ ...draft, touchpoint: e.target.value })}
                  />
                  <datalist id={`${id}-list`}>
                    {TOUCHPOINTS.map((x) => (
                      <option key={x} value={x} />
                    ))}
                  </datalist>
                </>
              )}
            </PathField>
            <PathField path="stage" label={t("editor.stage")} hint={t("editor.stageHint")}>
              {(id, invalid) => (
                <>
                  <input
                    id={id}
                    list={`${id}-list`}
                    value={draft.stage}
                    maxLength={100}
                    aria-invalid={invalid}
                    onChange={(e) => setDraft({ ...draft, stage: e.target.value })}
                  />
                  <datalist id={`${id}-list`}>
                    {STAGES.map((x) => (
                      <option key={x} value={x} />
                    ))}
                  </datalist>
                </>
              )}
            </PathField>
            <PathField path="definition.languages" label={t("editor.languages")} nested>
              {(id) => (
                <div className="chip-checks" id={id}>
                  {LANGUAGES.map((l) => (
                    <label key={l} className="chip-check">
                      <input
                        type="checkbox"
                        checked={def.languages.includes(l)}
                        disabled={def.languages.length === 1 && def.languages.includes(l)}
                        onChange={(e) => toggleLanguage(l, e.target.checked)}
                      />
                      {t(`lang.${l}`)}
                    </label>
                  ))}
                </div>
              )}
            </PathField>
            <PathField path="definition.defaultLanguage" label={t("editor.defaultLanguage")}>
              {(id) => (
                <select
                  id={id}
                  value={def.defaultLanguage}
                  onChange={(e) => setDef({ ...def, defaultLanguage: e.target.value as TLanguage })}
                >
                  {def.languages.map((l) => (
                    <option key={l} value={l}>
                      {t(`lang.${l}`)}
                    </option>
                  ))}
                </select>
              )}
            </PathField>
            <PathField path="definition.design.primaryColor" label={t("editor.color")}>
              {(id) => (
                <div className="color-field">
                  <input
                    id={id}
                    type="color"
                    value={def.design.primaryColor}
                    onChange={(e) =>
                      setDef({ ...def, design: { ...def.design, primaryColor: e.target.value } })
                    }
                  />
                  <span className="mono small">{def.design.primaryColor}</span>
                </div>
              )}
            </PathField>
          </div>
        </section>

        <section className="editor-section">
          <div className="section-head">
            <h2>{t("editor.questions")}</h2>
            <span className="muted small">{t("editor.questionsHint")}</span>
          </div>
          <div className="stack">
            {def.questions.map((q, i) => (
              <QuestionEditor
                // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place, the position is the identity
                key={i}
                question={q}
                index={i}
                count={def.questions.length}
                languages={def.languages}
                earlier={def.questions.slice(0, i)}
                onChange={(next) => setDef(replaceQuestion(def, i, next))}
                onRename={(id) => setDef(renameQuestion(def, i, id))}
                onMove={(d) => setDef(moveQuestion(def, i, d))}
                onRemove={() => remove(i)}
              />
            ))}
          </div>
          <div className="add-question">
            <select
              value={newType}
              onChange={(e) => setNewType(e.target.value as TQuestionType)}
              aria-label={t("editor.questionType")}
              className="add-question-type"
              data-testid="new-question-type"
            >
              {QUESTION_TYPES.map((x) => (
                <option key={x} value={x}>
                  {t(`qtype.${x}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn"
              onClick={addQuestion}
              disabled={def.questions.length >= 50}
              data-testid="add-question"
            >
              + {t("editor.addQuestion")}
            </button>
          </div>
        </section>

        <section className="card">
          <h2 className="card-title">{t("editor.thankYou")}</h2>
          <ThankYouEditor definition={def} onChange={setDef} />
        </section>

        {canWrite && (
          <div className={`save-bar${dirty ? " dirty" : ""}`}>
            <span className="save-state" aria-live="polite">
              {save.isPending
                ? t("editor.saving")
                : dirty
                  ? t("editor.unsaved")
                  : savedAt
                    ? t("editor.saved")
                    : t("editor.upToDate")}
            </span>
            <button
              type="button"
              className="btn"
              disabled={!dirty || save.isPending}
              onClick={() => {
                setDraft(saved);
                setComplaint(null);
              }}
            >
              {t("editor.discard")}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!dirty || save.isPending}
              onClick={() => save.mutate()}
              data-testid="save-survey"
            >
              {t("editor.save")}
            </button>
          </div>
        )}
      </div>
    </ErrorProvider>
  );
}
