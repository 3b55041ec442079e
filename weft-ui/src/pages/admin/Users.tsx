import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Time } from "../../components/Time";
import {
  AdminNav,
  namespaceList,
  namespaceRoles,
  namespaceRolesText,
  OtherTenantRoles,
  TenantPicker,
  useManagedTenant,
  useRoles,
} from "./access";
import { RoleInput } from "./RoleInput";

type User = components["schemas"]["User"];

/** A tenant's users: add one with a password, change a user's role, namespaces or password, remove one. */
export default function Users() {
  const { can } = useSession();
  const { tenant } = useManagedTenant();
  const roles = useRoles();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const path = { params: { path: { tenant } } };

  // Only the latest request's answer is shown: an older one (another tenant's, when the tenant changed while it
  // was on its way) would put that tenant's users under this tenant's path.
  const latest = useRef(0);
  const load = useCallback(() => {
    const mine = ++latest.current;
    setUsers(null);
    unwrap(api.GET("/api/v1/tenants/{tenant}/users", { params: { path: { tenant } } }))
      .then((r) => mine === latest.current && setUsers(r.users ?? []))
      .catch((e) => mine === latest.current && setError(asApiError(e)));
  }, [tenant]);
  useEffect(load, [load]);
  useEffect(() => {
    setCreating(false);
    setEditing(null);
  }, [tenant]);
  const writer = can("users.write");
  const formOpen = creating || editing !== null;

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <AdminNav />
      <TenantPicker />
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {writer && !creating && !editing && (
        <div className="actions">
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New user
          </button>
        </div>
      )}
      {(creating || editing) && (
        <UserForm
          key={editing?.id ?? "new"}
          user={editing ?? undefined}
          roles={roles}
          onCancel={() => {
            setCreating(false);
            setEditing(null);
          }}
          onSave={async (body) => {
            setError(null);
            try {
              if (editing) {
                await unwrap(
                  api.PATCH("/api/v1/tenants/{tenant}/users/{id}", { params: { path: { tenant, id: editing.id } }, body }),
                );
                setNotice(`The user ${editing.login} was changed.`);
              } else {
                const made = await unwrap(
                  api.POST("/api/v1/tenants/{tenant}/users", {
                    ...path,
                    body: body as { login: string; password: string; role: string },
                  }),
                );
                setNotice(`The user ${made.login} was added to tenant ${tenant}.`);
              }
              setCreating(false);
              setEditing(null);
              load();
            } catch (e) {
              setError(asApiError(e));
            }
          }}
        />
      )}
      <div className="table-wrap" tabIndex={0}>
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">Login</th>
              <th scope="col">Role</th>
              <th scope="col">Namespaces</th>
              <th scope="col">Signs in with</th>
              <th scope="col">Last sign-in</th>
              {writer && !formOpen && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {users?.map((u) => (
              <tr key={u.id}>
                <td data-label="Login">
                  <div>
                    {u.login}
                    {u.lockedUntil && new Date(u.lockedUntil) > new Date() && (
                      <div className="muted">
                        locked until <Time value={u.lockedUntil} />
                      </div>
                    )}
                  </div>
                </td>
                <td data-label="Role">
                  <div>
                    {u.role}
                    {Object.keys(u.namespaceRoles).length > 0 && <div className="muted">{namespaceRolesText(u.namespaceRoles)}</div>}
                  </div>
                </td>
                <td data-label="Reaches">{u.namespaces.length === 0 ? "all" : u.namespaces.join(", ")}</td>
                <td data-label="Signs in">{u.signIn === "sso" ? "single sign-on" : "password"}</td>
                <td data-label="Last">
                  <Time value={u.lastLoginAt} />
                </td>
                {writer && !formOpen && (
                  <td data-label="Actions">
                    <div className="row">
                      <button
                        type="button"
                        className="button"
                        aria-label={`Change ${u.login}`}
                        onClick={() => {
                          setCreating(false);
                          setEditing(u);
                        }}
                      >
                        Change
                      </button>
                      <ConfirmButton
                        label="Remove"
                        question={`Remove ${u.login}? Their sessions end now.`}
                        confirmLabel="Yes, remove"
                        danger
                        onConfirm={async () => {
                          setError(null);
                          try {
                            await unwrap(api.DELETE("/api/v1/tenants/{tenant}/users/{id}", { params: { path: { tenant, id: u.id } } }));
                            setNotice(`The user ${u.login} was removed.`);
                            load();
                          } catch (e) {
                            setError(asApiError(e));
                          }
                        }}
                      />
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {users && users.length === 0 && <p className="muted empty">No users in this tenant.</p>}
      </div>
    </section>
  );
}

type UserBody = {
  login?: string;
  password?: string;
  role?: string;
  namespaces?: string[];
  namespaceRoles?: Record<string, string>;
};

function UserForm({
  user,
  roles,
  onSave,
  onCancel,
}: {
  user?: User;
  roles: string[];
  onSave: (body: UserBody) => Promise<void>;
  onCancel: () => void;
}) {
  const [login, setLogin] = useState(user?.login ?? "");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState(user?.role ?? "");
  const [namespaces, setNamespaces] = useState(user?.namespaces.join(", ") ?? "");
  const [inNamespaces, setInNamespaces] = useState(namespaceRolesText(user?.namespaceRoles));
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const nsRoles = namespaceRoles(inNamespaces);
    if (!nsRoles.ok) return setInvalid(nsRoles.message);
    if ((!user || password !== "") && password.length < 12)
      return setInvalid("Password: at least 12 characters." + (user ? " Leave it empty to keep the current one." : ""));
    setInvalid(null);
    const body: UserBody = { role, namespaces: namespaceList(namespaces), namespaceRoles: nsRoles.value };
    if (!user) body.login = login.trim();
    if (password !== "") body.password = password;
    setBusy(true);
    try {
      await onSave(body);
    } finally {
      setPassword("");
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-label={user ? `Change ${user.login}` : "New user"}>
      <h2 className="card-title">{user ? `Change ${user.login}` : "New user"}</h2>
      {!user && (
        <label className="field">
          <span>Login</span>
          <input name="login" required autoComplete="off" value={login} onChange={(e) => setLogin(e.target.value)} />
        </label>
      )}
      {user?.signIn !== "sso" && (
        <label className="field">
          <span>
            {user ? "New password" : "Password"}{" "}
            <span className="muted">(at least 12 characters{user ? "; empty keeps it; a new one also unlocks and ends their sessions" : ""})</span>
          </span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required={!user}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
      )}
      <RoleInput value={role} roles={roles} onChange={setRole} />
      <OtherTenantRoles />
      <label className="field">
        <span>
          Namespaces <span className="muted">(comma separated; empty for all)</span>
        </span>
        <input name="namespaces" value={namespaces} onChange={(e) => setNamespaces(e.target.value)} />
      </label>
      <label className="field">
        <span>
          Roles in namespaces <span className="muted">(such as finance: editor, hr: viewer)</span>
        </span>
        <input
          name="namespaceRoles"
          value={inNamespaces}
          aria-invalid={invalid?.startsWith("Roles") ?? false}
          onChange={(e) => setInNamespaces(e.target.value)}
        />
      </label>
      {invalid && (
        <p className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy}>
          {user ? "Save" : "Add the user"}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
