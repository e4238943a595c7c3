import { useState } from "react";
import type { TSurvey } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { Field } from "../ui/components.js";
import { formErrors } from "../ui/errors.js";
import { FormDialog } from "../ui/FormDialog.js";
import { toggled } from "../ui/sets.js";
import { type AlertRule, type AlertRuleInput, splitList } from "./alerts-queries.js";
import { NameField } from "./NameField.js";
import { SurveyChecks } from "./SurveyChecks.js";

export const ALERT_EVENTS = ["detractor", "low_csat", "case_overdue", "early_warning"] as const;

/** Who is told about what: events, surveys, email recipients and a signed webhook. */
export function AlertRuleDialog({
  rule,
  surveys,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  rule: AlertRule | null;
  surveys: TSurvey[];
  pending: boolean;
  error: unknown;
  onSubmit: (input: AlertRuleInput) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(rule?.name ?? "");
  const [events, setEvents] = useState<Set<string>>(new Set(rule?.events ?? ["detractor"]));
  const [surveyIds, setSurveyIds] = useState<Set<string>>(new Set(rule?.surveyIds ?? []));
  const [emails, setEmails] = useState((rule?.emails ?? []).join(", "));
  const [url, setUrl] = useState(rule?.webhook?.url ?? "");
  const [secret, setSecret] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const errs = formErrors(t, error, local, [
    "name",
    "events",
    "emails",
    "webhook.url",
    "webhook.secret",
    "webhook",
    "surveyIds",
  ]);
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t("routing.error.name");
    if (events.size === 0) problems.events = t("alerts.error.events");
    const list = splitList(emails);
    if (list.length === 0 && !url.trim()) problems.emails = t("alerts.error.target");
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      name: name.trim(),
      events: [...events] as AlertRuleInput["events"],
      surveyIds: surveyIds.size ? [...surveyIds] : null,
      emails: list,
      // The secret is write-only: left empty on an existing webhook, the stored one is kept.
      webhook: url.trim() ? { url: url.trim(), ...(secret ? { secret } : {}) } : null,
    });
  };
  return (
    <FormDialog
      title={rule ? t("alerts.rule.edit") : t("alerts.rule.new")}
      formId="alert-rule-form"
      pending={pending}
      onSubmit={submit}
      onClose={onClose}
      general={errs.general}
      saveTestId="alert-rule-save"
    >
      <NameField value={name} onChange={setName} error={errs.field("name")} />
      <fieldset className="fieldset">
        <legend className="field-label">{t("alerts.events")}</legend>
        <div className="chip-checks">
          {ALERT_EVENTS.map((ev) => (
            <label key={ev} className="chip-check">
              <input
                type="checkbox"
                checked={events.has(ev)}
                onChange={() => setEvents(toggled(events, ev))}
              />
              <span>{t(`alerts.event.${ev}`)}</span>
            </label>
          ))}
        </div>
        {errs.field("events") && <p className="field-error">{errs.field("events")}</p>}
      </fieldset>
      <SurveyChecks surveys={surveys} selected={surveyIds} onChange={setSurveyIds} />
      <Field label={t("alerts.emails")} hint={t("alerts.emailsHint")} error={errs.field("emails")}>
        {(id, invalid) => (
          <textarea
            id={id}
            rows={2}
            value={emails}
            aria-invalid={invalid}
            onChange={(e) => setEmails(e.target.value)}
            placeholder="cx@example.com, lead@example.com"
          />
        )}
      </Field>
      <div className="form-grid">
        <Field
          label={t("alerts.webhook")}
          hint={t("alerts.webhookHint")}
          error={errs.field("webhook.url") ?? errs.field("webhook")}
        >
          {(id, invalid) => (
            <input
              id={id}
              type="url"
              value={url}
              aria-invalid={invalid}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.slack.com/services/…"
            />
          )}
        </Field>
        <Field
          label={t("alerts.secret")}
          hint={rule?.webhook?.secretSet ? t("alerts.secretKept") : t("alerts.secretHint")}
          error={errs.field("webhook.secret")}
        >
          {(id, invalid) => (
            <input
              id={id}
              type="password"
              autoComplete="new-password"
              value={secret}
              aria-invalid={invalid}
              onChange={(e) => setSecret(e.target.value)}
            />
          )}
        </Field>
      </div>
    </FormDialog>
  );
}
