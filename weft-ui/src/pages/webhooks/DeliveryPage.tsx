import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Json } from "../../components/Json";
import { duration, Time } from "../../components/Time";
import { DeliveryBadge } from "./Deliveries";
import type { DeliveryDetail } from "./types";

/** One delivery: its message, every attempt (when, the answer's status, how long, the error or answer), retry. */
export default function DeliveryPage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const [delivery, setDelivery] = useState<DeliveryDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    unwrap(api.GET("/api/v1/webhooks/deliveries/{id}", { params: { path: { id } } }))
      .then(setDelivery)
      .catch((e) => setError(asApiError(e)));
  }, [id]);
  useEffect(load, [load]);

  return (
    <section aria-labelledby="delivery-title">
      {delivery && (
        <p>
          <Link to={`/webhooks/endpoints/${encodeURIComponent(delivery.endpointId)}`}>← The endpoint</Link>
        </p>
      )}
      <h1 id="delivery-title" className="mono wrap">
        {id}
      </h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {delivery && (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <DeliveryBadge status={delivery.status} />
            </dd>
            <dt>Event type</dt>
            <dd className="mono">{delivery.eventType}</dd>
            <dt>webhook-id</dt>
            <dd className="mono wrap">{delivery.messageId}</dd>
            <dt>Attempts</dt>
            <dd>{delivery.attempts}</dd>
            <dt>Next try</dt>
            <dd>
              <Time value={delivery.dueAt} />
            </dd>
            <dt>Created</dt>
            <dd>
              <Time value={delivery.createdAt} />
            </dd>
          </dl>
          {can("webhooks.send") && (
            <div className="actions" aria-label="Actions">
              <ConfirmButton
                label="Retry now"
                question="Send it again now, with the same webhook-id and body, its retry schedule started again?"
                confirmLabel="Yes, retry"
                onConfirm={async () => {
                  setError(null);
                  try {
                    const d = await unwrap(api.POST("/api/v1/webhooks/deliveries/{id}/retry", { params: { path: { id } } }));
                    setNotice(`The delivery was queued to be sent again (status ${d.status}).`);
                    load();
                  } catch (e) {
                    setError(asApiError(e));
                  }
                }}
              />
              <button type="button" className="button" onClick={load}>
                Refresh
              </button>
            </div>
          )}
          <h2>Attempts</h2>
          {delivery.history.length === 0 ? (
            <p className="muted">Not tried yet.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="table stack">
                <thead>
                  <tr>
                    <th scope="col">Attempt</th>
                    <th scope="col">Started</th>
                    <th scope="col">Result</th>
                    <th scope="col">Answer</th>
                    <th scope="col">Duration</th>
                    <th scope="col">Error or answer's body</th>
                  </tr>
                </thead>
                <tbody>
                  {delivery.history.map((a) => (
                    <tr key={a.attempt}>
                      <td data-label="Attempt">{a.attempt}</td>
                      <td data-label="Started">
                        <Time value={a.startedAt} />
                      </td>
                      <td data-label="Result">
                        <DeliveryBadge status={a.succeeded ? "succeeded" : "failed"} />
                      </td>
                      <td data-label="Answer">{a.responseStatus ?? <span className="muted">no answer</span>}</td>
                      <td data-label="Duration">{duration(a.latencyMs)}</td>
                      <td data-label="Detail">
                        <div className="attempt-detail">
                          {a.error && <div className="wrap">{a.error}</div>}
                          {a.responseBody && <pre className="json attempt-body">{a.responseBody}</pre>}
                          <details>
                            <summary>Request headers</summary>
                            <pre className="json">
                              {Object.entries(a.requestHeaders)
                                .map(([k, v]) => `${k}: ${v}`)
                                .join("\n")}
                            </pre>
                          </details>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>Message</h2>
          {delivery.message ? <Json value={delivery.message} /> : <p className="muted">Deleted by retention.</p>}
        </>
      )}
    </section>
  );
}
