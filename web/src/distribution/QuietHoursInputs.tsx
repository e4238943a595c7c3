import { useI18n } from "../i18n/I18nProvider.js";

/**
 * A checkbox that turns quiet hours on and, once on, the from–to times; `id` labels the first
 * time (the checkbox carries its own label).
 */
export function QuietHoursInputs({
  id,
  invalid,
  on,
  onToggle,
  toggleLabel,
  toggleTestId,
  from,
  to,
  onChange,
}: {
  id: string;
  invalid: boolean;
  on: boolean;
  onToggle: (on: boolean) => void;
  toggleLabel: string;
  toggleTestId?: string;
  from: string;
  to: string;
  onChange: (patch: { quietFrom?: string; quietTo?: string }) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="dist-inline">
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) => onToggle(e.target.checked)}
          data-testid={toggleTestId}
        />
        {toggleLabel}
      </label>
      {on && (
        <>
          <input
            id={id}
            type="time"
            value={from}
            onChange={(e) => onChange({ quietFrom: e.target.value })}
            aria-invalid={invalid}
          />
          <span className="muted">–</span>
          <input
            type="time"
            aria-label={t("dist.quiet.to")}
            value={to}
            onChange={(e) => onChange({ quietTo: e.target.value })}
            aria-invalid={invalid}
          />
        </>
      )}
    </div>
  );
}
