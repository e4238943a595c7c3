import { useState } from "react";
import type { TSurvey } from "../api/types.js";
import { type MessageKey, useI18n } from "../i18n/I18nProvider.js";
import { Field } from "../ui/components.js";
import { formErrors } from "../ui/errors.js";
import { FormDialog } from "../ui/FormDialog.js";
import { type Digest, type DigestInput, splitList } from "./alerts-queries.js";
import { NameField } from "./NameField.js";
import { SurveyChecks } from "./SurveyChecks.js";

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAY_KEYS: MessageKey[] = [
  "alerts.weekday.1",
  "alerts.weekday.2",
  "alerts.weekday.3",
  "alerts.weekday.4",
  "alerts.weekday.5",
  "alerts.weekday.6",
  "alerts.weekday.7",
];
/** The ISO weekday's name key (1 = Monday). */
export const weekdayKey = (d: number): MessageKey => WEEKDAY_KEYS[(d - 1 + 7) % 7] ?? "alerts.weekday.1";

/** A digest: how often, when (local time of the workspace), to whom and in which language. */
export function DigestDialog({
  digest,
  surveys,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  digest: Digest | null;
  surveys: TSurvey[];
  pending: boolean;
  error: unknown;
  onSubmit: (input: DigestInput) => void;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const [name, setName] = useState(digest?.name ?? "");
  const [frequency, setFrequency] = useState<"weekly" | "daily">(digest?.frequency ?? "weekly");
  const [weekday, setWeekday] = useState(digest?.weekday ?? 1);
  const [hour, setHour] = useState(digest?.hour ?? 9);
  const [recipients, setRecipients] = useState((digest?.recipients ?? []).join(", "));
  const [language, setLanguage] = useState<"ru" | "en">(digest?.language ?? lang);
  const [surveyIds, setSurveyIds] = useState<Set<string>>(new Set(digest?.surveyIds ?? []));
  const [local, setLocal] = useState<Record<string, string>>({});
  const errs = formErrors(t, error, local, ["name", "recipients", "weekday", "hour", "surveyIds"]);
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t("routing.error.name");
    const list = splitList(recipients);
    if (list.length === 0) problems.recipients = t("alerts.error.recipients");
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      name: name.trim(),
      frequency,
      weekday,
      hour,
      recipients: list,
      language,
      surveyIds: surveyIds.size ? [...surveyIds] : null,
    });
  };
  return (
    <FormDialog
      title={digest ? t("alerts.digest.edit") : t("alerts.digest.new")}
      formId="digest-form"
      pending={pending}
      onSubmit={submit}
      onClose={onClose}
      general={errs.general}
      saveTestId="digest-save"
    >
      <NameField value={name} onChange={setName} error={errs.field("name")} />
      <div className="form-grid">
        <Field label={t("alerts.frequency")}>
          {(id) => (
            <select
              id={id}
              value={frequency}
              onChange={(e) => setFrequency(e.target.value as "weekly" | "daily")}
            >
              <option value="weekly">{t("alerts.frequency.weekly")}</option>
              <option value="daily">{t("alerts.frequency.daily")}</option>
            </select>
          )}
        </Field>
        {frequency === "weekly" && (
          <Field label={t("alerts.weekday")} error={errs.field("weekday")}>
            {(id) => (
              <select id={id} value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
                {WEEKDAYS.map((d) => (
                  <option key={d} value={d}>
                    {t(weekdayKey(d))}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t("alerts.hour")} hint={t("alerts.hourHint")} error={errs.field("hour")}>
          {(id) => (
            <select id={id} value={hour} onChange={(e) => setHour(Number(e.target.value))}>
              {HOURS.map((h) => (
                <option key={h} value={h}>
                  {`${String(h).padStart(2, "0")}:00`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("alerts.language")}>
          {(id) => (
            <select id={id} value={language} onChange={(e) => setLanguage(e.target.value as "ru" | "en")}>
              <option value="ru">Русский</option>
              <option value="en">English</option>
            </select>
          )}
        </Field>
      </div>
      <Field label={t("alerts.recipients")} hint={t("alerts.emailsHint")} error={errs.field("recipients")}>
        {(id, invalid) => (
          <textarea
            id={id}
            rows={2}
            value={recipients}
            aria-invalid={invalid}
            onChange={(e) => setRecipients(e.target.value)}
            data-testid="digest-recipients"
          />
        )}
      </Field>
      <SurveyChecks surveys={surveys} selected={surveyIds} onChange={setSurveyIds} />
    </FormDialog>
  );
}
