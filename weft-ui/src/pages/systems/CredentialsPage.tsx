import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, ApiError, asApiError, unwrap } from "../../api/client";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { SchemaForm, type FormResult } from "../../components/SchemaForm";
import { Time } from "../../components/Time";
import { AUTHORIZE_FORM, CREDENTIAL_FORMS, CREDENTIAL_TYPES, describeType } from "./credentialTypes";
import { CREDENTIAL_NAME, type Credential, type CredentialType } from "./model";

type Write = { mode: "new" } | { mode: "replace"; credential: Credential };

/**
 * The vault's credentials by name and type, never a value: the API shows none, and what is typed into the
 * write-only form (a password input for each secret) leaves the page's memory once it is saved.
 */
export default function CredentialsPage() {
  const { can } = useSession();
  const [credentials, setCredentials] = useState<Credential[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [write, setWrite] = useState<Write | null>(null);
  // Connecting by consent: a new credential (true), or again one of type oauth2RefreshToken.
  const [connecting, setConnecting] = useState<true | Credential | false>(false);

  const load = useCallback(
    () =>
      unwrap(api.GET("/api/v1/credentials"))
        .then((r) => setCredentials((r.credentials ?? []).slice().sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""))))
        .catch((e) => setError(asApiError(e))),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function remove(name: string) {
    try {
      await unwrap(api.DELETE("/api/v1/credentials/{name}", { params: { path: { name } } }));
      setNotice(`Deleted credential ${name}.`);
      if (write?.mode === "replace" && write.credential.name === name) setWrite(null);
      await load();
    } catch (e) {
      setError(asApiError(e));
    }
  }

  const writable = can("credentials.write");
  return (
    <section aria-labelledby="credentials-title">
      <p>
        <Link to="/systems">← Systems</Link>
      </p>
      <h1 id="credentials-title">Credentials</h1>
      <p className="muted">
        Secrets are encrypted in the vault and never shown again, here or by the API; a system names its credential.
      </p>
      {writable && (
        <p className="actions">
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setWrite({ mode: "new" });
              setConnecting(false);
            }}
          >
            New credential
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setConnecting(true);
              setWrite(null);
            }}
          >
            Connect OAuth 2.0 by consent
          </button>
        </p>
      )}
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {write && (
        <CredentialForm
          key={write.mode === "new" ? "new" : write.credential.name}
          write={write}
          existing={(credentials ?? []).map((c) => c.name ?? "")}
          onCancel={() => setWrite(null)}
          onSaved={(c, created) => {
            setWrite(null);
            setNotice(created ? `Created credential ${c.name} (${c.type}).` : `Replaced credential ${c.name}: it is at version ${c.version} now.`);
            void load();
          }}
        />
      )}
      {connecting && (
        <ConnectForm
          key={connecting === true ? "" : connecting.name}
          again={connecting === true ? undefined : connecting}
          onCancel={() => setConnecting(false)}
          onDone={() => void load()}
        />
      )}
      <div className="table-wrap" tabIndex={0}>
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Systems</th>
              <th scope="col">Version</th>
              <th scope="col">Changed</th>
              {writable && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {(credentials ?? []).map((c) => (
              <tr key={c.name}>
                <td data-label="Name" className="mono">{c.name}</td>
                <td data-label="Type">{c.type}</td>
                <td data-label="Systems">{c.fields?.systems ?? <span className="muted">the first system that names it</span>}</td>
                <td data-label="Version">v{c.version}</td>
                <td data-label="Changed">
                  <Time value={c.updatedAt} />
                </td>
                {writable && (
                  <td data-label="Actions" className="row">
                    <button
                      type="button"
                      className="button"
                      aria-label={`Replace ${c.name}`}
                      onClick={() => {
                        setWrite({ mode: "replace", credential: c });
                        setConnecting(false);
                      }}
                    >
                      Replace
                    </button>
                    {c.type === "oauth2RefreshToken" && (
                      <button
                        type="button"
                        className="button"
                        aria-label={`Connect ${c.name} again by consent`}
                        onClick={() => {
                          setConnecting(c);
                          setWrite(null);
                        }}
                      >
                        Connect again
                      </button>
                    )}
                    <ConfirmButton
                      label="Delete"
                      question={`Delete credential ${c.name}? Systems that name it fail their calls until it is created again.`}
                      confirmLabel="Delete it"
                      danger
                      onConfirm={() => remove(c.name ?? "")}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {credentials && credentials.length === 0 && <p className="muted empty">The vault holds no credential yet.</p>}
      </div>
    </section>
  );
}

/** Creates a credential, or replaces one: its type's fields, each secret in a password input. */
function CredentialForm({
  write,
  existing,
  onSaved,
  onCancel,
}: {
  write: Write;
  existing: string[];
  onSaved: (c: Credential, created: boolean) => void;
  onCancel: () => void;
}) {
  const replacing = write.mode === "replace" ? write.credential : undefined;
  const [name, setName] = useState(replacing?.name ?? "");
  const [type, setType] = useState<CredentialType | "">(replacing?.type ?? "");
  // What the form holds: the non-secret fields the API shows of the credential replaced, to start from.
  const [value, setValue] = useState<unknown>(replacing?.fields ?? {});
  const [result, setResult] = useState<FormResult | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setShowErrors(true);
    const problems: string[] = [];
    if (!replacing && !CREDENTIAL_NAME.test(name)) {
      problems.push("Name: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit, such as crm-token.");
    } else if (!replacing && existing.includes(name)) {
      problems.push(`Name: a credential ${name} exists already; use Replace on its row to change it.`);
    }
    if (type === "") problems.push("Type: choose one.");
    if (result && !result.ok) result.errors.forEach((er) => problems.push(er.message));
    setInvalid(problems);
    if (problems.length > 0 || !result?.ok || type === "") return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.PUT("/api/v1/credentials/{name}", {
        params: { path: { name } },
        body: result.value as never,
      });
      if (!r.response.ok || !r.data) throw ApiError.of(r.response.status, r.error);
      // The secrets leave the page's memory with the form.
      setValue({});
      onSaved(r.data, r.response.status === 201);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-label={replacing ? `Replace credential ${replacing.name}` : "New credential"} noValidate>
      <h2 className="card-title">{replacing ? `Replace ${replacing.name}` : "New credential"}</h2>
      {replacing && (
        <p className="muted">
          Every secret field is written again: the vault's values are never shown. The credential's version goes up, and
          systems use the new value within 10 s.
        </p>
      )}
      {!replacing && (
        <label className="field">
          <span>Name (required)</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
      )}
      <label className="field">
        <span>Type (required)</span>
        <select
          value={type}
          onChange={(e) => {
            setType(e.target.value as CredentialType | "");
            setValue(replacing && e.target.value === replacing.type ? replacing.fields : {});
          }}
        >
          <option value="">choose…</option>
          {CREDENTIAL_TYPES.map((t) => (
            <option key={t} value={t}>
              {t} — {describeType(t)}
            </option>
          ))}
        </select>
      </label>
      {type !== "" && (
        <SchemaForm
          key={type}
          schema={CREDENTIAL_FORMS[type]}
          value={value}
          label="Credential"
          showErrors={showErrors}
          onChange={(r) => {
            setResult(r);
            if (r.ok) setValue(r.value);
          }}
        />
      )}
      {invalid.length > 0 && (
        <div className="field-error" role="alert">
          {invalid.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <p className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {replacing ? "Replace" : "Create"}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </form>
  );
}

type Authorized = { authorizeUrl: string; redirectUri: string; expiresAt: string };

/**
 * Starts connecting an OAuth 2.0 credential by consent: the server answers the provider's consent page, the
 * person opens it and consents, and the provider's redirect stores the refresh token as the credential.
 */
function ConnectForm({ again, onCancel, onDone }: { again?: Credential; onCancel: () => void; onDone: () => void }) {
  const [name, setName] = useState(again?.name ?? "");
  // Connecting again starts from what the credential shows: its token endpoint, client, scope and systems.
  const [value, setValue] = useState<unknown>(() => {
    const f = again?.fields ?? {};
    return Object.fromEntries(["tokenUrl", "clientId", "scope", "systems"].filter((k) => f[k] !== undefined).map((k) => [k, f[k]]));
  });
  const [formKey, setFormKey] = useState(0);
  const [result, setResult] = useState<FormResult | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [answer, setAnswer] = useState<Authorized | null>(null);
  const [busy, setBusy] = useState(false);

  async function start(e: FormEvent) {
    e.preventDefault();
    setShowErrors(true);
    const problems: string[] = [];
    if (!CREDENTIAL_NAME.test(name)) {
      problems.push("Credential name: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    }
    if (result && !result.ok) result.errors.forEach((er) => problems.push(er.message));
    setInvalid(problems);
    if (problems.length > 0 || !result?.ok) return;
    setBusy(true);
    setError(null);
    try {
      const r = await unwrap(
        api.POST("/api/v1/credentials/{name}/oauth2/authorize", { params: { path: { name } }, body: result.value as never }),
      );
      setAnswer(r);
      // The client secret is with the server now: the form forgets it.
      setValue({});
      setFormKey((k) => k + 1);
      setShowErrors(false);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void start(e)} aria-label="Connect an OAuth 2.0 credential" noValidate>
      <h2 className="card-title">{again ? `Connect ${again.name} again by consent` : "Connect an OAuth 2.0 credential by consent"}</h2>
      <p className="muted">
        For providers whose refresh token only a consent page gives out (HubSpot, Salesforce, Microsoft, Google). The
        credential is stored as an oauth2RefreshToken once you have consented.
      </p>
      {!again && (
        <label className="field">
          <span>Credential name (required)</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
      )}
      <SchemaForm
        key={formKey}
        schema={AUTHORIZE_FORM}
        value={value}
        label="Connection"
        showErrors={showErrors}
        onChange={(r) => {
          setResult(r);
          if (r.ok) setValue(r.value);
        }}
      />
      {invalid.length > 0 && (
        <div className="field-error" role="alert">
          {invalid.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {answer && (
        <div className="banner banner-ok" role="status">
          <p>
            <a href={answer.authorizeUrl} target="_blank" rel="noopener noreferrer">
              Open the provider's consent page
            </a>{" "}
            and consent before <Time value={answer.expiresAt} />. The provider sends the browser back to{" "}
            <code>{answer.redirectUri}</code>, where the credential is stored.
          </p>
          <button type="button" className="link-button" onClick={onDone}>
            I have consented: read the list again
          </button>
        </div>
      )}
      <p className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          Start
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Close
        </button>
      </p>
    </form>
  );
}
