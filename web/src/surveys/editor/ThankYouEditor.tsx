import type { SurveyDefinition, ThankYouScreen, TLanguage } from "../../api/types.js";
import { useI18n } from "../../i18n/I18nProvider.js";
import { ConditionEditor } from "./ConditionEditor.js";
import { LocalizedInput, PathField } from "./fields.js";
import { ListEditor } from "./ListEditor.js";
import { groupsFor } from "./model.js";

function ScreenEditor({
  screen,
  path,
  languages,
  onChange,
}: {
  screen: ThankYouScreen;
  path: string;
  languages: TLanguage[];
  onChange: (s: ThankYouScreen) => void;
}) {
  const { t } = useI18n();
  const link = screen.link;
  return (
    <div className="screen-editor">
      <LocalizedInput
        path={`${path}.title`}
        label={t("editor.ty.title")}
        value={screen.title}
        languages={languages}
        onChange={(title) => onChange({ ...screen, title })}
      />
      <LocalizedInput
        path={`${path}.body`}
        label={t("editor.ty.body")}
        value={screen.body}
        languages={languages}
        multiline
        onChange={(body) => onChange({ ...screen, body })}
      />
      {link ? (
        <div className="settings-grid">
          <PathField path={`${path}.link.url`} label={t("editor.ty.linkUrl")} hint={t("editor.ty.linkHint")}>
            {(id, invalid) => (
              <input
                id={id}
                type="url"
                value={link.url}
                placeholder="https://example.com/referral"
                aria-invalid={invalid}
                onChange={(e) => onChange({ ...screen, link: { ...link, url: e.target.value } })}
              />
            )}
          </PathField>
          <LocalizedInput
            path={`${path}.link.label`}
            label={t("editor.ty.linkLabel")}
            value={link.label}
            languages={languages}
            onChange={(label) => onChange({ ...screen, link: { ...link, label } })}
          />
          <button
            type="button"
            className="btn-link danger"
            onClick={() => {
              const next = { ...screen };
              delete next.link;
              onChange(next);
            }}
          >
            {t("editor.ty.removeLink")}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="btn-link"
          onClick={() => onChange({ ...screen, link: { url: "", label: {} } })}
        >
          + {t("editor.ty.addLink")}
        </button>
      )}
    </div>
  );
}

/** The thank-you screen, and the ones shown instead for chosen score groups (first match wins). */
export function ThankYouEditor({
  definition: def,
  onChange,
}: {
  definition: SurveyDefinition;
  onChange: (d: SurveyDefinition) => void;
}) {
  const { t } = useI18n();
  const scoreSources = def.questions.filter((q) => groupsFor(q).length > 0);
  return (
    <div className="stack">
      <ScreenEditor
        screen={def.thankYou}
        path="definition.thankYou"
        languages={def.languages}
        onChange={(thankYou) => onChange({ ...def, thankYou })}
      />
      <div className="subsection">
        <div className="subsection-head">
          <h4>{t("editor.ty.variants")}</h4>
          <span className="field-hint">{t("editor.ty.variantsHint")}</span>
        </div>
        {scoreSources.length === 0 && def.thankYouVariants.length === 0 ? (
          <p className="field-hint">{t("editor.ty.needScore")}</p>
        ) : (
          <ListEditor
            items={def.thankYouVariants}
            addLabel={t("editor.ty.addVariant")}
            onChange={(thankYouVariants) => onChange({ ...def, thankYouVariants })}
            makeItem={() => {
              const source = scoreSources[0];
              const taken = new Set(def.thankYouVariants.flatMap((v) => v.when.groups ?? []));
              const group = groupsFor(source).find((g) => !taken.has(g)) ?? groupsFor(source)[0];
              return {
                when: { question: source?.id ?? "", groups: group ? [group] : undefined },
                screen: { title: {} },
              };
            }}
            render={(v, j, set) => (
              <div className="variant">
                <ConditionEditor
                  label={t("editor.q.when")}
                  value={v.when}
                  sources={def.questions}
                  path={`definition.thankYouVariants.${j}.when`}
                  onChange={(when) => when && set({ ...v, when })}
                />
                <ScreenEditor
                  screen={v.screen}
                  path={`definition.thankYouVariants.${j}.screen`}
                  languages={def.languages}
                  onChange={(screen) => set({ ...v, screen })}
                />
              </div>
            )}
          />
        )}
      </div>
    </div>
  );
}
