import type { TSurvey } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { toggled } from "../ui/sets.js";

/** Survey checkboxes that narrow an alert or digest; none ticked means every survey. */
export function SurveyChecks({
  surveys,
  selected,
  onChange,
}: {
  surveys: TSurvey[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}) {
  const { t } = useI18n();
  if (surveys.length === 0) return null;
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{t("routing.surveys")}</legend>
      <p className="field-hint">{t("alerts.surveysHint")}</p>
      <div className="chip-checks">
        {surveys.map((s) => (
          <label key={s.id} className="chip-check">
            <input
              type="checkbox"
              checked={selected.has(s.id)}
              onChange={() => onChange(toggled(selected, s.id))}
            />
            <span>{s.name}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
