import { useState } from "react";
import { asApiError, type ApiError } from "../api/client";
import { useSession } from "../auth/session";
import { ErrorBanner } from "./ErrorBanner";

/** The browser's page, replaced by tests. */
export const browserPage = {
  open(path: string): void {
    window.location.assign(path);
  },
};

/**
 * The tenant the session acts in. A platform administrator's session chooses another (acting there as its
 * admin) or its own again; everyone else sees theirs (docs/design/ui-tenants.md).
 */
export function TenantSwitcher() {
  const { who, switchTenant } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!who) return null;
  const tenants = who.tenants ?? [];
  if (!who.switchTenants || tenants.length < 2) {
    return (
      <span className="who-tenant" title="The tenant this session acts in">
        tenant <strong className="mono">{who.tenant}</strong>
      </span>
    );
  }
  return (
    <span className="tenant-switcher">
      <label>
        <span className="visually-hidden">Tenant this session acts in</span>
        <select
          name="sessionTenant"
          value={who.tenant}
          disabled={busy}
          onChange={async (e) => {
            setBusy(true);
            setError(null);
            try {
              await switchTenant(e.target.value);
              // Every page's data was the other tenant's: the app starts again, as after a sign-in.
              browserPage.open("/");
            } catch (err) {
              setError(asApiError(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          {tenants.map((t) => (
            <option key={t.id} value={t.id} disabled={t.status !== "active"}>
              tenant {t.id}
              {t.status !== "active" ? " (suspended)" : ""}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
    </span>
  );
}
