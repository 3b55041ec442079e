import { useEffect, useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError } from "../api/client";
import { useSession } from "../auth/session";
import { ErrorBanner } from "../components/ErrorBanner";

type Mode = "password" | "apiKey";

/**
 * Sign in with a login and password (tenant optional) or an API key. Secrets live in the form's state
 * only while it is filled in: both the password and the key are cleared after every attempt.
 */
export function SignIn() {
  const { signIn } = useSession();
  const [mode, setMode] = useState<Mode>("password");
  // A person with users in several tenants keeps one address per tenant: /?tenant=beta fills the field in.
  const [tenant, setTenant] = useState(() => new URLSearchParams(window.location.search).get("tenant") ?? "");
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [ssoPath, setSsoPath] = useState<string | null>(null);

  // Single sign-on is offered when the server has it configured; the server says so before anyone signs in.
  useEffect(() => {
    let live = true;
    unwrap(api.GET("/api/v1/auth/methods"))
      .then((m) => live && setSsoPath(m.oidc ? (m.oidcLoginPath ?? "/auth/oidc/login") : null))
      .catch(() => live && setSsoPath(null));
    return () => {
      live = false;
    };
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "apiKey") {
        await signIn({ apiKey: apiKey.trim() });
      } else {
        await signIn(tenant.trim() ? { tenant: tenant.trim(), login, password } : { login, password });
      }
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setPassword("");
      setApiKey("");
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <form className="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Weft</h1>
        <fieldset className="segmented">
          <legend className="visually-hidden">Sign in with</legend>
          <label>
            <input type="radio" name="mode" checked={mode === "password"} onChange={() => setMode("password")} />
            Login and password
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === "apiKey"} onChange={() => setMode("apiKey")} />
            API key
          </label>
        </fieldset>
        <ErrorBanner error={error} />
        {mode === "password" ? (
          <>
            <label className="field">
              <span>
                Tenant <span className="muted">(optional; default)</span>
              </span>
              <input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} autoComplete="organization" />
            </label>
            <label className="field">
              <span>Login</span>
              <input
                name="login"
                required
                value={login}
                onChange={(e) => setLogin(e.target.value)}
                autoComplete="username"
              />
            </label>
            <label className="field">
              <span>Password</span>
              <input
                name="password"
                type="password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="current-password"
              />
            </label>
          </>
        ) : (
          <label className="field">
            <span>API key</span>
            <input
              name="apiKey"
              type="password"
              required
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="weft_…"
            />
          </label>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        {ssoPath && (
          <p className="sso">
            <a className="button" href={ssoHref(ssoPath)}>
              Sign in with single sign-on
            </a>
          </p>
        )}
      </form>
    </main>
  );
}

/** The single sign-on start, landing back on the page that was asked for (a path of this server only). */
export function ssoHref(path: string): string {
  const here = window.location.pathname + window.location.search;
  return here === "/" ? path : `${path}?redirect=${encodeURIComponent(here)}`;
}
