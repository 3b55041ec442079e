import { useId, useMemo, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, ApiError, asApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ErrorBanner } from "../../components/ErrorBanner";
import { parseJson } from "../../components/Json";
import { SchemaForm, type FormResult } from "../../components/SchemaForm";
import { SYSTEM_ID, type Connector, type Credential, type System } from "./model";
import { POLICY_SCHEMA } from "./policy";

type Body = { connector: string; config: Record<string, never>; credential: string | null; policy: Record<string, never> };

/**
 * Creates a system, or changes one (initial): its connector, the config form generated from the connector's
 * config schema, the credential chosen by name among those of a type the connector accepts, and the gateway
 * policy as a form or as JSON. Saving is conditional: it creates only when there is no system of that id, and
 * changes only the version the form began from.
 */
export function SystemForm({
  initial,
  connectors,
  credentials,
  onSaved,
  onCancel,
}: {
  initial?: System;
  connectors: Connector[];
  /** The vault's credentials, or null when the caller may not list them (the name is then typed). */
  credentials: Credential[] | null;
  onSaved: (system: System, created: boolean) => void;
  onCancel?: () => void;
}) {
  const { can } = useSession();
  const ids = useId();
  const [id, setId] = useState(initial?.id ?? "");
  const [connectorId, setConnectorId] = useState(initial?.connector ?? (connectors.length === 1 ? connectors[0]!.id : ""));
  const connector = connectors.find((c) => c.id === connectorId);
  const [config, setConfig] = useState<unknown>(initial?.config ?? {});
  const [configResult, setConfigResult] = useState<FormResult | null>(null);
  const [credential, setCredential] = useState<string>(initial?.credential ?? "");
  const [policy, setPolicy] = useState<unknown>(initial?.policy ?? {});
  const [policyResult, setPolicyResult] = useState<FormResult | null>(null);
  const [policyAsJson, setPolicyAsJson] = useState(false);
  const [policyText, setPolicyText] = useState("");
  const [showErrors, setShowErrors] = useState(false);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const usable = useMemo(() => {
    const types = new Set<string>(connector?.credentialTypes ?? []);
    const names = (credentials ?? []).filter((c) => c.type && types.has(c.type)).map((c) => c.name ?? "");
    // The system's own credential stays a choice even when the list cannot show it.
    if (initial?.credential && !names.includes(initial.credential) && initial.connector === connectorId) {
      names.push(initial.credential);
    }
    return names.sort();
  }, [credentials, connector, initial, connectorId]);

  function chooseConnector(next: string) {
    setConnectorId(next);
    setConfig(next === initial?.connector ? initial.config : {});
    setConfigResult(null);
    setCredential(next === initial?.connector ? (initial.credential ?? "") : "");
  }

  function switchPolicy(json: boolean) {
    if (json) {
      setPolicyText(JSON.stringify(policyResult?.ok ? policyResult.value : policy, null, 2));
    } else {
      const parsed = parseJson(policyText, "The policy");
      if (parsed.ok && typeof parsed.value === "object" && parsed.value !== null && !Array.isArray(parsed.value)) {
        setPolicy(parsed.value);
      }
    }
    setPolicyAsJson(json);
  }

  function problems(): { body?: Body; problems: string[] } {
    const out: string[] = [];
    if (!initial && !SYSTEM_ID.test(id)) {
      out.push("System id: use 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit, such as crm.");
    }
    if (!connector) out.push("Connector: choose one.");
    if (configResult && !configResult.ok) configResult.errors.forEach((e) => out.push(`Config: ${e.message}`));
    if (connector?.credentialRequired && credential === "") {
      out.push(`Credential: connector ${connector.id} needs one (${connector.credentialTypes.join(", ")}).`);
    }
    let policyValue: unknown = policyResult?.ok ? policyResult.value : policy;
    if (policyAsJson) {
      const parsed = parseJson(policyText, "The policy");
      if (!parsed.ok) out.push(parsed.message);
      else if (parsed.value !== undefined && (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value))) {
        out.push('The policy must be a JSON object, such as {"timeout": "10s"}.');
      } else policyValue = parsed.value ?? {};
    } else if (policyResult && !policyResult.ok) {
      policyResult.errors.forEach((e) => out.push(`Policy: ${e.message}`));
    }
    if (out.length > 0 || !connector) return { problems: out };
    const configValue = configResult?.ok ? configResult.value : config;
    return {
      problems: [],
      body: {
        connector: connector.id,
        config: (configValue ?? {}) as Record<string, never>,
        credential: credential === "" ? null : credential,
        policy: (policyValue ?? {}) as Record<string, never>,
      },
    };
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setShowErrors(true);
    const checked = problems();
    setInvalid(checked.problems);
    if (!checked.body) return;
    const target = initial?.id ?? id;
    setBusy(true);
    setError(null);
    try {
      // A conditional PUT: a system created under the same id, or changed since this form read it, is not
      // overwritten; the API answers 412 and says which.
      const saved = await api.PUT("/api/v1/systems/{id}", {
        params: { path: { id: target }, header: initial ? { "If-Match": `"${initial.version}"` } : { "If-None-Match": "*" } },
        body: checked.body,
      });
      if (!saved.response.ok || !saved.data) throw ApiError.of(saved.response.status, saved.error);
      onSaved(saved.data, saved.response.status === 201);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-label={initial ? `Edit system ${initial.id}` : "New system"} noValidate>
      <h2 className="card-title">{initial ? `Edit ${initial.id}` : "New system"}</h2>
      {!initial && (
        <div className="field">
          <label htmlFor={`${ids}-id`}>System id (required)</label>
          <input
            id={`${ids}-id`}
            value={id}
            onChange={(e) => setId(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${ids}-id-hint`}
          />
          <span id={`${ids}-id-hint`} className="muted">
            Flows name it in a call step: lower-case letters, digits, '-' and '_'.
          </span>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${ids}-connector`}>Connector (required)</label>
        <select id={`${ids}-connector`} value={connectorId} onChange={(e) => chooseConnector(e.target.value)} aria-describedby={`${ids}-connector-hint`}>
          <option value="">choose…</option>
          {connectors.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title} ({c.id})
            </option>
          ))}
        </select>
        {connector && (
          <span id={`${ids}-connector-hint`} className="muted">
            {connector.description}
          </span>
        )}
      </div>

      {connector && (
        <>
          <fieldset className="schema-group">
            <legend>Config</legend>
            <SchemaForm
              key={connector.id}
              schema={connector.configSchema}
              value={config}
              label="Config"
              showErrors={showErrors}
              onChange={(r) => {
                setConfigResult(r);
                if (r.ok) setConfig(r.value);
              }}
            />
          </fieldset>

          {connector.credentialTypes.length === 0 ? (
            <p className="muted">Connector {connector.id} takes no credential.</p>
          ) : credentials === null ? (
            <div className="field">
              <label htmlFor={`${ids}-credential`}>Credential{connector.credentialRequired ? " (required)" : ""}</label>
              <input
                id={`${ids}-credential`}
                value={credential}
                onChange={(e) => setCredential(e.target.value)}
                autoComplete="off"
                aria-describedby={`${ids}-credential-hint`}
              />
              <span id={`${ids}-credential-hint`} className="muted">
                The name of a vault credential of type {connector.credentialTypes.join(", ")}.
              </span>
            </div>
          ) : (
            <div className="field">
              <label htmlFor={`${ids}-credential`}>Credential{connector.credentialRequired ? " (required)" : ""}</label>
              <select
                id={`${ids}-credential`}
                value={credential}
                onChange={(e) => setCredential(e.target.value)}
                aria-describedby={`${ids}-credential-hint`}
              >
                <option value="">{connector.credentialRequired ? "choose…" : "none"}</option>
                {usable.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              <span id={`${ids}-credential-hint`} className="muted">
                {usable.length === 0 ? "No credential of a type this connector accepts yet" : "Chosen by name; its value stays in the vault"} (
                {connector.credentialTypes.join(", ")}).{" "}
                {can("credentials.write") && <Link to="/credentials">Create a credential</Link>}
              </span>
            </div>
          )}

          <fieldset className="schema-group">
            <legend>Gateway policy</legend>
            <p>
              <button type="button" className="link-button" onClick={() => switchPolicy(!policyAsJson)}>
                {policyAsJson ? "Use the form" : "Write the policy as JSON"}
              </button>
            </p>
            {policyAsJson ? (
              <label className="field">
                <span>Policy (JSON object)</span>
                <textarea rows={8} className="mono" value={policyText} onChange={(e) => setPolicyText(e.target.value)} spellCheck={false} />
              </label>
            ) : (
              <SchemaForm
                schema={POLICY_SCHEMA}
                value={policy}
                label="Policy"
                showErrors={showErrors}
                onChange={(r) => {
                  setPolicyResult(r);
                  if (r.ok) setPolicy(r.value);
                }}
              />
            )}
          </fieldset>
        </>
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
          {initial ? "Save" : "Create"}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </p>
    </form>
  );
}
