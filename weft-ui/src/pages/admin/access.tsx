import { useEffect, useState } from "react";
import { NavLink, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { useSession, type Permission } from "../../auth/session";

export type Role = components["schemas"]["Role"];
export type Tenant = components["schemas"]["Tenant"];

/**
 * Every permission of the OpenAPI document's Permission enum, in the order roles are read. The checks below
 * fail tsc when the document adds a permission this list lacks, or this list names one it does not have.
 */
export const PERMISSIONS = [
  "flows.read",
  "flows.write",
  "executions.read",
  "executions.start",
  "executions.cancel",
  "executions.retry",
  "executions.replay",
  "executions.signal",
  "events.read",
  "events.publish",
  "webhooks.read",
  "webhooks.send",
  "webhooks.write",
  "sync.read",
  "sync.run",
  "sync.write",
  "systems.read",
  "systems.write",
  "systems.test",
  "systems.call",
  "credentials.read",
  "credentials.write",
  "blobs.read",
  "blobs.write",
  "keys.read",
  "keys.write",
  "roles.read",
  "roles.write",
  "users.read",
  "users.write",
  "audit.read",
  "operations.read",
  "api.read",
  "tenants.read",
  "tenants.write",
] as const satisfies readonly Permission[];
type Missing = Exclude<Permission, (typeof PERMISSIONS)[number]>;
/** True, or a type error naming the permissions PERMISSIONS lacks. */
export const PERMISSIONS_COMPLETE: [Missing] extends [never] ? true : Missing = true;

/** A tenant's own role can never hold these (platform permissions). */
export const PLATFORM_ONLY = new Set<string>(["tenants.read", "tenants.write"]);

/** "finance, hr" → ["finance", "hr"]. */
export function namespaceList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** "finance: editor, hr: viewer" → {finance: "editor", hr: "viewer"}, or the part that is not "namespace: role". */
export function namespaceRoles(text: string): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const value: Record<string, string> = {};
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const [ns, role, ...rest] = part.split(":").map((s) => s.trim());
    if (!ns || !role || rest.length > 0) {
      return { ok: false, message: `Roles in namespaces: "${part.trim()}" is not "namespace: role", such as finance: editor.` };
    }
    value[ns] = role;
  }
  return { ok: true, value };
}

export function namespaceRolesText(roles: Record<string, string> | undefined): string {
  return Object.entries(roles ?? {})
    .map(([ns, r]) => `${ns}: ${r}`)
    .join(", ");
}

/**
 * The managed tenant's roles, for choosing one; empty when the caller may not read them, or when the tenant managed
 * is not the caller's own: the API lists only the caller's own tenant's roles, so a name is typed instead.
 */
export function useRoles(): string[] {
  const { can } = useSession();
  const { own } = useManagedTenant();
  const [names, setNames] = useState<string[]>([]);
  const may = can("roles.read") && own;
  useEffect(() => {
    setNames([]);
    if (!may) return;
    let current = true;
    unwrap(api.GET("/api/v1/roles"))
      .then((r) => current && setNames((r.roles ?? []).map((x) => x.name)))
      .catch(() => current && setNames([]));
    return () => {
      current = false;
    };
  }, [may]);
  return names;
}

/** Said next to a role's field when the tenant managed is another's: its roles cannot be listed here. */
export function OtherTenantRoles() {
  const { tenant, own } = useManagedTenant();
  if (own) return null;
  return (
    <p className="muted">
      The API lists only your own tenant's roles: type the name of a role of tenant <strong className="mono">{tenant}</strong>{" "}
      (a built-in one such as viewer, operator, editor, admin, or one of its own).
    </p>
  );
}

/**
 * The tenant whose users and keys these pages manage: the caller's own, or, for a platform administrator, the
 * one chosen in the address (?tenant=), so that the choice is a link and is kept nowhere else. Anyone else's
 * ?tenant= is ignored: they manage their own tenant only.
 */
export function useManagedTenant(): { tenant: string; own: boolean; choose: (t: string) => void } {
  const { who, can } = useSession();
  const [params, setParams] = useSearchParams();
  const own = who?.tenant ?? "default";
  const tenant = (can("tenants.read") && params.get("tenant")) || own;
  return {
    tenant,
    own: tenant === own,
    choose: (t) => setParams(t === own ? {} : { tenant: t }),
  };
}

/** A platform administrator's choice of the tenant to manage; for everyone else, the tenant named. */
export function TenantPicker() {
  const { can, who } = useSession();
  const { tenant, choose } = useManagedTenant();
  const [tenants, setTenants] = useState<Tenant[] | null>(null);
  const platform = can("tenants.read");
  useEffect(() => {
    if (!platform) return;
    unwrap(api.GET("/api/v1/tenants"))
      .then((r) => setTenants(r.tenants ?? []))
      .catch(() => setTenants(null));
  }, [platform]);
  if (!platform || !tenants) {
    return (
      <p className="muted">
        Tenant <strong className="mono">{who?.tenant}</strong>
      </p>
    );
  }
  return (
    <label className="field tenant-picker">
      <span>Tenant managed here</span>
      <select name="tenant" value={tenant} onChange={(e) => choose(e.target.value)}>
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.id === t.name ? t.id : `${t.name} (${t.id})`}
            {t.status === "suspended" ? " — suspended" : ""}
            {t.id === who?.tenant ? " — yours" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The admin pages' own navigation, showing only what the caller may read. */
export function AdminNav() {
  const { can } = useSession();
  const { tenant, own } = useManagedTenant();
  const keep = own ? "" : `?tenant=${encodeURIComponent(tenant)}`;
  return (
    <nav className="subnav" aria-label="Users, roles and keys">
      <ul>
        {can("users.read") && (
          <li>
            <NavLink to={`/admin/users${keep}`}>Users</NavLink>
          </li>
        )}
        {can("roles.read") && (
          <li>
            <NavLink to="/admin/roles">{own ? "Roles" : "Roles (of your own tenant)"}</NavLink>
          </li>
        )}
        {can("keys.read") && (
          <li>
            <NavLink to={`/admin/keys${keep}`}>API keys</NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}
