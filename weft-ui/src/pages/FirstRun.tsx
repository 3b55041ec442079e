import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../api/client";
import { useSession } from "../auth/session";
import { ErrorBanner } from "../components/ErrorBanner";
// The README's quick-start flow and input, taken from examples/ when the UI is built.
import source from "../../../examples/quickstart.yaml?raw";
import input from "../../../examples/quickstart.input.json";

export const EXAMPLE = { namespace: "demo", id: "order-total" } as const;

/**
 * On a server with no flow yet, one button deploys the quick-start example (examples/quickstart.yaml)
 * and runs it with its example input, then opens the running execution. Shown only to those who may
 * deploy and start, and only while the tenant has no flow at all, so it never replaces a flow of theirs.
 */
export function FirstRun() {
  const { can } = useSession();
  const navigate = useNavigate();
  const allowed = can("flows.write", EXAMPLE.namespace) && can("executions.start", EXAMPLE.namespace);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    unwrap(api.GET("/api/v1/flows"))
      .then((r) => live && setEmpty((r.flows ?? []).length === 0))
      .catch(() => live && setEmpty(false));
    return () => {
      live = false;
    };
  }, [allowed]);

  if (!allowed || !empty) return null;

  async function deployAndRun() {
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.PUT("/api/v1/flows/{namespace}/{id}", {
          params: { path: EXAMPLE },
          body: source,
          bodySerializer: (text) => text as string,
          headers: { "Content-Type": "application/yaml" },
        }),
      );
      const started = await unwrap(
        api.POST("/api/v1/flows/{namespace}/{id}/executions", {
          params: { path: EXAMPLE },
          body: input as unknown as Record<string, never>,
        }),
      );
      navigate(`/executions/${encodeURIComponent(started.id ?? "")}`);
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  }

  return (
    <section className="card first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title" className="card-title">
        Nothing has run here yet
      </h2>
      <p>
        Deploy the example flow <code>{`${EXAMPLE.namespace}/${EXAMPLE.id}`}</code> (it prices an order's lines, applies a
        discount, waits a second and sums up; no outside system needed) and run it with an example order, then watch it
        live.
      </p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <button type="button" className="button primary" disabled={busy} onClick={deployAndRun}>
        {busy ? "Deploying…" : "Deploy and run the example"}
      </button>
    </section>
  );
}
