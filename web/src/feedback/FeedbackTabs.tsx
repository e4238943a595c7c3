import { NavLink } from "react-router-dom";
import { useI18n } from "../i18n/I18nProvider.js";

const TABS = [
  { to: "/feedback", end: true, key: "feedback.tab.inbox", id: "inbox" },
  { to: "/feedback/categories", end: false, key: "feedback.tab.stats", id: "stats" },
  { to: "/cases", end: false, key: "feedback.tab.cases", id: "cases" },
  { to: "/feedback/taxonomy", end: false, key: "feedback.tab.taxonomy", id: "taxonomy" },
  { to: "/feedback/routing", end: false, key: "feedback.tab.routing", id: "routing" },
  { to: "/feedback/alerts", end: false, key: "feedback.tab.alerts", id: "alerts" },
] as const;

/** The sub-navigation shared by the feedback and case pages. */
export function FeedbackTabs() {
  const { t } = useI18n();
  return (
    <nav className="fb-tabs" aria-label={t("feedback.tabs")}>
      {TABS.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end} data-testid={`fb-tab-${tab.id}`}>
          {t(tab.key)}
        </NavLink>
      ))}
    </nav>
  );
}
