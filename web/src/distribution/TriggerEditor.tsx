import { type FormEvent, useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useSegments } from "../analytics/queries.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { ErrorNotice, Field, Spinner, useDocumentTitle } from "../ui/components.js";
import { fieldError, unplaced } from "../ui/errors.js";
import { NumberField } from "../ui/NumberField.js";
import { SaveActions } from "../ui/SaveActions.js";
import { ConditionsEditor } from "./ConditionsEditor.js";
import { QuietHoursInputs } from "./QuietHoursInputs.js";
import { useSaveTrigger, useTrigger } from "./queries.js";
import { RuleFields } from "./RuleFields.js";
import { emptyForm, formFromTrigger, formToInput, type RuleKind, type TriggerForm } from "./trigger-form.js";

const KINDS: RuleKind[] = ["event", "schedule", "page"];
/** Fields the form shows errors at; an error elsewhere is shown above the form. */
const SHOWN = [
  "name",
  "surveyId",
  "channel",
  "rule.kind",
  "rule.eventType",
  "rule.delayMinutes",
  "rule.every",
  "rule.unit",
  "rule.startAt",
  "rule.segmentId",
  "rule.urlMatch",
  "rule.event",
  "rule.secondsOnPage",
  "rule.display.selector",
  "rule.conditions",
  "samplePercent",
  "recontactDays",
  "quietHours",
];

