import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Time } from "../../components/Time";
import { ARROWS, countsText, side, type SyncJob } from "./types";

/** Every sync job of the tenant with its sides, records paired, failures, open conflicts and last run. */
export default function SyncJobsList() {
  const [jobs, setJobs] = useState<SyncJob[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    unwrap(api.GET("/api/v1/sync"))
      .then((l) => {
        if (!live) return;
        setJobs(l.items ?? []);
        setError(null);
      })
      .catch((e) => live && setError(asApiError(e)));
    return () => {
      live = false;
    };
  }, [reload]);

  return (
    <section aria-labelledby="sync-title">
      <h1 id="sync-title">Sync jobs</h1>
      <div className="row">
        <button type="button" className="button" onClick={() => setReload(reload + 1)}>
          Refresh
        </button>
      </div>
      <ErrorBanner error={error} />
      {jobs && jobs.length === 0 && (
        <p className="muted empty">
          No sync jobs yet. A job is a file with <code>kind: sync</code>: deploy it with{" "}
          <code>weft deploy customers.yaml</code> or <code>PUT /api/v1/sync/&#123;job&#125;</code> (docs/sync.md shows
          one).
        </p>
      )}
      {jobs && jobs.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table className="table stack">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Sides</th>
                <th scope="col">Records paired</th>
                <th scope="col">Failed records</th>
                <th scope="col">Open conflicts</th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td data-label="Job">
                    <Link to={`/sync/${encodeURIComponent(j.id)}`}>{j.id}</Link>
                    {!j.enabled && <span className="muted"> (paused)</span>}
                    {j.description && <div className="muted">{j.description}</div>}
                  </td>
                  <td data-label="Sides" className="wrap">
                    {side(j.left)} <span aria-label={j.direction?.replaceAll("_", " ")}>{ARROWS[j.direction ?? ""] ?? "?"}</span>{" "}
                    {side(j.right)}
                  </td>
                  <td data-label="Records paired">{j.links ?? 0}</td>
                  <td data-label="Failed records">{j.failures ?? 0}</td>
                  <td data-label="Open conflicts">
                    {(j.openConflicts ?? 0) > 0 ? (
                      <Link to={`/sync/${encodeURIComponent(j.id)}#conflicts`}>{j.openConflicts}</Link>
                    ) : (
                      0
                    )}
                  </td>
                  <td data-label="Last run">
                    {j.lastRun ? (
                      <>
                        <StatusBadge status={j.lastRun.status} /> <Time value={j.lastRun.finishedAt ?? j.lastRun.createdAt} />
                        <div className="muted">{countsText(j.lastRun)}</div>
                      </>
                    ) : (
                      <span className="muted">never run</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
