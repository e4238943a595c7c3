import { useI18n } from "../i18n/I18nProvider.js";
import { CONDITION_OPS, type ConditionRow, newCondition, type RuleKind } from "./trigger-form.js";

/** The rule's conditions, one row each; every one must hold. Server errors are shown at their row. */
export function ConditionsEditor({
  kind,
  rows,
  onChange,
  errorAt,
}: {
  kind: RuleKind;
  rows: ConditionRow[];
  onChange: (rows: ConditionRow[]) => void;
  errorAt: (index: number) => string | null;
}) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<ConditionRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="dist-conditions" data-testid="trigger-conditions">
      <legend className="field-label">{t("dist.cond.title")}</legend>
      <p className="field-hint">
        {kind === "event" ? t("dist.cond.hintEvent") : t("dist.cond.hintCustomer")}
      </p>
      {rows.map((r, i) => {
        const error = errorAt(i);
        const noValue = r.op === "exists" || r.op === "notExists";
        return (
          <div key={r.key} className={`dist-condition${error ? " field-invalid" : ""}`}>
            <input
              aria-label={t("dist.cond.field")}
              value={r.field}
              onChange={(e) => set(i, { field: e.target.value })}
              placeholder={kind === "event" ? "event.amount" : "customer.plan"}
              data-testid={`condition-field-${i}`}
              aria-invalid={Boolean(error)}
            />
            <select
              aria-label={t("dist.cond.op")}
              value={r.op}
              onChange={(e) => set(i, { op: CONDITION_OPS.find((o) => o === e.target.value) ?? "eq" })}
              data-testid={`condition-op-${i}`}
            >
              {CONDITION_OPS.map((op) => (
                <option key={op} value={op}>
                  {t(`dist.op.${op}`)}
                </option>
              ))}
            </select>
            <input
              aria-label={t("dist.cond.value")}
              value={noValue ? "" : r.value}
              disabled={noValue}
              onChange={(e) => set(i, { value: e.target.value })}
              placeholder={r.op === "in" || r.op === "notIn" ? t("dist.cond.listHint") : ""}
              data-testid={`condition-value-${i}`}
              aria-invalid={Boolean(error)}
            />
            <button
              type="button"
              className="icon-btn"
              aria-label={t("common.remove")}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              ×
            </button>
            {error && (
              <p className="field-error dist-condition-error" role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange([...rows, newCondition(kind)])}
        data-testid="condition-add"
      >
        + {t("dist.cond.add")}
      </button>
    </fieldset>
  );
}
