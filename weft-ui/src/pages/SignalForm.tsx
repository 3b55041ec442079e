import { useEffect, useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError, type Execution } from "../api/client";
import { useSession } from "../auth/session";
import { JsonField, readJsonField } from "../components/JsonField";
import { declaredSignals } from "./signals";

/**
 * Sends a signal to an `await`: the names the flow declares are offered (read from the execution's pinned
 * version when the session may read flows), any other name can be typed, and the payload is a JSON object.
 */
export function SignalForm({
  execution,
  onDone,
  onError,
}: {
  execution: Execution;
  onDone: (text: string) => void;
  onError: (error: ApiError) => void;
}) {
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [payload, setPayload] = useState("{}");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [declared, setDeclared] = useState<string[]>([]);
  const id = execution.id ?? "";
  const [namespace, flowId] = (execution.flow ?? "/").split("/");
  const readsFlows = can("flows.read", namespace);

  useEffect(() => {
    if (!open || !readsFlows || !namespace || !flowId) return;
    let live = true;
    unwrap(
      api.GET("/api/v1/flows/{namespace}/{id}", {
        params: { path: { namespace, id: flowId }, query: { version: execution.version } },
      }),
    )
      .then((v) => {
        if (!live) return;
        const names = declaredSignals(v.source);
        setDeclared(names);
        setName((current) => current || names[0] || "");
      })
      // Without the flow the name is typed: the API's answer to a wrong one lists the declared names.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [open, readsFlows, namespace, flowId, execution.version]);

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Send a signal
      </button>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = readJsonField(payload, "The payload", "object", '{"approved": true}');
    if (!parsed.ok) {
      setInvalid(parsed.message);
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      await unwrap(
        api.POST("/api/v1/executions/{id}/signals/{name}", {
          params: { path: { id, name: name.trim() } },
          body: (parsed.value ?? {}) as Record<string, never>,
        }),
      );
      onDone(`The signal ${name.trim()} was recorded.`);
      setOpen(false);
    } catch (err) {
      onError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card signal" onSubmit={submit} aria-label="Send a signal">
      <div className="field">
        <label htmlFor="signal-name">Signal name</label>
        <input
          id="signal-name"
          name="signal"
          required
          list={declared.length > 0 ? "declared-signals" : undefined}
          aria-describedby={declared.length > 0 ? "declared-hint" : undefined}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {declared.length > 0 && (
          <span id="declared-hint" className="muted">
            The flow&apos;s await steps wait for: {declared.join(", ")}
          </span>
        )}
      </div>
      {declared.length > 0 && (
        <datalist id="declared-signals">
          {declared.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      )}
      <JsonField label="Payload (JSON object)" name="payload" value={payload} onChange={setPayload} error={invalid} />
      <div className="row">
        <button type="submit" className="button primary" disabled={busy}>
          Send
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </form>
  );
}
