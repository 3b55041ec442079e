import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import type { components } from "../../api/schema";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { SecretOnce } from "../../components/SecretOnce";
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

type ApiKey = components["schemas"]["ApiKey"];

/** A tenant's API keys (never the keys themselves): create one, shown once; revoke one. */
export default function ApiKeys() {
  const { can, who } = useSession();
  const { tenant } = useManagedTenant();
  const roles = useRoles();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  // Only the latest request's answer is shown: an older one (another tenant's, when the tenant changed while it
  // was on its way) would put that tenant's keys, and their ids, under this tenant's path.
  const latest = useRef(0);
  const load = useCallback(() => {
    const mine = ++latest.current;
    setKeys(null);
    unwrap(api.GET("/api/v1/tenants/{tenant}/api-keys", { params: { path: { tenant } } }))
      .then((r) => mine === latest.current && setKeys(r.apiKeys ?? []))
      .catch((e) => mine === latest.current && setError(asApiError(e)));
  }, [tenant]);
  useEffect(load, [load]);
  useEffect(() => setCreating(false), [tenant]);
  const writer = can("keys.write");

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <AdminNav />
      <TenantPicker />
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {created && (
        <SecretOnce label={`The key ${created.name}`} secret={created.key} onDone={() => setCreated(null)}>
          <p>
            Send it as <code>Authorization: Bearer &lt;key&gt;</code>, or sign in with it here.
          </p>
        </SecretOnce>
      )}
      {writer && !creating && (
        <div className="actions">
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New key
          </button>
        </div>
      )}
      {creating && (
        <KeyForm
          roles={roles}
          onCancel={() => setCreating(false)}
          onCreate={async (body) => {
            setError(null);
            try {
              const made = await unwrap(api.POST("/api/v1/tenants/{tenant}/api-keys", { params: { path: { tenant } }, body }));
              setCreated({ name: made.name, key: made.key });
              setNotice(`The key ${made.name} was created in tenant ${tenant}.`);
              setCreating(false);
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
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Namespaces</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              {writer && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {keys?.map((k) => (
              <tr key={k.id}>
                <td data-label="Name">
                  <div>
                    {k.name}
                    <div className="muted mono">{k.id}</div>
                    {who?.actor === `api-key:${k.id}` && <div className="muted">(this session's key)</div>}
                  </div>
                </td>
                <td data-label="Role">
                  <div>
                    {k.role}
                    {Object.keys(k.namespaceRoles).length > 0 && <div className="muted">{namespaceRolesText(k.namespaceRoles)}</div>}
                  </div>
                </td>
                <td data-label="Reaches">{k.namespaces.length === 0 ? "all" : k.namespaces.join(", ")}</td>
                <td data-label="Created">
                  <div>
                    <Time value={k.createdAt} />
                    {k.createdBy && <div className="muted mono">{k.createdBy}</div>}
                  </div>
                </td>
                <td data-label="Expires">{k.expiresAt ? <Time value={k.expiresAt} /> : "never"}</td>
                <td data-label="Last used">
                  <Time value={k.lastUsedAt} />
                </td>
                {writer && (
                  <td data-label="Actions">
                    <ConfirmButton
                      label="Revoke"
                      question={`Revoke ${k.name}? Every request with it is refused within 2 s.`}
                      confirmLabel="Yes, revoke"
                      danger
                      onConfirm={async () => {
                        setError(null);
                        try {
                          await unwrap(
                            api.DELETE("/api/v1/tenants/{tenant}/api-keys/{id}", { params: { path: { tenant, id: k.id } } }),
                          );
                          setNotice(`The key ${k.name} was revoked.`);
                          load();
                        } catch (e) {
                          setError(asApiError(e));
                        }
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {keys && keys.length === 0 && <p className="muted empty">No keys in this tenant.</p>}
      </div>
    </section>
  );
}

type KeyBody = { name: string; role: string; expiresAt?: string; namespaces?: string[]; namespaceRoles?: Record<string, string> };

function KeyForm({
  roles,
  onCreate,
  onCancel,
}: {
  roles: string[];
  onCreate: (body: KeyBody) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [expires, setExpires] = useState("");
  const [namespaces, setNamespaces] = useState("");
  const [inNamespaces, setInNamespaces] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const nsRoles = namespaceRoles(inNamespaces);
    if (!nsRoles.ok) return setInvalid(nsRoles.message);
    const body: KeyBody = { name: name.trim(), role };
    if (expires) {
      const at = new Date(expires);
      if (Number.isNaN(at.getTime())) return setInvalid("Expires: not a date and time.");
      body.expiresAt = at.toISOString();
    }
    const ns = namespaceList(namespaces);
    if (ns.length > 0) body.namespaces = ns;
    if (Object.keys(nsRoles.value).length > 0) body.namespaceRoles = nsRoles.value;
    setInvalid(null);
    setBusy(true);
    try {
      await onCreate(body);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-label="New key">
      <h2 className="card-title">New key</h2>
      <label className="field">
        <span>
          Name <span className="muted">(who or what uses it, such as ci deploy)</span>
        </span>
        <input name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <RoleInput value={role} roles={roles} onChange={setRole} />
      <OtherTenantRoles />
      <label className="field">
        <span>
          Expires <span className="muted">(optional, your local time)</span>
        </span>
        <input name="expiresAt" type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} />
      </label>
      <label className="field">
        <span>
          Namespaces <span className="muted">(comma separated; empty for all)</span>
        </span>
        <input name="namespaces" value={namespaces} onChange={(e) => setNamespaces(e.target.value)} />
      </label>
      <label className="field">
        <span>
          Roles in namespaces <span className="muted">(such as finance: editor)</span>
        </span>
        <input name="namespaceRoles" value={inNamespaces} onChange={(e) => setInNamespaces(e.target.value)} />
      </label>
      {invalid && (
        <p className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy}>
          Create the key
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
