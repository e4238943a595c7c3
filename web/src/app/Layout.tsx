import { useCallback, useEffect, useRef, useState } from "react";
import { Link, Outlet, useLocation } from "react-router-dom";
import { useI18n } from "../i18n/I18nProvider.js";
import { Logo } from "./Logo.js";
import { Sidebar } from "./Sidebar.js";
import "./layout.css";

const SIDEBAR_ID = "app-sidebar";

/**
 * The signed-in frame: the sidebar beside the page. Below 900 px the sidebar hides behind a menu button
 * in a slim top bar and opens as a drawer (closed by Escape, the backdrop, or following a link).
 */
export function Layout() {
  const { t } = useI18n();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) menuButton.current?.focus();
  }, []);

  // Following a link closes the drawer; the new page is what the user wanted to see.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => setOpen(false), [location.pathname]);

  // Widening the window past the phone layout puts the sidebar back in place; no drawer stays open.
  useEffect(() => {
    const wide = window.matchMedia("(min-width: 900px)");
    const onChange = () => wide.matches && setOpen(false);
    wide.addEventListener("change", onChange);
    return () => wide.removeEventListener("change", onChange);
  }, []);

  useEffect(() => {
    if (!open) return;
    // Focus moves into the drawer so the keyboard continues there.
    document.querySelector<HTMLElement>(`#${SIDEBAR_ID} .nav a`)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close(true);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, close]);

  return (
    <div className={open ? "app app-shell menu-open" : "app app-shell"}>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="mobile-bar">
        <button
          ref={menuButton}
          type="button"
          className="btn btn-ghost btn-small menu-button"
          aria-expanded={open}
          aria-controls={SIDEBAR_ID}
          aria-label={t("nav.openMenu")}
          title={t("nav.openMenu")}
          onClick={() => setOpen(true)}
          data-testid="menu-button"
        >
          <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 7h16M4 12h16M4 17h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
        <Link to="/surveys" className="brand">
          <Logo size={24} />
          <span>Otklik</span>
        </Link>
      </header>
      <Sidebar id={SIDEBAR_ID} open={open} onClose={() => close(true)} />
      {open && <div className="sidebar-backdrop" onClick={() => close(true)} aria-hidden="true" />}
      {/* While the drawer is open the page behind it is out of reach of Tab and screen readers. */}
      <main className="main" id="main" tabIndex={-1} inert={open}>
        <Outlet />
      </main>
    </div>
  );
}
