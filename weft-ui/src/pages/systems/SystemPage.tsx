import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Json } from "../../components/Json";
import { duration, Time } from "../../components/Time";
import { BreakerBadge, breakerCounts } from "./BreakerBadge";
import { useEventFeed } from "../../live/events";
import { BREAKER_EVENTS, liveState, type Connector, type Credential, type System, type SystemCall } from "./model";
import { SystemForm } from "./SystemForm";
import { useNewest } from "../../api/newest";
import { useNavigatedNotice } from "../../components/notice";
import { useWhileVisible } from "../../components/visible";

const OUTCOME_CLASS: Record<string, string> = {
  ok: "badge-succeeded",
  cached: "badge-succeeded",
  failed: "badge-failed",
  unavailable: "badge-failed",
  rejected: "badge-waiting",
  fallback: "badge-other",
};

/** The connectors, and the credentials when the caller may list them (else null). */
function useCatalog(canListCredentials: boolean) {
  const [connectors, setConnectors] = useState<Connector[] | null>(null);
  const [credentials, setCredentials] = useState<Credential[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    unwrap(api.GET("/api/v1/connectors"))
      .then((r) => setConnectors(r.connectors))
      .catch((e) => setError(asApiError(e)));
    if (canListCredentials) {
      unwrap(api.GET("/api/v1/credentials"))
        .then((r) => setCredentials(r.credentials ?? []))
        .catch((e) => setError(asApiError(e)));
    }
  }, [canListCredentials]);
  return { connectors, credentials, error };
}

/** A new system: the form alone; saved, its page opens. */
export function NewSystemPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const { connectors, credentials, error } = useCatalog(can("credentials.read"));
  return (
    <section aria-labelledby="system-title">
      <p>
        <Link to="/systems">← Systems</Link>
      </p>
      <h1 id="system-title">New system</h1>
      <ErrorBanner error={error} />
      {!can("systems.write") ? (
        <p>Your role may not create systems.</p>
      ) : (
        connectors && (
          <SystemForm
            connectors={connectors}
            credentials={can("credentials.read") ? credentials : null}
            onSaved={(s) => navigate(`/systems/${encodeURIComponent(s.id)}`, { state: { notice: `Created system ${s.id}.` } })}
          />
        )
      )}
    </section>
  );
}

/**
 * One system: what it is, its live gateway state (read again every few seconds while the page is in view),
 * test connection, its recent calls on this node, and, by role, edit and delete.
 */
