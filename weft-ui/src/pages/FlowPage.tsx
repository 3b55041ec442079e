import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError, type FlowVersion } from "../api/client";
import { useSession } from "../auth/session";
import { ErrorBanner } from "../components/ErrorBanner";
import { parseJson } from "../components/Json";
import { Time } from "../components/Time";

/** A flow's latest version: its source (read-only for now) and "Run" with a JSON input. */
export default function FlowPage() {
  const { namespace = "", id = "" } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const [flow, setFlow] = useState<FlowVersion | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [input, setInput] = useState("{}");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    unwrap(api.GET("/api/v1/flows/{namespace}/{id}", { params: { path: { namespace, id } } }))
      .then(setFlow)
      .catch((e) => setError(asApiError(e)));
  }, [namespace, id]);

  async function runFlow(e: FormEvent) {
    e.preventDefault();
    const parsed = parseJson(input, "The input");
    if (!parsed.ok) {
      setInvalid(parsed.message);
      return;
    }
    if (parsed.value !== undefined && (typeof parsed.value !== "object" || Array.isArray(parsed.value))) {
      setInvalid("The input must be a JSON object, such as {\"orderId\": \"42\"}.");
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      const started = await unwrap(
        api.POST("/api/v1/flows/{namespace}/{id}/executions", {
          params: { path: { namespace, id } },
          body: (parsed.value ?? {}) as Record<string, never>,
        }),
      );
      navigate(`/executions/${encodeURIComponent(started.id ?? "")}`);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="flow-title">
      <p>
        <Link to="/flows">← Flows</Link>
      </p>
      <h1 id="flow-title">
        {namespace}/{id}
      </h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {flow && (
        <>
          <p className="muted">
            Version {flow.version}, deployed <Time value={flow.createdAt} />
          </p>
          {can("executions.start") && (
            <form className="card" onSubmit={runFlow} aria-label="Run this flow">
              <label className="field">
                <span>Input (JSON object)</span>
                <textarea
                  name="input"
                  rows={6}
                  className="mono"
                  value={input}
                  aria-invalid={invalid !== null}
                  aria-describedby={invalid ? "input-invalid" : undefined}
                  onChange={(e) => setInput(e.target.value)}
                />
              </label>
              {invalid && (
                <p id="input-invalid" className="field-error">
                  {invalid}
                </p>
              )}
              <button type="submit" className="button primary" disabled={busy}>
                Run
              </button>
            </form>
          )}
          <h2>Source</h2>
          <pre className="source" aria-label="Flow source (YAML)">
            {flow.source}
          </pre>
        </>
      )}
    </section>
  );
}
