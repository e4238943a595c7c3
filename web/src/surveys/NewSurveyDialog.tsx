import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api } from "../api/client.js";
import type { TLanguage, TSurvey } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field, Modal, Spinner } from "../ui/components.js";
import { blankSurvey } from "./defaults.js";
import { surveyKeys, useTemplates } from "./queries.js";

const BLANK = "blank";
type LanguageChoice = TLanguage | "both";

/** Creates a survey from a template (in Russian, English or both) or blank, then opens the editor. */
export function NewSurveyDialog({ onClose }: { onClose: () => void }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const [templateId, setTemplateId] = useState<string>("relational-nps");
  const [language, setLanguage] = useState<LanguageChoice>(lang);
  const [name, setName] = useState("");

  const chosen = templates.data?.find((x) => x.id === templateId);
  const nameLang: TLanguage = language === "both" ? lang : language;
  const defaultName = chosen ? chosen.name[nameLang] : t("newSurvey.blankName");

  const create = useMutation({
    mutationFn: async () => {
      const finalName = name.trim() || defaultName;
      if (templateId === BLANK) {
        const languages: TLanguage[] = language === "both" ? [lang, lang === "ru" ? "en" : "ru"] : [language];
        return api.post<TSurvey>("/api/v1/surveys", blankSurvey(finalName, languages));
      }
      return api.post<TSurvey>("/api/v1/surveys/from-template", {
        templateId,
        ...(language === "both" ? {} : { language }),
        name: finalName,
      });
    },
    onSuccess: async (survey) => {
      await queryClient.invalidateQueries({ queryKey: surveyKeys.all });
      await queryClient.invalidateQueries({ queryKey: ["overview"] });
      onClose();
      navigate(`/surveys/${survey.id}/edit`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Modal
      title={t("newSurvey.title")}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            form="new-survey-form"
            className="btn btn-primary"
            disabled={create.isPending || templates.isPending}
            data-testid="create-survey"
          >
            {create.isPending ? t("common.creating") : t("newSurvey.create")}
          </button>
        </>
      }
    >
      <form id="new-survey-form" onSubmit={submit} className="stack">
        <fieldset className="fieldset">
          <legend className="field-label">{t("newSurvey.template")}</legend>
          {templates.isPending ? (
            <Spinner />
          ) : templates.error ? (
            <ErrorNotice error={templates.error} onRetry={() => templates.refetch()} />
          ) : (
            <div className="template-grid">
              {templates.data.map((tpl) => (
                <label key={tpl.id} className={`template-card${tpl.id === templateId ? " selected" : ""}`}>
                  <input
                    type="radio"
                    name="template"
                    value={tpl.id}
                    checked={tpl.id === templateId}
                    onChange={() => setTemplateId(tpl.id)}
                    data-testid={`template-${tpl.id}`}
                  />
                  <span className="template-name">{tpl.name[lang]}</span>
                  <span className="template-desc muted small">{tpl.description[lang]}</span>
                </label>
              ))}
              <label className={`template-card${templateId === BLANK ? " selected" : ""}`}>
                <input
                  type="radio"
                  name="template"
                  value={BLANK}
                  checked={templateId === BLANK}
                  onChange={() => setTemplateId(BLANK)}
                  data-testid="template-blank"
                />
                <span className="template-name">{t("newSurvey.blank")}</span>
                <span className="template-desc muted small">{t("newSurvey.blankDesc")}</span>
              </label>
            </div>
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="field-label">{t("newSurvey.language")}</legend>
          <div className="segmented">
            {(["ru", "en", "both"] as const).map((l) => (
              <button
                key={l}
                type="button"
                className={language === l ? "active" : ""}
                aria-pressed={language === l}
                onClick={() => setLanguage(l)}
                data-testid={`language-${l}`}
              >
                {t(`newSurvey.lang.${l}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <Field label={t("newSurvey.name")} hint={t("newSurvey.nameHint")}>
          {(id) => (
            <input
              id={id}
              value={name}
              placeholder={defaultName}
              onChange={(e) => setName(e.target.value)}
              maxLength={200}
              data-testid="new-survey-name"
            />
          )}
        </Field>
        {create.error && <ErrorNotice error={create.error} />}
      </form>
    </Modal>
  );
}