export default function SystemPage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const [system, setSystem] = useState<System | null>(null);
  const [calls, setCalls] = useState<SystemCall[] | null>(null);
  const [kept, setKept] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // A failed read is shown until a read succeeds; an action's failure until it is dismissed.
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  // The notice a page passed along is shown once: a reload or going back does not show it again.
  const [notice, setNotice] = useNavigatedNotice();
  const [verdict, setVerdict] = useState<{ ok: boolean; message: string } | null>(null);
  const [testing, setTesting] = useState(false);
  // The system as it was when editing began: saving checks that nobody changed it since.
  const [editing, setEditing] = useState<System | null>(null);
  const [refreshedAt, setRefreshedAt] = useState<string | null>(null);
  const { connectors, credentials, error: catalogError } = useCatalog(can("credentials.read") && can("systems.write"));

  // Moving between systems (back, forward) or a breaker event may overlap reads: only the newest one's answer shows.
  const begin = useNewest();
  const refresh = useCallback(async () => {
    const current = begin();
    try {
      const [s, c] = await Promise.all([
        unwrap(api.GET("/api/v1/systems/{id}", { params: { path: { id } } })),
        unwrap(api.GET("/api/v1/systems/{id}/calls", { params: { path: { id } } })),
      ]);
      if (!current()) return;
      setSystem(s);
      setCalls(c.calls);
      setKept(c.kept);
      setRefreshedAt(new Date().toISOString());
      setLoadError(null);
    } catch (e) {
      if (current()) setLoadError(asApiError(e));
    }
  }, [id, begin]);
  useEffect(() => {
    setSystem(null);
    setCalls(null);
    setEditing(null);
    setVerdict(null);
    void refresh();
  }, [refresh]);
  useWhileVisible(refresh, 5_000);
  // A breaker opening or closing is news on the event feed: read at once rather than at the next interval.
  useEventFeed(can("events.read"), (e) => e.payload?.system === id && void refresh(), { types: BREAKER_EVENTS });

  async function test() {
    setTesting(true);
    setVerdict(null);
    try {
      setVerdict(await unwrap(api.POST("/api/v1/systems/{id}/test", { params: { path: { id } } })));
      void refresh();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setTesting(false);
    }
  }

  async function remove() {
    try {
      await unwrap(api.DELETE("/api/v1/systems/{id}", { params: { path: { id } } }));
      navigate("/systems", { state: { notice: `Deleted system ${id}.` } });
    } catch (e) {
      setError(asApiError(e));
    }
  }

  const state = liveState(system);
  const connector = connectors?.find((c) => c.id === system?.connector);
  const endpoints = state.endpoints ?? [];
  const showEndpoint = (calls ?? []).some((c) => c.endpoint);

  return (
    <section aria-labelledby="system-title">
      <p>
        <Link to="/systems">← Systems</Link>
      </p>
      <h1 id="system-title" className="mono">
        {id}
      </h1>
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      <ErrorBanner error={loadError} />
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <ErrorBanner error={catalogError} />
      {system && (
        <>
          <dl className="facts">
            <dt>Connector</dt>
            <dd>{connector ? `${connector.title} (${system.connector})` : system.connector}</dd>
            <dt>Credential</dt>
            <dd>{system.credential ?? <span className="muted">none</span>}</dd>
            <dt>Version</dt>
            <dd>
              v{system.version}, changed <Time value={system.updatedAt} />
            </dd>
          </dl>

          <p className="actions">
            {can("systems.test") && (
              <button type="button" className="button" disabled={testing} onClick={() => void test()}>
                {testing ? "Testing…" : "Test connection"}
              </button>
            )}
            {can("systems.write") && !editing && (
              <button type="button" className="button" onClick={() => setEditing(system)}>
                Edit
              </button>
            )}
            {can("systems.write") && (
              <ConfirmButton
                label="Delete"
                question={`Delete system ${id}? Flows that call it will fail until it is created again.`}
                confirmLabel="Delete it"
                danger
                onConfirm={remove}
              />
            )}
          </p>
          {verdict &&
            (verdict.ok ? (
              <Notice text={`The connection works: ${verdict.message}`} onDismiss={() => setVerdict(null)} />
            ) : (
              <div className="banner banner-error" role="alert">
                <p>
                  <strong>The connection test failed:</strong> {verdict.message}
                </p>
                <button type="button" className="link-button" onClick={() => setVerdict(null)}>
                  Dismiss
                </button>
              </div>
            ))}

          {editing && connectors && (
            <SystemForm
              initial={editing}
              connectors={connectors}
              credentials={can("credentials.read") ? credentials : null}
              onCancel={() => setEditing(null)}
              onSaved={(s) => {
                setEditing(null);
                setNotice(`Saved system ${s.id} (version ${s.version}).`);
                void refresh();
              }}
            />
          )}

          <section className="card" aria-labelledby="live-title">
            <h2 id="live-title" className="card-title">
              Live state
            </h2>
            <p className="breaker-line" aria-live="polite">
              Circuit breaker: <BreakerBadge breaker={state.circuitBreaker} />{" "}
              <span className="muted">{breakerCounts(state.circuitBreaker)}</span>
            </p>
            {endpoints.length > 0 && (
              <div className="table-wrap" tabIndex={0}>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Endpoint</th>
                      <th scope="col">Weight</th>
                      <th scope="col">Breaker</th>
                    </tr>
                  </thead>
                  <tbody>
                    {endpoints.map((e) => (
                      <tr key={e.baseUrl}>
                        <td className="mono">{e.baseUrl}</td>
                        <td>{e.weight}</td>
                        <td>
                          <BreakerBadge breaker={e.circuitBreaker} /> <span className="muted">{breakerCounts(e.circuitBreaker)}</span>
                          {e.suspect && <span className="muted"> (last attempt failed: calls go to the others)</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <ul className="plain">
              {state.rateLimit && <li>Rate limit: {state.rateLimit.availablePermits} permits left in this period</li>}
              {state.bulkhead && <li>Bulkhead: {state.bulkhead.availableCalls} more calls may run at once</li>}
              {state.cache && <li>Cache: {state.cache.entries} answers kept</li>}
            </ul>
            <p className="muted">
              This node's state, read again every 5 s while the page is in view and when the breaker opens or closes
              {refreshedAt && (
                <>
                  {" "}
                  (last at <Time value={refreshedAt} />)
                </>
              )}
              .
            </p>
          </section>

          <section className="card" aria-labelledby="calls-title">
            <h2 id="calls-title" className="card-title">
              Recent calls
            </h2>
            <p className="muted">The last {kept ?? ""} calls on this node, the latest first; never their input or output.</p>
            <div className="table-wrap" tabIndex={0}>
              <table className="table stack">
                <thead>
                  <tr>
                    <th scope="col">Ended</th>
                    <th scope="col">Operation</th>
                    {showEndpoint && <th scope="col">Endpoint</th>}
                    <th scope="col">Outcome</th>
                    <th scope="col">Error</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Took</th>
                  </tr>
                </thead>
                <tbody>
                  {(calls ?? []).map((c, i) => (
                    <tr key={`${c.at}-${i}`}>
                      <td data-label="Ended">
                        <Time value={c.at} />
                      </td>
                      <td data-label="Operation" className="mono">
                        {c.operation}
                      </td>
                      {showEndpoint && (
                        <td data-label="Endpoint" className="mono">
                          {c.endpoint ?? "—"}
                        </td>
                      )}
                      <td data-label="Outcome">
                        <span className={`badge ${OUTCOME_CLASS[c.outcome] ?? "badge-other"}`}>{c.outcome}</span>
                      </td>
                      <td data-label="Error">{c.errorCode ? <code>{c.errorCode}</code> : <span className="muted">—</span>}</td>
                      <td data-label="Attempts">{c.attempts}</td>
                      <td data-label="Took">{duration(Math.round(c.durationMs))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {calls && calls.length === 0 && <p className="muted empty">No call since this node started.</p>}
            </div>
          </section>

          <details>
            <summary>Config and policy</summary>
            <h3>Config</h3>
            <Json value={system.config} />
            <h3>Policy</h3>
            <Json value={system.policy} />
          </details>
        </>
      )}
    </section>
  );
}
