import { useI18n } from "../i18n/I18nProvider.js";
import { publicLink } from "../surveys/queries.js";
import { CopyButton } from "../ui/components.js";

/** The survey's public page, to share or open. */
export function PublicLink({ surveyId, active }: { surveyId: string; active: boolean }) {
  const { t } = useI18n();
  const url = publicLink(surveyId);
  return (
    <div className="public-link">
      <span className="public-link-label">{t("results.publicLink")}</span>
      <code data-testid="public-link" className="public-link-url">
        {url}
      </code>
      <CopyButton text={url} testId="copy-link" />
      <a className="btn btn-small btn-ghost" href={url} target="_blank" rel="noreferrer">
        {t("results.open")} ↗
      </a>
      {!active && <span className="muted small">{t("results.linkInactive")}</span>}
    </div>
  );
}
