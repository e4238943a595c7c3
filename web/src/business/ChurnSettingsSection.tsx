import { type FormEvent, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice } from "../ui/components.js";
import { formErrors } from "../ui/errors.js";
import { SaveActions } from "../ui/SaveActions.js";
import { useSettingsForm } from "../ui/use-settings-form.js";
import { ChoiceFieldset } from "./ChoiceFieldset.js";
import { checkChurn, churnFormOf, parseNumber } from "./settings-form.js";
import { useSaveBusinessSettings } from "./settings-queries.js";
import type { BusinessSettings } from "./types.js";

const FIELDS = ["lost", "upsellBy"];

/** When a customer counts as lost, and what "another product" means for upselling. */
export function ChurnSettingsSection({
  settings,
  canEdit,
}: {
  settings: BusinessSettings;
  canEdit: boolean;
}) {
  const { t } = useI18n();
  const save = useSaveBusinessSettings();
  const { form, set, saved, setSaved } = useSettingsForm(settings, churnFormOf);
  const [local, setLocal] = useState<Record<string, string>>({});
  const errs = formErrors(t, save.error, local, FIELDS);
  const edit = (patch: Parameters<typeof set>[0]) => {
    set(patch);
    setLocal({});
    save.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { problems, patch } = checkChurn(t, form);
    setLocal(problems);
    save.reset();
    if (Object.keys(problems).length === 0) save.mutate(patch, { onSuccess: () => setSaved(true) });
  };

  return (
    <section className="card" data-testid="business-churn-settings">
      <h2 className="card-title">{t("business.settings.churn")}</h2>
      {errs.general && <ErrorNotice error={save.error} />}
      <form className="form-grid" onSubmit={submit} noValidate>
        <fieldset className="span-2 form-grid business-settings-fields" disabled={!canEdit}>
          <ChoiceFieldset
            legend={t("business.settings.lost")}
            hint={t("business.settings.lostHint")}
            error={errs.field("lost")}
            testId="lost-choice"
          >
            <label className="check">
              <input
                type="radio"
                name="lost"
                checked={form.lostKind === "subscriptionEnded"}
                onChange={() => edit({ lostKind: "subscriptionEnded" })}
                data-testid="lost-subscription"
              />
              {t("business.settings.lostSubscription")}
            </label>
            <div className="business-inline">
              <label className="check">
                <input
                  type="radio"
                  name="lost"
                  checked={form.lostKind === "noPurchaseFor"}
                  onChange={() => edit({ lostKind: "noPurchaseFor" })}
                  data-testid="lost-days-choice"
                />
                {t("business.settings.lostDays")}
              </label>
              <span className="business-amount">
                <input
                  className="business-number"
                  inputMode="numeric"
                  value={form.days}
                  // Typing a count chooses "no purchase for" as well.
                  onChange={(e) => edit({ days: e.target.value, lostKind: "noPurchaseFor" })}
                  aria-label={t("business.settings.lostDaysLabel")}
                  aria-invalid={Boolean(errs.field("lost"))}
                  data-testid="lost-days"
                />
                <span className="muted">
                  {t("business.settings.days", { count: parseNumber(form.days) ?? 0 })}
                </span>
              </span>
            </div>
          </ChoiceFieldset>
          <ChoiceFieldset
            legend={t("business.settings.upsell")}
            hint={t("business.settings.upsellHint")}
            error={errs.field("upsellBy")}
            testId="upsell-choice"
          >
            <div className="business-inline">
              {(["product", "category"] as const).map((by) => (
                <label key={by} className="check">
                  <input
                    type="radio"
                    name="upsellBy"
                    checked={form.upsellBy === by}
                    onChange={() => edit({ upsellBy: by })}
                    data-testid={`upsell-${by}`}
                  />
                  {t(
                    by === "product" ? "business.settings.upsellProduct" : "business.settings.upsellCategory",
                  )}
                </label>
              ))}
            </div>
          </ChoiceFieldset>
        </fieldset>
        {canEdit && <SaveActions saved={saved} pending={save.isPending} testId="churn-settings-save" />}
      </form>
    </section>
  );
}
