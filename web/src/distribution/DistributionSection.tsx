import { Navigate, NavLink, Route, Routes } from "react-router-dom";
import { useI18n } from "../i18n/I18nProvider.js";
import { useDocumentTitle } from "../ui/components.js";
import { ChannelsPage } from "./ChannelsPage.js";
import { InvitationsPage } from "./InvitationsPage.js";
import { OutboxPage } from "./OutboxPage.js";
import { RatesPage } from "./RatesPage.js";
import { TriggerEditor } from "./TriggerEditor.js";
import { TriggersPage } from "./TriggersPage.js";
import { WidgetPage } from "./WidgetPage.js";
import "./distribution.css";

const TABS = ["rates", "triggers", "invitations", "outbox", "channels", "widget"] as const;

/** Reaching customers: response rates, trigger rules, invitations, the outbox, channels and the widget. */
export function DistributionSection() {
  const { t } = useI18n();
  useDocumentTitle(t("dist.title"));
  return (
    <div className="page dist-page" data-testid="distribution-page">
      <div className="page-header">
        <div>
          <h1>{t("dist.title")}</h1>
          <p className="muted">{t("dist.subtitle")}</p>
        </div>
      </div>
      <nav className="dist-tabs" aria-label={t("dist.title")}>
        {TABS.map((tab) => (
          <NavLink key={tab} to={`/distribution/${tab}`} data-testid={`dist-tab-${tab}`}>
            {t(`dist.tab.${tab}`)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="rates" replace />} />
        <Route path="rates" element={<RatesPage />} />
        <Route path="triggers" element={<TriggersPage />} />
        <Route path="triggers/new" element={<TriggerEditor key="new" />} />
        <Route path="triggers/:id" element={<TriggerEditor />} />
        <Route path="invitations" element={<InvitationsPage />} />
        <Route path="outbox" element={<OutboxPage />} />
        <Route path="channels" element={<ChannelsPage />} />
        <Route path="widget" element={<WidgetPage />} />
        <Route path="*" element={<Navigate to="rates" replace />} />
      </Routes>
    </div>
  );
}
