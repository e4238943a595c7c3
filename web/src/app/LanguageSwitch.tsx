import { type Lang, useI18n } from "../i18n/I18nProvider.js";

const LANGS: Lang[] = ["ru", "en"];

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <fieldset className="segmented segmented-small" aria-label={t("nav.language")}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          className={l === lang ? "active" : ""}
          aria-pressed={l === lang}
          onClick={() => setLang(l)}
          lang={l}
          title={l === "ru" ? "Русский" : "English"}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </fieldset>
  );
}
