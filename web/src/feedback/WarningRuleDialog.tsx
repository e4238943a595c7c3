import { useState } from "react";
import type { TSurvey } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { Field } from "../ui/components.js";
import { formErrors } from "../ui/errors.js";
import { FormDialog } from "../ui/FormDialog.js";
import { splitList, type WarningRule, type WarningRuleInput } from "./alerts-queries.js";
import { categoryPath } from "./labels.js";
import { NameField } from "./NameField.js";
import type { Category } from "./types.js";

type Metric = WarningRuleInput["metric"];

/** An early-warning rule: a score drop or category-share rise against its trailing baseline, per segment. */
export function WarningRuleDialog({
  rule,
  surveys,
  categories,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  rule: WarningRule | null;
  surveys: TSurvey[];
  categories: Category[];
  pending: boolean;
  error: unknown;
  onSubmit: (input: WarningRuleInput) => void;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const [name, setName] = useState(rule?.name ?? "");
  const [metric, setMetric] = useState<Metric>(rule?.metric ?? "nps");
  const [surveyId, setSurveyId] = useState(rule?.surveyId ?? "");
  const [categoryId, setCategoryId] = useState(rule?.categoryId ?? "");
  const [segmentBy, setSegmentBy] = useState((rule?.segmentBy ?? []).join(", "));
  const [windowDays, setWindowDays] = useState(String(rule?.windowDays ?? 7));
  const [baselineDays, setBaselineDays] = useState(String(rule?.baselineDays ?? 28));
  const [minN, setMinN] = useState(String(rule?.minN ?? 30));
  const [local, setLocal] = useState<Record<string, string>>({});
  const errs = formErrors(t, error, local, [
    "name",
    "metric",
    "surveyId",
    "categoryId",
    "segmentBy",
    "windowDays",
    "baselineDays",
    "minN",
  ]);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const int = (s: string, min: number, max: number) => {
    const n = Number(s);
    return Number.isInteger(n) && n >= min && n <= max ? n : null;
  };
  const submit = () => {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t("routing.error.name");
    if (metric === "category_share" && !categoryId) problems.categoryId = t("alerts.error.category");
    const w = int(windowDays, 1, 90);
    const b = int(baselineDays, 7, 365);
    const n = int(minN, 10, 100_000);
    if (w === null) problems.windowDays = t("alerts.error.range", { min: 1, max: 90 });
    if (b === null) problems.baselineDays = t("alerts.error.range", { min: 7, max: 365 });
    if (n === null) problems.minN = t("alerts.error.range", { min: 10, max: 100000 });
    setLocal(problems);
    if (Object.keys(problems).length > 0 || w === null || b === null || n === null) return;
    onSubmit({
      name: name.trim(),
      metric,
      surveyId: surveyId || null,
      categoryId: metric === "category_share" ? categoryId : null,
      segmentBy: splitList(segmentBy),
      windowDays: w,
      baselineDays: b,
      minN: n,
    });
  };
  return (
    <FormDialog
      title={rule ? t("alerts.warning.edit") : t("alerts.warning.new")}
      formId="warning-form"
      pending={pending}
      onSubmit={submit}
      onClose={onClose}
      general={errs.general}
    >
      <NameField value={name} onChange={setName} error={errs.field("name")} />
      <div className="form-grid">
        <Field label={t("alerts.metric")} error={errs.field("metric")}>
          {(id) => (
            <select id={id} value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
              <option value="nps">{t("alerts.metric.nps")}</option>
              <option value="csat">{t("alerts.metric.csat")}</option>
              <option value="category_share">{t("alerts.metric.category_share")}</option>
            </select>
          )}
        </Field>
        <Field label={t("feedback.filter.survey")} error={errs.field("surveyId")}>
          {(id) => (
            <select id={id} value={surveyId} onChange={(e) => setSurveyId(e.target.value)}>
              <option value="">{t("feedback.filter.allSurveys")}</option>
              {surveys.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {metric === "category_share" && (
          <Field label={t("feedback.filter.category")} error={errs.field("categoryId")}>
            {(id, invalid) => (
              <select
                id={id}
                value={categoryId}
                aria-invalid={invalid}
                onChange={(e) => setCategoryId(e.target.value)}
              >
                <option value="">—</option>
                {categories
                  .filter((c) => !c.archived)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {categoryPath(c, byId, lang)}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t("alerts.segmentBy")} hint={t("alerts.segmentByHint")} error={errs.field("segmentBy")}>
          {(id) => (
            <input
              id={id}
              value={segmentBy}
              placeholder="country, product"
              onChange={(e) => setSegmentBy(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("alerts.windowDays")} error={errs.field("windowDays")}>
          {(id, invalid) => (
            <input
              id={id}
              type="number"
              min={1}
              max={90}
              value={windowDays}
              aria-invalid={invalid}
              onChange={(e) => setWindowDays(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("alerts.baselineDays")} error={errs.field("baselineDays")}>
          {(id, invalid) => (
            <input
              id={id}
              type="number"
              min={7}
              max={365}
              value={baselineDays}
              aria-invalid={invalid}
              onChange={(e) => setBaselineDays(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("alerts.minN")} hint={t("alerts.minNHint")} error={errs.field("minN")}>
          {(id, invalid) => (
            <input
              id={id}
              type="number"
              min={10}
              value={minN}
              aria-invalid={invalid}
              onChange={(e) => setMinN(e.target.value)}
            />
          )}
        </Field>
      </div>
    </FormDialog>
  );
}
