import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError, type FlowVersion } from "../api/client";
import { useSession } from "../auth/session";
import { ErrorBanner } from "../components/ErrorBanner";
import { Time } from "../components/Time";
import { InputForm } from "./InputForm";

/** A flow's latest version: its source (read-only for now) and "Run" with an input form. */
export default function FlowPage() {
  const { namespace = "", id = "" } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const [flow, setFlow] = useState<FlowVersion | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    unwrap(api.GET("/api/v1/flows/{namespace}/{id}", { params: { path: { namespace, id } } }))
      .then(setFlow)
      .catch((e) => setError(asApiError(e)));
  }, [namespace, id]);

  async function runFlow(input: Record<string, unknown>) {
    setBusy(true);
    try {
      const started = await unwrap(
        api.POST("/api/v1/flows/{namespace}/{id}/executions", {
          params: { path: { namespace, id } },
          body: input as Record<string, never>,
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
          {can("flows.write", namespace) && (
            <p>
              <Link className="button" to={`/flows/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}/edit`}>
                Edit
              </Link>
            </p>
          )}
          {can("executions.start", namespace) && <InputForm source={flow.source} busy={busy} onRun={(i) => void runFlow(i)} />}
          <h2>Source</h2>
          <pre className="source" aria-label="Flow source (YAML)" tabIndex={0}>
            {flow.source}
          </pre>
        </>
      )}
    </section>
  );
}