/** Creates or edits a trigger rule: when, to whom, which survey, through which channel. */
export function TriggerEditor() {
  const { id } = useParams();
  const { t } = useI18n();
  const existing = useTrigger(id);
  const surveys = useSurveys();
  const segments = useSegments();
  const [form, setForm] = useState<TriggerForm | null>(null);
  const save = useSaveTrigger(id);
  const navigate = useNavigate();
  useDocumentTitle(id ? t("dist.editor.editTitle") : t("dist.editor.newTitle"));

  useEffect(() => {
    if (form) return;
    if (id && existing.data) setForm(formFromTrigger(existing.data));
    else if (!id && surveys.data)
      setForm(emptyForm(surveys.data.find((s) => s.status === "active")?.id ?? surveys.data[0]?.id ?? ""));
  }, [form, id, existing.data, surveys.data]);

  if (existing.error) return <ErrorNotice error={existing.error} onRetry={() => existing.refetch()} />;
  if (surveys.error) return <ErrorNotice error={surveys.error} onRetry={() => surveys.refetch()} />;
  if (!form) return <Spinner />;

  const set = (patch: Partial<TriggerForm>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const err = save.error;
  const error = (field: string) => fieldError(err, field);
  const conditionError = (i: number) => error(`rule.conditions.${i}`);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(formToInput(form), {
      onSuccess: () => navigate("/distribution/triggers", { state: { saved: form.name } }),
    });
  };
  const kindChange = (kind: RuleKind) =>
    set({
      kind,
      channel: kind === "page" ? "widget" : form.channel === "widget" ? "email" : form.channel,
      // Event fields mean nothing to a campaign or a page: conditions start over on customer fields.
      conditions: form.conditions.filter((c) => kind === "event" || c.field.startsWith("customer.")),
    });

  return (
    <form className="dist-editor" onSubmit={submit} noValidate data-testid="trigger-editor">
      <div className="page-header">
        <div>
          <Link to="/distribution/triggers" className="muted small">
            ← {t("dist.tab.triggers")}
          </Link>
          <h2>{id ? t("dist.editor.editTitle") : t("dist.editor.newTitle")}</h2>
        </div>
      </div>
      {unplaced(err, SHOWN) && <ErrorNotice error={err} />}

      <section className="card">
        <h3 className="card-title">{t("dist.editor.what")}</h3>
        <div className="form-grid">
          <Field label={t("dist.editor.name")} error={error("name")}>
            {(fid, invalid) => (
              <input
                id={fid}
                value={form.name}
                onChange={(e) => set({ name: e.target.value })}
                maxLength={200}
                aria-invalid={invalid}
                placeholder={t("dist.editor.namePlaceholder")}
                data-testid="trigger-name"
              />
            )}
          </Field>
          <Field label={t("dist.editor.survey")} error={error("surveyId")}>
            {(fid, invalid) => (
              <select
                id={fid}
                value={form.surveyId}
                onChange={(e) => set({ surveyId: e.target.value })}
                aria-invalid={invalid}
                data-testid="trigger-survey"
              >
                {!form.surveyId && <option value="">—</option>}
                {(surveys.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                    {s.status !== "active" ? ` (${t(`status.${s.status}`)})` : ""}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="check span-2">
            <input
              type="checkbox"
              checked={form.enabled}
              onChange={(e) => set({ enabled: e.target.checked })}
              data-testid="trigger-enabled"
            />
            {t("dist.editor.enabled")}
          </label>
        </div>
      </section>

      <section className="card">
        <h3 className="card-title">{t("dist.editor.when")}</h3>
        <fieldset className="segmented dist-kinds" aria-label={t("dist.editor.kind")}>
          {KINDS.map((k) => (
            <button
              key={k}
              type="button"
              className={form.kind === k ? "active" : ""}
              aria-pressed={form.kind === k}
              onClick={() => kindChange(k)}
              data-testid={`trigger-kind-${k}`}
            >
              {t(`dist.kind.${k}`)}
            </button>
          ))}
        </fieldset>
        <p className="field-hint">{t(`dist.kindHint.${form.kind}`)}</p>
        <div className="form-grid">
          <RuleFields form={form} set={set} error={error} segments={segments.data ?? []} />
          <div className="span-2">
            <ConditionsEditor
              kind={form.kind}
              rows={form.conditions}
              onChange={(conditions) => set({ conditions })}
              errorAt={conditionError}
            />
          </div>
        </div>
      </section>

      <section className="card">
        <h3 className="card-title">{t("dist.editor.how")}</h3>
        <div className="form-grid">
          <Field label={t("dist.editor.channel")} error={error("channel")}>
            {(fid, invalid) =>
              form.kind === "page" ? (
                <input id={fid} value={t("dist.channel.widget")} disabled />
              ) : (
                <select
                  id={fid}
                  value={form.channel}
                  onChange={(e) =>
                    set({
                      channel:
                        e.target.value === "sms" ? "sms" : e.target.value === "link" ? "link" : "email",
                    })
                  }
                  aria-invalid={invalid}
                  data-testid="trigger-channel"
                >
                  <option value="email">{t("dist.channel.email")}</option>
                  <option value="sms">{t("dist.channel.sms")}</option>
                  <option value="link">{t("dist.channel.link")}</option>
                </select>
              )
            }
          </Field>
          <NumberField
            label={t("dist.editor.sample")}
            hint={t("dist.editor.sampleHint")}
            error={error("samplePercent")}
            value={form.samplePercent}
            onChange={(samplePercent) => set({ samplePercent })}
            unit="%"
            decimal
            testId="trigger-sample"
          />
          <Field
            label={t("dist.editor.recontact")}
            hint={t("dist.editor.recontactHint")}
            error={error("recontactDays")}
          >
            {(fid, invalid) => (
              <div className="dist-inline">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={form.recontactOverride}
                    onChange={(e) => set({ recontactOverride: e.target.checked })}
                    data-testid="trigger-recontact-override"
                  />
                  {t("dist.editor.override")}
                </label>
                {form.recontactOverride && (
                  <>
                    <input
                      id={fid}
                      inputMode="numeric"
                      value={form.recontactDays}
                      onChange={(e) => set({ recontactDays: e.target.value })}
                      aria-invalid={invalid}
                      className="dist-short"
                      data-testid="trigger-recontact"
                    />
                    <span className="muted">{t("dist.unit.days")}</span>
                  </>
                )}
              </div>
            )}
          </Field>
          <Field label={t("dist.editor.quiet")} hint={t("dist.editor.quietHint")} error={error("quietHours")}>
            {(fid, invalid) => (
              <QuietHoursInputs
                id={fid}
                invalid={invalid}
                on={form.quietOverride}
                onToggle={(quietOverride) => set({ quietOverride })}
                toggleLabel={t("dist.editor.override")}
                from={form.quietFrom}
                to={form.quietTo}
                onChange={set}
              />
            )}
          </Field>
        </div>
      </section>

      <SaveActions saved={false} pending={save.isPending} testId="trigger-save" className="form-actions">
        <Link to="/distribution/triggers" className="btn btn-ghost">
          {t("common.cancel")}
        </Link>
      </SaveActions>
    </form>
  );
}
