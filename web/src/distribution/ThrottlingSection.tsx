import type { FormEvent } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field, Spinner } from "../ui/components.js";
import { fieldError, unplaced } from "../ui/errors.js";
import { NumberField } from "../ui/NumberField.js";
import { SaveActions } from "../ui/SaveActions.js";
import { useSettingsForm } from "../ui/use-settings-form.js";
import { CHANNELS } from "./channel-options.js";
import { QuietHoursInputs } from "./QuietHoursInputs.js";
import { useDistSettings, useSaveDistSettings } from "./queries.js";
import type { DistSettings } from "./types.js";

const CAP_CHANNELS = CHANNELS;
type CapChannel = (typeof CAP_CHANNELS)[number];

const formOf = (s: DistSettings | undefined) => ({
  recontactDays: String(s?.recontactDays ?? 0),
  quiet: Boolean(s?.quietHours),
  quietFrom: s?.quietHours?.from ?? "22:00",
  quietTo: s?.quietHours?.to ?? "09:00",
  caps: Object.fromEntries(
    CAP_CHANNELS.map((c) => [c, s?.dailyCaps[c] === undefined ? "" : String(s.dailyCaps[c])]),
  ) as Record<CapChannel, string>,
});

/** Text to a number for the API; text that is not one goes as null so the server names the field. */
const num = (s: string) => (s.trim() && Number.isFinite(Number(s)) ? Number(s) : Number.NaN);

/** How often a customer may be asked, when not, and how many per day: the workspace's limits. */
export function ThrottlingSection() {
  const { t } = useI18n();
  const settings = useDistSettings();
  const save = useSaveDistSettings();
  const { form, set, saved, setSaved } = useSettingsForm(settings.data, formOf);

  if (settings.isPending) return <Spinner />;
  if (settings.error) return <ErrorNotice error={settings.error} onRetry={() => settings.refetch()} />;
  const err = (f: string) => fieldError(save.error, f);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const dailyCaps: Partial<Record<CapChannel, number>> = {};
    for (const c of CAP_CHANNELS) if (form.caps[c].trim()) dailyCaps[c] = num(form.caps[c]);
    save.mutate(
      {
        recontactDays: num(form.recontactDays),
        quietHours: form.quiet ? { from: form.quietFrom, to: form.quietTo } : null,
        dailyCaps,
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <section className="card" data-testid="throttling-section">
      <h2 className="card-title">{t("dist.limits.title")}</h2>
      <p className="muted small">{t("dist.limits.hint")}</p>
      {unplaced(save.error, ["recontactDays", "quietHours", "dailyCaps"]) && (
        <ErrorNotice error={save.error} />
      )}
      <form className="form-grid" onSubmit={submit} noValidate>
        <NumberField
          label={t("dist.limits.recontact")}
          hint={t("dist.limits.recontactHint")}
          error={err("recontactDays")}
          value={form.recontactDays}
          onChange={(recontactDays) => set({ recontactDays })}
          unit={t("dist.unit.days")}
          testId="limits-recontact"
        />
        <Field label={t("dist.limits.quiet")} hint={t("dist.limits.quietHint")} error={err("quietHours")}>
          {(id, invalid) => (
            <QuietHoursInputs
              id={id}
              invalid={invalid}
              on={form.quiet}
              onToggle={(quiet) => set({ quiet })}
              toggleLabel={t("dist.limits.quietOn")}
              toggleTestId="limits-quiet"
              from={form.quietFrom}
              to={form.quietTo}
              onChange={set}
            />
          )}
        </Field>
        <fieldset className="span-2 dist-caps">
          <legend className="field-label">{t("dist.limits.caps")}</legend>
          <p className="field-hint">{t("dist.limits.capsHint")}</p>
          <div className="dist-caps-grid">
            {CAP_CHANNELS.map((c) => (
              <Field key={c} label={t(`dist.channel.${c}`)} error={err(`dailyCaps.${c}`)}>
                {(id, invalid) => (
                  <input
                    id={id}
                    inputMode="numeric"
                    value={form.caps[c]}
                    placeholder={t("dist.limits.noCap")}
                    onChange={(e) => set({ caps: { ...form.caps, [c]: e.target.value } })}
                    aria-invalid={invalid}
                    data-testid={`limits-cap-${c}`}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        <SaveActions saved={saved} pending={save.isPending} testId="limits-save" />
      </form>
    </section>
  );
}
