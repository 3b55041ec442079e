import { useEffect, useRef, useState } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { asApiError, type ApiError } from "../api/client";
import { useSession } from "../auth/session";
import { ErrorBanner } from "./ErrorBanner";
import { TenantSwitcher } from "./TenantSwitcher";
import { applyTheme, storedTheme, systemTheme, type Theme } from "./theme";

export function Layout() {
  const { who, signOut, can } = useSession();
  const [theme, setTheme] = useState<Theme | null>(storedTheme);
  const shown = theme ?? systemTheme();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signOutError, setSignOutError] = useState<ApiError | null>(null);
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // A new page moves the focus to its content, as a page load would, so that a keyboard or
  // screen-reader user starts there; filter changes (the query string) leave it where it is.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Weft</span>
        <button
          type="button"
          className="button menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <div className="topbar-end">
          <button
            type="button"
            className="button"
            aria-label={`Switch to the ${shown === "dark" ? "light" : "dark"} theme`}
            onClick={() => {
              const next: Theme = shown === "dark" ? "light" : "dark";
              setTheme(next);
              applyTheme(next);
            }}
          >
            {shown === "dark" ? "Light" : "Dark"} theme
          </button>
          {who && (
            <>
              <span className="who" title={`${who.actor ?? ""} (${who.role ?? ""})`}>
                {who.login ?? who.actor}
              </span>
              <TenantSwitcher />
              <button
                type="button"
                className="button"
                onClick={() => {
                  setSignOutError(null);
                  signOut().catch((e) => setSignOutError(asApiError(e)));
                }}
              >
                Sign out
              </button>
            </>
          )}
        </div>
      </header>
      <ErrorBanner error={signOutError} onDismiss={() => setSignOutError(null)} />
      <nav id="nav" className={menuOpen ? "nav open" : "nav"} aria-label="Main">
        <ul>
          <li>
            <NavLink to="/dashboard" onClick={() => setMenuOpen(false)}>
              Dashboard
            </NavLink>
          </li>
          <li>
            <NavLink to="/executions" onClick={() => setMenuOpen(false)}>
              Executions
            </NavLink>
          </li>
          <li>
            <NavLink to="/flows" onClick={() => setMenuOpen(false)}>
              Flows
            </NavLink>
          </li>
          {can("systems.read") && (
            <li>
              <NavLink to="/systems" onClick={() => setMenuOpen(false)}>
                Systems
              </NavLink>
            </li>
          )}
          {can("credentials.read") && (
            <li>
              <NavLink to="/credentials" onClick={() => setMenuOpen(false)}>
                Credentials
              </NavLink>
            </li>
          )}
          {can("webhooks.read") && (
            <li>
              <NavLink to="/webhooks" onClick={() => setMenuOpen(false)}>
                Webhooks
              </NavLink>
            </li>
          )}
          {can("sync.read") && (
            <li>
              <NavLink to="/sync" onClick={() => setMenuOpen(false)}>
                Sync jobs
              </NavLink>
            </li>
          )}
          {can("audit.read") && (
            <li>
              <NavLink to="/audit" onClick={() => setMenuOpen(false)}>
                Audit log
              </NavLink>
            </li>
          )}
          {(can("users.read") || can("roles.read") || can("keys.read")) && (
            <li>
              <NavLink to="/admin" onClick={() => setMenuOpen(false)}>
                Users and keys
              </NavLink>
            </li>
          )}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
