import { Link } from "react-router-dom";
import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { ChurnSettingsSection } from "./ChurnSettingsSection.js";
import { ClvSettingsSection } from "./ClvSettingsSection.js";
import { CoreActionsSection } from "./CoreActionsSection.js";
import { useBusinessSettings } from "./settings-queries.js";
import "./business.css";

/**
 * Business settings: when a customer is lost, what upselling counts, the core actions of engagement, and
 * the CLV inputs. Each section saves on its own; viewers see the values without the controls.
 */
export function BusinessSettingsPage() {
  const { t } = useI18n();
  useDocumentTitle(t("business.settings.title"));
  const settings = useBusinessSettings();
  const canEdit = useCan("customers:write");
  return (
    <div className="page business-page business-settings" data-testid="business-settings-page">
      <div className="page-header">
        <div>
          <Link to="/business" className="back-link">
            ← {t("business.title")}
          </Link>
          <h1>{t("business.settings.title")}</h1>
        </div>
      </div>
      {!canEdit && (
        <p className="notice" data-testid="business-settings-readonly">
          {t("business.settings.readOnly")}
        </p>
      )}
      {settings.isPending ? (
        <Spinner />
      ) : settings.error ? (
        <ErrorNotice error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <>
          <ChurnSettingsSection settings={settings.data} canEdit={canEdit} />
          <CoreActionsSection actions={settings.data.coreActions} canEdit={canEdit} />
          <ClvSettingsSection settings={settings.data} canEdit={canEdit} />
        </>
      )}
    </div>
  );
}
