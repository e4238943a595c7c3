import { useState } from "react";
import type { Member, TSurvey } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { Field } from "../ui/components.js";
import { formErrors } from "../ui/errors.js";
import { FormDialog } from "../ui/FormDialog.js";
import { toggled } from "../ui/sets.js";
import { nameOf, taxonomyTree } from "./labels.js";
import { NameField } from "./NameField.js";
import type { Category, PromoPool, RoutingRule, RoutingRuleInput, ScoreGroup } from "./types.js";

const GROUPS: ScoreGroup[] = ["detractor", "passive", "promoter", "low", "neutral", "high"];

/** Creates or edits a routing rule: conditions → team, owner, due time and sorry-bonus pool. */
export function RuleDialog({
  rule,
  nextPosition,
  categories,
  surveys,
  members,
  pools,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  rule: RoutingRule | null;
  nextPosition: number;
  categories: Category[];
  surveys: TSurvey[];
  members: Member[];
  pools: PromoPool[];
  pending: boolean;
  error: unknown;
  onSubmit: (input: RoutingRuleInput) => void;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const c = rule?.conditions;
  const [name, setName] = useState(rule?.name ?? "");
  const [position, setPosition] = useState(String(rule?.position ?? nextPosition));
  const [groups, setGroups] = useState<Set<string>>(new Set(c?.groups ?? []));
  const [cats, setCats] = useState<Set<string>>(new Set(c?.categoryIds ?? []));
  const [surveyIds, setSurveyIds] = useState<Set<string>>(new Set(c?.surveyIds ?? []));
  const [attrName, setAttrName] = useState(c?.attribute?.name ?? "");
  const [attrValues, setAttrValues] = useState((c?.attribute?.values ?? []).join(", "));
  const [team, setTeam] = useState(rule?.team ?? "");
  const [ownerId, setOwnerId] = useState(rule?.ownerId ?? "");
  const [dueHours, setDueHours] = useState(String(rule?.dueHours ?? 48));
  const [poolId, setPoolId] = useState(rule?.promoPoolId ?? "");
  const [local, setLocal] = useState<Record<string, string>>({});

  const errs = formErrors(t, error, local, [
    "name",
    "position",
    "conditions.groups",
    "conditions.categoryIds",
    "conditions.attribute",
    "team",
    "ownerId",
    "dueHours",
    "promoPoolId",
  ]);
  const fieldError = errs.field;

  const submit = () => {
    const problems: Record<string, string> = {};
    const due = Number(dueHours);
    if (!name.trim()) problems.name = t("routing.error.name");
    if (!Number.isInteger(due) || due < 1 || due > 2160) problems.dueHours = t("routing.error.due");
    const values = attrValues
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
    if (attrName.trim() && values.length === 0)
      problems["conditions.attribute"] = t("routing.error.attrValues");
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      name: name.trim(),
      position: Number(position) || 0,
      conditions: {
        ...(groups.size ? { groups: [...groups] as ScoreGroup[] } : {}),
        ...(cats.size ? { categoryIds: [...cats] } : {}),
        ...(surveyIds.size ? { surveyIds: [...surveyIds] } : {}),
        ...(attrName.trim() ? { attribute: { name: attrName.trim(), values } } : {}),
      },
      team: team.trim() || null,
      ownerId: ownerId || null,
      dueHours: due,
      promoPoolId: poolId || null,
    });
  };

  return (
    <FormDialog
      title={rule ? t("routing.edit") : t("routing.new")}
      formId="rule-form"
      pending={pending}
      onSubmit={submit}
      onClose={onClose}
      general={errs.general}
      saveTestId="rule-save"
      formTestId="rule-form"
    >
      <div className="form-grid">
        <NameField value={name} onChange={setName} error={fieldError("name")} testId="rule-name" />
        <Field label={t("routing.position")} hint={t("routing.positionHint")} error={fieldError("position")}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={0}
              max={10000}
              value={position}
              onChange={(e) => setPosition(e.target.value)}
            />
          )}
        </Field>
      </div>
      <fieldset className="fieldset">
        <legend className="field-label">{t("routing.when")}</legend>
        <p className="field-hint">{t("routing.whenHint")}</p>
        <fieldset className="chip-checks" aria-label={t("routing.groups")}>
          {GROUPS.map((g) => (
            <label key={g} className="chip-check">
              <input
                type="checkbox"
                checked={groups.has(g)}
                onChange={() => setGroups(toggled(groups, g))}
                data-testid={`rule-group-${g}`}
              />
              <span>{t(`group.${g}.plural`)}</span>
            </label>
          ))}
        </fieldset>
        {fieldError("conditions.groups") && <p className="field-error">{fieldError("conditions.groups")}</p>}
        <div className="fb-rule-cats">
          <span className="small muted">{t("routing.categories")}</span>
          {taxonomyTree(categories.filter((x) => !x.archived)).map(({ parent, children }) => (
            <div key={parent.id} className="fb-rule-cat-group">
              {[parent, ...children].map((cat) => (
                <label key={cat.id} className={`check${cat.parentId ? " fb-fix-sub" : " fb-fix-parent"}`}>
                  <input
                    type="checkbox"
                    checked={cats.has(cat.id)}
                    onChange={() => setCats(toggled(cats, cat.id))}
                    data-testid={`rule-category-${cat.key}`}
                  />
                  <span>{nameOf(cat, lang)}</span>
                </label>
              ))}
            </div>
          ))}
        </div>
        {fieldError("conditions.categoryIds") && (
          <p className="field-error">{fieldError("conditions.categoryIds")}</p>
        )}
        {surveys.length > 0 && (
          <div className="fb-rule-surveys">
            <span className="small muted">{t("routing.surveys")}</span>
            <div className="chip-checks">
              {surveys.map((s) => (
                <label key={s.id} className="chip-check">
                  <input
                    type="checkbox"
                    checked={surveyIds.has(s.id)}
                    onChange={() => setSurveyIds(toggled(surveyIds, s.id))}
                  />
                  <span>{s.name}</span>
                </label>
              ))}
            </div>
          </div>
        )}
        <div className="form-grid">
          <Field label={t("routing.attribute")} hint={t("routing.attributeHint")} error={null}>
            {(id) => (
              <input
                id={id}
                value={attrName}
                maxLength={100}
                placeholder="country"
                onChange={(e) => setAttrName(e.target.value)}
              />
            )}
          </Field>
          <Field label={t("routing.attributeValues")} error={fieldError("conditions.attribute")}>
            {(id, invalid) => (
              <input
                id={id}
                value={attrValues}
                aria-invalid={invalid}
                placeholder="DE, AT"
                onChange={(e) => setAttrValues(e.target.value)}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend className="field-label">{t("routing.then")}</legend>
        <div className="form-grid">
          <Field label={t("case.team")} error={fieldError("team")}>
            {(id) => (
              <input
                id={id}
                value={team}
                maxLength={100}
                onChange={(e) => setTeam(e.target.value)}
                data-testid="rule-team"
              />
            )}
          </Field>
          <Field
            label={t("case.owner")}
            error={fieldError("ownerId")}
            hint={members.length === 0 ? t("routing.ownerHint") : undefined}
          >
            {(id) => (
              <select
                id={id}
                value={ownerId}
                onChange={(e) => setOwnerId(e.target.value)}
                disabled={members.length === 0}
              >
                <option value="">{t("case.owner.none")}</option>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name || m.email}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("routing.dueHours")} error={fieldError("dueHours")}>
            {(id, invalid) => (
              <input
                id={id}
                type="number"
                min={1}
                max={2160}
                value={dueHours}
                aria-invalid={invalid}
                onChange={(e) => setDueHours(e.target.value)}
                data-testid="rule-due"
              />
            )}
          </Field>
          <Field label={t("routing.pool")} hint={t("routing.poolHint")} error={fieldError("promoPoolId")}>
            {(id) => (
              <select id={id} value={poolId} onChange={(e) => setPoolId(e.target.value)}>
                <option value="">{t("routing.noPool")}</option>
                {pools.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t("case.promo.pool", { name: p.name, left: p.total - p.used })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
    </FormDialog>
  );
}
