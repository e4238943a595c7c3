import { useMemo, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurvey, useSurveys } from "../surveys/queries.js";
import { ErrorNotice, Spinner } from "../ui/components.js";
import { previewDocument } from "./widget-preview.js";

/** The real widget on a mock page, with a survey, language and display mode to try. */
export function WidgetPreview({ defaultSurveyId }: { defaultSurveyId?: string }) {
  const { t, lang } = useI18n();
  const surveys = useSurveys();
  const [chosen, setChosen] = useState<string | null>(null);
  const [language, setLanguage] = useState<"ru" | "en">(lang);
  const [mode, setMode] = useState<"popup" | "inline">("popup");
  const [round, setRound] = useState(0);
  const surveyId =
    chosen ??
    defaultSurveyId ??
    surveys.data?.find((s) => s.status === "active")?.id ??
    surveys.data?.[0]?.id ??
    "";
  const survey = useSurvey(surveyId);
  const heading = t("dist.preview.pageHeading");
  const body = t("dist.preview.pageBody");
  const doc = useMemo(
    () =>
      survey.data
        ? previewDocument({
            origin: window.location.origin,
            survey: { id: survey.data.id, name: survey.data.name, definition: survey.data.definition },
            language,
            mode,
            labels: { heading, body },
          })
        : null,
    [survey.data, language, mode, heading, body],
  );

  return (
    <section className="card" data-testid="widget-preview">
      <div className="card-head">
        <h2 className="card-title">{t("dist.preview.title")}</h2>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setRound((r) => r + 1)}
          data-testid="widget-preview-reload"
        >
          {t("dist.preview.again")}
        </button>
      </div>
      <p className="muted small">{t("dist.preview.hint")}</p>
      <div className="toolbar dist-filters">
        <label className="dist-filter">
          <span className="muted small">{t("dist.editor.survey")}</span>
          <select
            value={surveyId}
            onChange={(e) => setChosen(e.target.value)}
            data-testid="widget-preview-survey"
          >
            {(surveys.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="dist-filter">
          <span className="muted small">{t("dist.preview.language")}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value === "ru" ? "ru" : "en")}>
            <option value="ru">Русский</option>
            <option value="en">English</option>
          </select>
        </label>
        <label className="dist-filter">
          <span className="muted small">{t("dist.rule.display")}</span>
          <select value={mode} onChange={(e) => setMode(e.target.value === "inline" ? "inline" : "popup")}>
            <option value="popup">{t("dist.display.popup")}</option>
            <option value="inline">{t("dist.display.inline")}</option>
          </select>
        </label>
      </div>
      {surveys.data?.length === 0 ? (
        <p className="muted">{t("dist.preview.noSurveys")}</p>
      ) : survey.error ? (
        <ErrorNotice error={survey.error} onRetry={() => survey.refetch()} />
      ) : !doc ? (
        <Spinner />
      ) : (
        <iframe
          key={`${round}-${surveyId}-${language}-${mode}`}
          className="dist-preview-frame"
          title={t("dist.preview.title")}
          // Scripts only: the page gets an opaque origin, so it cannot read the dashboard or its cookies.
          sandbox="allow-scripts"
          srcDoc={doc}
          data-testid="widget-preview-frame"
        />
      )}
    </section>
  );
}
