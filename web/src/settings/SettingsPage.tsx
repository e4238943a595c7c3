import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState, useDocumentTitle } from "../ui/components.js";
import { ApiKeysSection } from "./ApiKeysSection.js";
import { UsersSection } from "./UsersSection.js";
import { WorkspaceSection } from "./WorkspaceSection.js";

export function SettingsPage() {
  const { t } = useI18n();
  const isAdmin = useCan("admin");
  useDocumentTitle(t("settings.title"));
  if (!isAdmin) return <EmptyState title={t("settings.title")}>{t("settings.adminOnly")}</EmptyState>;
  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <h1>{t("settings.title")}</h1>
          <p className="muted">{t("settings.subtitle")}</p>
        </div>
      </div>
      <WorkspaceSection />
      <UsersSection />
      <ApiKeysSection />
    </div>
  );
}
