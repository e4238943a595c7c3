import type { Segment } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { Field } from "../ui/components.js";
import { NumberField } from "../ui/NumberField.js";
import type { TriggerForm } from "./trigger-form.js";

type Props = {
  form: TriggerForm;
  set: (patch: Partial<TriggerForm>) => void;
  error: (field: string) => string | null;
  segments: Segment[];
};

/** The fields of the rule's kind: the event and its delay, the campaign's schedule, or the page. */
export function RuleFields({ form, set, error, segments }: Props) {
  const { t } = useI18n();
  if (form.kind === "event") {
    return (
      <>
        <Field
          label={t("dist.rule.eventType")}
          hint={t("dist.rule.eventTypeHint")}
          error={error("rule.eventType")}
        >
          {(id, invalid) => (
            <input
              id={id}
              value={form.eventType}
              onChange={(e) => set({ eventType: e.target.value })}
              placeholder="order_delivered"
              aria-invalid={invalid}
              data-testid="trigger-event-type"
            />
          )}
        </Field>
        <Field
          label={t("dist.rule.delay")}
          hint={t("dist.rule.delayHint")}
          error={error("rule.delayMinutes")}
        >
          {(id, invalid) => (
            <div className="dist-inline">
              <input
                id={id}
                inputMode="decimal"
                value={form.delay}
                onChange={(e) => set({ delay: e.target.value })}
                aria-invalid={invalid}
                data-testid="trigger-delay"
                className="dist-short"
              />
              <select
                aria-label={t("dist.rule.delayUnit")}
                value={form.delayUnit}
                onChange={(e) =>
                  set({
                    delayUnit:
                      e.target.value === "minutes"
                        ? "minutes"
                        : e.target.value === "hours"
                          ? "hours"
                          : "days",
                  })
                }
                data-testid="trigger-delay-unit"
              >
                <option value="minutes">{t("dist.unit.minutes")}</option>
                <option value="hours">{t("dist.unit.hours")}</option>
                <option value="days">{t("dist.unit.days")}</option>
              </select>
            </div>
          )}
        </Field>
      </>
    );
  }
  if (form.kind === "schedule") {
    return (
      <>
        <Field label={t("dist.rule.every")} error={error("rule.every") ?? error("rule.unit")}>
          {(id, invalid) => (
            <div className="dist-inline">
              <input
                id={id}
                inputMode="numeric"
                value={form.every}
                onChange={(e) => set({ every: e.target.value })}
                aria-invalid={invalid}
                className="dist-short"
                data-testid="trigger-every"
              />
              <select
                aria-label={t("dist.rule.unit")}
                value={form.unit}
                onChange={(e) =>
                  set({
                    unit: e.target.value === "day" ? "day" : e.target.value === "week" ? "week" : "month",
                  })
                }
              >
                <option value="day">{t("dist.unit.day")}</option>
                <option value="week">{t("dist.unit.week")}</option>
                <option value="month">{t("dist.unit.month")}</option>
              </select>
            </div>
          )}
        </Field>
        <Field label={t("dist.rule.startAt")} hint={t("dist.rule.startAtHint")} error={error("rule.startAt")}>
          {(id, invalid) => (
            <input
              id={id}
              type="datetime-local"
              value={form.startAt}
              onChange={(e) => set({ startAt: e.target.value })}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field
          label={t("dist.rule.segment")}
          hint={t("dist.rule.segmentHint")}
          error={error("rule.segmentId")}
          className="span-2"
        >
          {(id, invalid) => (
            <select
              id={id}
              value={form.segmentId}
              onChange={(e) => set({ segmentId: e.target.value })}
              aria-invalid={invalid}
              data-testid="trigger-segment"
            >
              <option value="">{t("dist.rule.allCustomers")}</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} — {s.filter}
                </option>
              ))}
            </select>
          )}
        </Field>
      </>
    );
  }
  return (
    <>
      <Field
        label={t("dist.rule.urlMatch")}
        hint={t("dist.rule.urlMatchHint")}
        error={error("rule.urlMatch")}
      >
        {(id, invalid) => (
          <input
            id={id}
            value={form.urlMatch}
            onChange={(e) => set({ urlMatch: e.target.value })}
            placeholder="/checkout/done"
            aria-invalid={invalid}
          />
        )}
      </Field>
      <Field label={t("dist.rule.pageEvent")} hint={t("dist.rule.pageEventHint")} error={error("rule.event")}>
        {(id, invalid) => (
          <input
            id={id}
            value={form.pageEvent}
            onChange={(e) => set({ pageEvent: e.target.value })}
            placeholder="checkout_completed"
            aria-invalid={invalid}
          />
        )}
      </Field>
      <NumberField
        label={t("dist.rule.seconds")}
        error={error("rule.secondsOnPage")}
        value={form.secondsOnPage}
        onChange={(secondsOnPage) => set({ secondsOnPage })}
      />
      <Field label={t("dist.rule.display")} error={error("rule.display.selector")}>
        {(id, invalid) => (
          <div className="dist-inline">
            <select
              id={id}
              value={form.displayMode}
              onChange={(e) => set({ displayMode: e.target.value === "inline" ? "inline" : "popup" })}
            >
              <option value="popup">{t("dist.display.popup")}</option>
              <option value="inline">{t("dist.display.inline")}</option>
            </select>
            {form.displayMode === "inline" && (
              <input
                aria-label={t("dist.rule.selector")}
                value={form.selector}
                onChange={(e) => set({ selector: e.target.value })}
                placeholder="#feedback"
                aria-invalid={invalid}
              />
            )}
          </div>
        )}
      </Field>
      <div className="span-2 dist-checks">
        <label className="check">
          <input
            type="checkbox"
            checked={form.exitIntent}
            onChange={(e) => set({ exitIntent: e.target.checked })}
          />
          {t("dist.rule.exitIntent")}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={form.anonymous}
            onChange={(e) => set({ anonymous: e.target.checked })}
          />
          {t("dist.rule.anonymous")}
        </label>
      </div>
    </>
  );
}
