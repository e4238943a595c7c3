import { type FormEvent, useEffect, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field, Spinner } from "../ui/components.js";
import { fieldError, unplaced } from "./field-errors.js";
import { useDistSettings, useSaveDistSettings } from "./queries.js";
import type { DistSettings } from "./types.js";

const CAP_CHANNELS = ["email", "sms", "link", "widget"] as const;
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
  const [form, setForm] = useState(formOf(undefined));
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setForm(formOf(settings.data));
  }, [settings.data]);

  if (settings.isPending) return <Spinner />;
  if (settings.error) return <ErrorNotice error={settings.error} onRetry={() => settings.refetch()} />;
  const set = (patch: Partial<typeof form>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
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
        <Field
          label={t("dist.limits.recontact")}
          hint={t("dist.limits.recontactHint")}
          error={err("recontactDays")}
        >
          {(id, invalid) => (
            <div className="dist-inline">
              <input
                id={id}
                inputMode="numeric"
                className="dist-short"
                value={form.recontactDays}
                onChange={(e) => set({ recontactDays: e.target.value })}
                aria-invalid={invalid}
                data-testid="limits-recontact"
              />
              <span className="muted">{t("dist.unit.days")}</span>
            </div>
          )}
        </Field>
        <Field label={t("dist.limits.quiet")} hint={t("dist.limits.quietHint")} error={err("quietHours")}>
          {(id, invalid) => (
            <div className="dist-inline">
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.quiet}
                  onChange={(e) => set({ quiet: e.target.checked })}
                  data-testid="limits-quiet"
                />
                {t("dist.limits.quietOn")}
              </label>
              {form.quiet && (
                <>
                  <input
                    id={id}
                    type="time"
                    value={form.quietFrom}
                    onChange={(e) => set({ quietFrom: e.target.value })}
                    aria-invalid={invalid}
                  />
                  <span className="muted">–</span>
                  <input
                    type="time"
                    aria-label={t("dist.quiet.to")}
                    value={form.quietTo}
                    onChange={(e) => set({ quietTo: e.target.value })}
                    aria-invalid={invalid}
                  />
                </>
              )}
            </div>
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
        <div className="form-actions span-2">
          {saved && (
            <span className="muted small" role="status">
              {t("common.saved")}
            </span>
          )}
          <button
            type="submit"
            className="btn btn-primary"
            disabled={save.isPending}
            data-testid="limits-save"
          >
            {save.isPending ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
