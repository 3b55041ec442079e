import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { SecretOnce } from "../../components/SecretOnce";
import { Time } from "../../components/Time";
import { EndpointForm } from "./EndpointForm";
import { usePassedNotice } from "./notice";
import type { Endpoint, EndpointWrite } from "./types";

/** The tenant's outbound webhook endpoints; an editor creates one here and sees its signing secret once. */
export default function WebhooksList() {
  const { can } = useSession();
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = usePassedNotice();
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);

  const load = useCallback(() => {
    unwrap(api.GET("/api/v1/webhooks/endpoints"))
      .then((r) => setEndpoints(r.items))
      .catch((e) => setError(asApiError(e)));
  }, []);
  useEffect(load, [load]);

  async function create(body: EndpointWrite) {
    setBusy(true);
    setError(null);
    try {
      const made = await unwrap(api.POST("/api/v1/webhooks/endpoints", { body }));
      setCreated({ id: made.id, secret: made.secret });
      setCreating(false);
      load();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">Webhooks</h1>
      <p>
        Signed deliveries of this tenant's events to your receivers. <Link to="/webhooks/event-types">Event types</Link>
      </p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {created && (
        <>
          <Notice text={`The endpoint ${created.id} was created.`} />
          <SecretOnce label="Signing secret of the new endpoint" secret={created.secret} onDone={() => setCreated(null)}>
            <p>
              Give it to the receiver: it verifies each delivery's <code>webhook-signature</code> with it (Standard
              Webhooks). <Link to={`/webhooks/endpoints/${encodeURIComponent(created.id)}`}>Open the endpoint</Link>
            </p>
          </SecretOnce>
        </>
      )}
      {can("webhooks.write") && !creating && (
        <div className="actions">
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New endpoint
          </button>
        </div>
      )}
      {creating && <EndpointForm busy={busy} onSubmit={(b) => void create(b)} onCancel={() => setCreating(false)} />}
      <div className="table-wrap" tabIndex={0}>
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Event types</th>
              <th scope="col">State</th>
              <th scope="col">Failing since</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {endpoints?.map((e) => (
              <tr key={e.id}>
                <td data-label="URL">
                  <div>
                    <Link to={`/webhooks/endpoints/${encodeURIComponent(e.id)}`} className="mono wrap">
                      {e.url}
                    </Link>
                    {e.description && <div className="muted">{e.description}</div>}
                  </div>
                </td>
                <td data-label="Events">
                  <span className="mono wrap">{e.events.join(", ")}</span>
                </td>
                <td data-label="State">
                  <EndpointState endpoint={e} />
                </td>
                <td data-label="Failing">
                  <Time value={e.failingSince} />
                </td>
                <td data-label="Created">
                  <Time value={e.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {endpoints && endpoints.length === 0 && <p className="muted empty">No endpoints yet.</p>}
      </div>
    </section>
  );
}

export function EndpointState({ endpoint }: { endpoint: Endpoint }) {
  if (endpoint.enabled) return <span className="badge badge-succeeded">enabled</span>;
  return (
    <span>
      <span className="badge badge-failed">disabled</span>
      {endpoint.disabledReason && <span className="muted"> {endpoint.disabledReason}</span>}
    </span>
  );
}
