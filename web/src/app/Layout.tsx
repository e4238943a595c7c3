import { NavLink, Outlet } from "react-router-dom";
import { useCan, useSession, useSignOut } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { WorkspaceSwitcher } from "../settings/WorkspaceSwitcher.js";
import { LanguageSwitch } from "./LanguageSwitch.js";
import { Logo } from "./Logo.js";

export function Layout() {
  const { t } = useI18n();
  const me = useSession();
  const isAdmin = useCan("admin");
  const signOut = useSignOut();
  return (
    <div className="app">
      <header className="topbar">
        <div className="topbar-inner">
          <NavLink to="/surveys" className="brand">
            <Logo />
            <span>Otklik</span>
          </NavLink>
          <nav className="nav" aria-label={t("nav.main")}>
            <NavLink to="/surveys" data-testid="nav-surveys">
              {t("nav.surveys")}
            </NavLink>
            <NavLink to="/portfolio" data-testid="nav-portfolio">
              {t("nav.portfolio")}
            </NavLink>
            <NavLink to="/segments" data-testid="nav-segments">
              {t("nav.segments")}
            </NavLink>
            <NavLink to="/business" data-testid="nav-business">
              {t("nav.business")}
            </NavLink>
            <NavLink to="/feedback" data-testid="nav-feedback">
              {t("nav.feedback")}
            </NavLink>
            <NavLink to="/cases" data-testid="nav-cases">
              {t("nav.cases")}
            </NavLink>
            <NavLink to="/support" data-testid="nav-support">
              {t("nav.support")}
            </NavLink>
            <NavLink to="/distribution" data-testid="nav-distribution">
              {t("nav.distribution")}
            </NavLink>
            {isAdmin && (
              <NavLink to="/settings" data-testid="nav-settings">
                {t("nav.settings")}
              </NavLink>
            )}
          </nav>
          <div className="topbar-end">
            <WorkspaceSwitcher />
            <LanguageSwitch />
            <span className="user-email muted" title={me.user?.email}>
              {me.user?.email}
            </span>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={signOut}
              data-testid="sign-out"
            >
              {t("nav.signOut")}
            </button>
          </div>
        </div>
      </header>
      <main className="main">
        <Outlet />
      </main>
    </div>
  );
}
