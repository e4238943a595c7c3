import { useId } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { addDays, type Granularity, isDay, type Period, type PeriodPreset } from "../lib/dates.js";

const PRESETS: PeriodPreset[] = ["30d", "90d", "12m", "custom"];
const UNITS: Granularity[] = ["day", "week", "month", "quarter"];

export function PeriodPicker({
  period,
  onPreset,
  onCustom,
  unit,
  autoUnit,
  onUnit,
}: {
  period: Period;
  onPreset: (p: PeriodPreset) => void;
  /** A custom range: first and last day, both inclusive. */
  onCustom: (from: string, lastDay: string) => void;
  /** The trend unit control; left out when there is no trend. */
  unit?: Granularity | null;
  autoUnit?: Granularity;
  onUnit?: (u: Granularity | null) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const lastDay = addDays(period.to, -1);
  return (
    <div className="period-picker">
      <fieldset className="segmented" aria-label={t("period.label")} data-testid="period-picker">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            className={period.preset === p ? "active" : ""}
            aria-pressed={period.preset === p}
            onClick={() => onPreset(p)}
            data-testid={`period-${p}`}
          >
            {t(`period.${p}`)}
          </button>
        ))}
      </fieldset>
      {period.preset === "custom" && (
        <div className="date-range">
          <label className="sr-only" htmlFor={`${id}-from`}>
            {t("period.from")}
          </label>
          <input
            id={`${id}-from`}
            type="date"
            value={period.from}
            max={lastDay}
            onChange={(e) =>
              isDay(e.target.value) && e.target.value <= lastDay && onCustom(e.target.value, lastDay)
            }
          />
          <span className="muted">–</span>
          <label className="sr-only" htmlFor={`${id}-to`}>
            {t("period.to")}
          </label>
          <input
            id={`${id}-to`}
            type="date"
            value={lastDay}
            min={period.from}
            onChange={(e) =>
              isDay(e.target.value) && e.target.value >= period.from && onCustom(period.from, e.target.value)
            }
          />
        </div>
      )}
      {onUnit && autoUnit && (
        <label className="inline-controls">
          <span className="muted small">{t("period.groupBy")}</span>
          <select
            value={unit ?? ""}
            onChange={(e) => onUnit((e.target.value || null) as Granularity | null)}
            data-testid="unit-select"
          >
            <option value="">{t("period.auto", { unit: t(`unit.${autoUnit}`) })}</option>
            {UNITS.map((u) => (
              <option key={u} value={u}>
                {t(`unit.${u}.option`)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
