import { Link, useLocation } from "react-router-dom";
import { useCan, useSession, useSignOut } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { WorkspaceSwitcher } from "../settings/WorkspaceSwitcher.js";
import { LanguageSwitch } from "./LanguageSwitch.js";
import { Logo } from "./Logo.js";
import { SECTION_GROUPS } from "./sections.js";

/**
 * The sections grouped by task, with the workspace, language and account at the foot. On a phone it is
 * a drawer: `open` slides it in, `onClose` is called by its close button.
 */
export function Sidebar({ id, open, onClose }: { id: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const me = useSession();
  const isAdmin = useCan("admin");
  const signOut = useSignOut();
  const { pathname } = useLocation();
  return (
    <aside id={id} className={open ? "sidebar open" : "sidebar"} data-testid="sidebar">
      <div className="sidebar-head">
        <Link to="/surveys" className="brand">
          <Logo />
          <span>Otklik</span>
        </Link>
        <button
          type="button"
          className="btn btn-ghost btn-small sidebar-close"
          onClick={onClose}
          aria-label={t("nav.closeMenu")}
          title={t("nav.closeMenu")}
        >
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <div className="sidebar-workspace">
        <WorkspaceSwitcher />
      </div>
      <nav className="nav" aria-label={t("nav.main")}>
        {SECTION_GROUPS.map((group) => {
          const sections = group.sections.filter((s) => !s.adminOnly || isAdmin);
          if (!sections.length) return null;
          const headingId = `nav-group-${group.label}`;
          return (
            <div className="nav-group" key={group.label}>
              <h2 className="nav-group-title" id={headingId}>
                {t(group.label)}
              </h2>
              <ul aria-labelledby={headingId}>
                {sections.map((s) => {
                  const active = s.isActive(pathname);
                  return (
                    <li key={s.to}>
                      <Link
                        to={s.to}
                        data-testid={s.testId}
                        className={active ? "active" : undefined}
                        aria-current={active ? "page" : undefined}
                      >
                        {t(s.label)}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </nav>
      <section className="sidebar-foot" aria-label={t("nav.account")}>
        <LanguageSwitch />
        <div className="sidebar-user">
          <span className="user-email" title={me.user?.email}>
            {me.user?.email}
          </span>
          <button type="button" className="btn btn-ghost btn-small" onClick={signOut} data-testid="sign-out">
            {t("nav.signOut")}
          </button>
        </div>
      </section>
    </aside>
  );
}
