import { type FormEvent, useState } from "react";
import { useSession } from "../auth/session.js";
import { type MessageKey, useI18n } from "../i18n/I18nProvider.js";
import { presetPeriod } from "../lib/dates.js";
import { ErrorNotice } from "../ui/components.js";
import { formErrors } from "../ui/errors.js";
import { NumberField } from "../ui/NumberField.js";
import { SaveActions } from "../ui/SaveActions.js";
import { useSettingsForm } from "../ui/use-settings-form.js";
import { ChoiceFieldset } from "./ChoiceFieldset.js";
import { useBusinessMetrics } from "./queries.js";
import { CLV_INPUTS, type ClvInput, checkClv, clvFormOf } from "./settings-form.js";
import { useSaveBusinessSettings } from "./settings-queries.js";
import type { BusinessSettings } from "./types.js";

const FIELDS = [...CLV_INPUTS.map((k) => `clvInputs.${k}`), "clvHorizonMonths", "clvMonthlyDiscountRate"];

const LABELS: Record<ClvInput, { label: MessageKey; hint: MessageKey }> = {
  annualRevenuePerCustomer: {
    label: "business.settings.clvRevenue",
    hint: "business.settings.clvRevenueHint",
  },
  relationshipYears: { label: "business.settings.clvYears", hint: "business.settings.clvYearsHint" },
  cac: { label: "business.settings.clvCac", hint: "business.settings.clvCacHint" },
};

/** The CLV formula's inputs (each given or derived) and the predictive model's horizon and discount rate. */
export function ClvSettingsSection({ settings, canEdit }: { settings: BusinessSettings; canEdit: boolean }) {
  const { t, fmt } = useI18n();
  const tz = useSession().workspace.timeZone;
  const save = useSaveBusinessSettings();
  const { form, set, saved, setSaved } = useSettingsForm(settings, clvFormOf);
  const [local, setLocal] = useState<Record<string, string>>({});
  const errs = formErrors(t, save.error, local, FIELDS);
  // What the data gives now, over the same twelve months the Customers & revenue page opens on.
  const year = presetPeriod("12m", tz);
  const metrics = useBusinessMetrics({ from: year.from, to: year.to });
  const derived = metrics.data?.metrics.clv.inputs;
  const currencies = metrics.data?.currencies ?? [];
  // Amounts are shown as the page shows them: plain numbers, with the currency when there is only one.
  const currency = currencies.length === 1 ? currencies[0] : null;
  const withCurrency = (unit: string) => [currency, unit].filter(Boolean).join(" ");
  const units: Record<ClvInput, string> = {
    annualRevenuePerCustomer: withCurrency(t("business.settings.perYear")),
    relationshipYears: t("business.settings.years"),
    cac: withCurrency(""),
  };
  const shown = (key: ClvInput, v: number) =>
    key === "relationshipYears"
      ? t("business.settings.yearsValue", { value: fmt.number(v, 1) })
      : `${fmt.number(v, 0)}${currency ? ` ${currency}` : ""}`;

  const edit = (patch: Parameters<typeof set>[0]) => {
    set(patch);
    setLocal({});
    save.reset();
  };
  const editInput = (key: ClvInput, patch: Partial<{ given: boolean; value: string }>) =>
    edit({ inputs: { ...form.inputs, [key]: { ...form.inputs[key], ...patch } } });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { problems, patch } = checkClv(t, form);
    setLocal(problems);
    save.reset();
    if (Object.keys(problems).length === 0) save.mutate(patch, { onSuccess: () => setSaved(true) });
  };

  return (
    <section className="card" data-testid="business-clv-settings">
      <h2 className="card-title">{t("business.settings.clv")}</h2>
      <p className="muted small">{t("business.settings.clvHint")}</p>
      {errs.general && <ErrorNotice error={save.error} />}
      <form className="form-grid" onSubmit={submit} noValidate>
        <fieldset className="span-2 form-grid business-settings-fields" disabled={!canEdit}>
          {CLV_INPUTS.map((key) => {
            const input = form.inputs[key];
            const now = derived?.[key];
            const error = errs.field(`clvInputs.${key}`);
            return (
              <ChoiceFieldset
                key={key}
                legend={t(LABELS[key].label)}
                hint={t(LABELS[key].hint)}
                error={error}
                testId={`clv-input-${key}`}
              >
                <label className="check">
                  <input
                    type="radio"
                    name={`clv-${key}`}
                    checked={!input.given}
                    onChange={() => editInput(key, { given: false })}
                    data-testid={`clv-${key}-derive`}
                  />
                  {now?.source === "derived"
                    ? now.value === null
                      ? t("business.settings.deriveNone")
                      : t("business.settings.deriveNow", { value: shown(key, now.value) })
                    : t("business.settings.derive")}
                </label>
                <div className="business-inline">
                  <label className="check">
                    <input
                      type="radio"
                      name={`clv-${key}`}
                      checked={input.given}
                      onChange={() => editInput(key, { given: true })}
                      data-testid={`clv-${key}-given`}
                    />
                    {t("business.settings.given")}
                  </label>
                  <span className="business-amount">
                    <input
                      className="business-number"
                      inputMode="decimal"
                      value={input.value}
                      // Typing a figure chooses "given" as well.
                      onChange={(e) => editInput(key, { given: true, value: e.target.value })}
                      aria-label={t("business.settings.givenLabel", { name: t(LABELS[key].label) })}
                      aria-invalid={Boolean(error)}
                      data-testid={`clv-${key}`}
                    />
                    {units[key] && <span className="muted">{units[key]}</span>}
                  </span>
                </div>
              </ChoiceFieldset>
            );
          })}
          <h3 className="business-settings-subtitle span-2">{t("business.settings.predictive")}</h3>
          <p className="muted small span-2">{t("business.settings.predictiveHint")}</p>
          <NumberField
            label={t("business.settings.horizon")}
            hint={t("business.settings.horizonHint")}
            error={errs.field("clvHorizonMonths")}
            value={form.horizon}
            onChange={(horizon) => edit({ horizon })}
            unit={t("business.settings.months")}
            testId="clv-horizon"
          />
          <NumberField
            label={t("business.settings.discount")}
            hint={t("business.settings.discountHint")}
            error={errs.field("clvMonthlyDiscountRate")}
            value={form.discountPercent}
            onChange={(discountPercent) => edit({ discountPercent })}
            unit={t("business.settings.perMonth")}
            decimal
            testId="clv-discount"
          />
        </fieldset>
        {canEdit && <SaveActions saved={saved} pending={save.isPending} testId="clv-settings-save" />}
      </form>
    </section>
  );
}
