import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { Time } from "../../components/Time";
import { BreakerBadge } from "./BreakerBadge";
import { useEventFeed } from "../../live/events";
import { BREAKER_EVENTS, liveState, type System } from "./model";
import { useNavigatedNotice } from "../../components/notice";
import { useWhileVisible } from "../../components/visible";

/** The configured systems: connector, credential by name, the breaker's live state. */
export default function SystemsList() {
  const { can } = useSession();
  const [systems, setSystems] = useState<System[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The notice a page passed along is shown once: a reload or going back does not show it again.
  const [notice, setNotice] = useNavigatedNotice();

  const load = () =>
    unwrap(api.GET("/api/v1/systems"))
      .then((r) => {
        setSystems(r.systems);
        setError(null);
      })
      .catch((e) => setError(asApiError(e)));
  useEffect(() => {
    void load();
  }, []);
  // The breakers' states are live: read again every few seconds while the page is in view.
  useWhileVisible(load, 5_000);
  useEventFeed(can("events.read"), () => void load(), { types: BREAKER_EVENTS });

  return (
    <section aria-labelledby="systems-title">
      <h1 id="systems-title">Systems</h1>
      <p className="actions">
        {can("systems.write") && (
          <Link className="button primary" to="/systems/_new">
            New system
          </Link>
        )}
        {can("credentials.read") && <Link to="/credentials">Credentials</Link>}
      </p>
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      <ErrorBanner error={error} />
      <div className="table-wrap" tabIndex={0}>
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">System</th>
              <th scope="col">Connector</th>
              <th scope="col">Credential</th>
              <th scope="col">Breaker</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {(systems ?? []).map((s) => {
              const state = liveState(s);
              const endpoints = state.endpoints ?? [];
              return (
                <tr key={s.id}>
                  <td data-label="System">
                    <Link to={`/systems/${encodeURIComponent(s.id)}`}>{s.id}</Link>
                  </td>
                  <td data-label="Connector">{s.connector}</td>
                  <td data-label="Credential">{s.credential ?? <span className="muted">none</span>}</td>
                  <td data-label="Breaker">
                    <BreakerBadge breaker={state.circuitBreaker} />
                    {endpoints.length > 1 && (
                      <span className="muted">
                        {" "}
                        {endpoints.filter((e) => e.circuitBreaker?.state === "open").length} of {endpoints.length} endpoints open
                      </span>
                    )}
                  </td>
                  <td data-label="Changed">
                    <Time value={s.updatedAt} /> <span className="muted">v{s.version}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {systems && systems.length === 0 && <p className="muted empty">No system is configured yet.</p>}
      </div>
    </section>
  );
}
