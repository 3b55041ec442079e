import { useCallback, useEffect, useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { AdminNav, PERMISSIONS, PLATFORM_ONLY, type Role } from "./access";

const ROLE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The tenant's roles: the built-in ones, read only, and its own, which an administrator creates and changes. */
export default function Roles() {
  const { can } = useSession();
  const [roles, setRoles] = useState<Role[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Role | "new" | null>(null);

  const load = useCallback(() => {
    unwrap(api.GET("/api/v1/roles"))
      .then((r) => setRoles(r.roles ?? []))
      .catch((e) => setError(asApiError(e)));
  }, []);
  useEffect(load, [load]);
  const writer = can("roles.write");

  return (
    <section aria-labelledby="roles-title">
      <h1 id="roles-title">Roles</h1>
      <AdminNav />
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {writer && editing === null && (
        <div className="actions">
          <button type="button" className="button primary" onClick={() => setEditing("new")}>
            New role
          </button>
        </div>
      )}
      {editing !== null && (
        <RoleForm
          key={editing === "new" ? "new" : editing.name}
          role={editing === "new" ? undefined : editing}
          onCancel={() => setEditing(null)}
          onSaved={(r) => {
            setNotice(`The role ${r.name} was saved.`);
            setEditing(null);
            load();
          }}
          onError={setError}
        />
      )}
      {roles?.map((r) => (
        <article key={r.name} className="card" aria-labelledby={`role-${r.name}`}>
          <h2 id={`role-${r.name}`} className="card-title">
            {r.name} <span className="muted">{r.builtIn ? "(built in)" : "(this tenant's own)"}</span>
          </h2>
          {r.description && <p>{r.description}</p>}
          <p className="mono role-permissions">{r.permissions.join(", ")}</p>
          {writer && !r.builtIn && editing === null && (
            <div className="row">
              <button type="button" className="button" aria-label={`Edit ${r.name}`} onClick={() => setEditing(r)}>
                Edit
              </button>
              <ConfirmButton
                label="Delete"
                question={`Delete the role ${r.name}? Refused while a key or user holds it.`}
                confirmLabel="Yes, delete"
                danger
                onConfirm={async () => {
                  setError(null);
                  try {
                    await unwrap(api.DELETE("/api/v1/roles/{name}", { params: { path: { name: r.name } } }));
                    setNotice(`The role ${r.name} was deleted.`);
                    load();
                  } catch (e) {
                    setError(asApiError(e));
                  }
                }}
              />
            </div>
          )}
        </article>
      ))}
    </section>
  );
}

function RoleForm({
  role,
  onSaved,
  onCancel,
  onError,
}: {
  role?: Role;
  onSaved: (r: Role) => void;
  onCancel: () => void;
  onError: (e: ApiError) => void;
}) {
  const { can } = useSession();
  const [name, setName] = useState(role?.name ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  const [chosen, setChosen] = useState<Set<string>>(new Set(role?.permissions ?? []));
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ROLE_NAME.test(name.trim())) return setInvalid("Name: lower-case letters, digits, - and _, such as auditor.");
    if (chosen.size === 0) return setInvalid("Permissions: choose at least one.");
    setInvalid(null);
    setBusy(true);
    try {
      const body: { permissions: string[]; description?: string } = { permissions: PERMISSIONS.filter((p) => chosen.has(p)) };
      if (description.trim()) body.description = description.trim();
      onSaved(await unwrap(api.PUT("/api/v1/roles/{name}", { params: { path: { name: name.trim() } }, body })));
    } catch (err) {
      onError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-label={role ? `Edit ${role.name}` : "New role"}>
      <h2 className="card-title">{role ? `Edit ${role.name}` : "New role"}</h2>
      <label className="field">
        <span>Name</span>
        <input name="name" required readOnly={role !== undefined} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Description</span>
        <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <fieldset className="permissions">
        <legend>Permissions</legend>
        <p className="muted">Only those your own role grants can be given; platform permissions never.</p>
        <div className="permission-grid">
          {PERMISSIONS.filter((p) => !PLATFORM_ONLY.has(p)).map((p) => (
            <label key={p} className="field check">
              <span>
                <input
                  type="checkbox"
                  name={p}
                  checked={chosen.has(p)}
                  disabled={!can(p) && !chosen.has(p)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(p);
                    else next.delete(p);
                    setChosen(next);
                  }}
                />
                <span className="mono">{p}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {invalid && (
        <p className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
