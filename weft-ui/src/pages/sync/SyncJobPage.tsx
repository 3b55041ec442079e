import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { useSession } from "../../auth/session";
import { useNewest } from "../../api/newest";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Time } from "../../components/Time";
import { useSlowingInterval, useWhileVisible } from "../../components/visible";
import { ConflictQueue } from "./ConflictQueue";
import { ARROWS, countsText, side, type SyncFailure, type SyncJob, type SyncRun } from "./types";

const POLL_MS = 3_000;
const SLOWEST_POLL_MS = 60_000;
const UNFINISHED = new Set(["queued", "running"]);

/** The `before` of the runs' next-page link (/api/v1/sync/{job}/runs?before=7&limit=50). */
export function beforeOf(next: string | undefined): number | undefined {
  if (!next) return undefined;
  const value = new URL(next, "http://x").searchParams.get("before");
  return value ? Number(value) : undefined;
}

/** One sync job: where it stands, its runs with their counts, its failed records and its conflict queue. */
export default function SyncJobPage() {
  const { job = "" } = useParams();
  const { can } = useSession();
  const [status, setStatus] = useState<SyncJob | null>(null);
  const [runs, setRuns] = useState<SyncRun[]>([]);
  const [runsNext, setRunsNext] = useState<string | undefined>();
  const [failures, setFailures] = useState<{ items: SyncFailure[]; next?: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // How many pages of runs and of failed records the reader has asked for ("Older runs", "More failed
  // records"): each read reads them all again, so what was shown stays, as it is now.
  const pages = useRef({ runs: 1, failures: 1 });
  // Reads overlap (the poll, a queued run, "Older runs"): only the newest read's answer is shown.
  const begin = useNewest();
  const [pollMs, seen] = useSlowingInterval(POLL_MS, SLOWEST_POLL_MS);
  const load = useCallback(async () => {
    const current = begin();
    try {
      const path = { job };
      const readRuns = async () => {
        const first = await unwrap(api.GET("/api/v1/sync/{job}/runs", { params: { path, query: { limit: 20 } } }));
        const items = [...(first.items ?? [])];
        let next = first.next;
        for (let page = 1; page < pages.current.runs && beforeOf(next) !== undefined; page++) {
          const r = await unwrap(
            api.GET("/api/v1/sync/{job}/runs", { params: { path, query: { before: beforeOf(next)!, limit: 20 } } }),
          );
          items.push(...(r.items ?? []));
          next = r.next;
        }
        return { items, next };
      };
      const readFailures = async () => {
        const first = await unwrap(api.GET("/api/v1/sync/{job}/failures", { params: { path, query: { limit: 50 } } }));
        const items = [...(first.items ?? [])];
        let next = first.next;
        for (let page = 1; page < pages.current.failures && next; page++) {
          const f = await unwrap(
            api.GET("/api/v1/sync/{job}/failures", { params: { path, query: { after: next, limit: 50 } } }),
          );
          items.push(...(f.items ?? []));
          next = f.next;
        }
        return { items, next };
      };
      const [j, r, f] = await Promise.all([
        unwrap(api.GET("/api/v1/sync/{job}", { params: { path } })),
        readRuns(),
        readFailures(),
      ]);
      if (!current()) return;
      seen(JSON.stringify([j, r, f]));
      setStatus(j);
      setRuns(r.items);
      setRunsNext(r.next);
      setFailures(f);
      setError(null);
    } catch (e) {
      if (current()) setError(asApiError(e));
    }
  }, [job, begin, seen]);

  useEffect(() => {
    pages.current = { runs: 1, failures: 1 };
    setStatus(null);
    void load();
  }, [load]);

  // While a run is queued or running, its counts and progress are read again every few seconds, while the
  // page is visible; less and less often (up to once a minute) while nothing changes, as when a run stays queued.
  const active = runs.some((r) => UNFINISHED.has(r.status));
  useWhileVisible(load, pollMs, active);

  function olderRuns() {
    if (beforeOf(runsNext) === undefined) return;
    pages.current.runs++;
    void load();
  }

  function moreFailures() {
    if (!failures?.next) return;
    pages.current.failures++;
    void load();
  }

  async function queue(full: boolean) {
    setNotice(null);
    try {
      const path = { job };
      const run = full
        ? await unwrap(api.POST("/api/v1/sync/{job}/resync", { params: { path } }))
        : await unwrap(api.POST("/api/v1/sync/{job}/run", { params: { path } }));
      setNotice(`Run ${run.id} of ${job} is ${run.status} (${run.reason}${run.full ? ", a full comparison" : ""}).`);
      setError(null);
      await load();
    } catch (e) {
      setError(asApiError(e));
    }
  }

  return (
    <section aria-labelledby="job-title">
      <p>
        <Link to="/sync">← Sync jobs</Link>
      </p>
      <h1 id="job-title" className="mono wrap">
        {job}
      </h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {status && (
        <>
          {status.description && <p>{status.description}</p>}
          <dl className="facts">
            <dt>Sides</dt>
            <dd className="wrap">
              {side(status.left)} {ARROWS[status.direction ?? ""] ?? "?"} {side(status.right)}{" "}
              <span className="muted">({status.direction?.replaceAll("_", " ")})</span>
            </dd>
            <dt>Schedule</dt>
            <dd>
              {status.schedule?.cron ? (
                <code>{status.schedule.cron}</code>
              ) : status.schedule?.every ? (
                `every ${status.schedule.every}`
              ) : (
                "when asked"
              )}
              {!status.enabled && <span className="muted"> (paused)</span>}
            </dd>
            <dt>Version</dt>
            <dd>
              {status.version} <span className="muted">deployed <Time value={status.updatedAt} /></span>
            </dd>
            <dt>Records paired</dt>
            <dd>{status.links ?? 0}</dd>
            <dt>Waiting changes</dt>
            <dd>{status.waitingChanges ?? 0}</dd>
            <dt>Failed records</dt>
            <dd>{status.failures ?? 0}</dd>
            <dt>Open conflicts</dt>
            <dd>{status.openConflicts ?? 0}</dd>
          </dl>
          {can("sync.run") && (
            <div className="actions" aria-label="Actions">
              <ConfirmButton
                label="Run now"
                question="Queue a run now? It copies what changed since the last one (or returns the run already queued)."
                confirmLabel="Yes, run it"
                onConfirm={() => queue(false)}
              />
              <ConfirmButton
                label="Resync"
                question="Queue a full comparison? Every record of both sides is read and compared, and deletions are handled by the job's rule."
                confirmLabel="Yes, resync"
                onConfirm={() => queue(true)}
              />
            </div>
          )}

          <h2>Runs</h2>
          {runs.length === 0 ? (
            <p className="muted empty">No runs yet.{can("sync.run") ? " Run now queues the first one." : ""}</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="table stack">
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Status</th>
                    <th scope="col">Why</th>
                    <th scope="col">Counts</th>
                    <th scope="col">Started</th>
                    <th scope="col">Finished</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.map((r) => (
                    <tr key={r.id}>
                      <td data-label="Run">{r.id}</td>
                      <td data-label="Status">
                        <StatusBadge status={r.status} />
                        {r.error && <div className="field-error wrap">{r.error}</div>}
                        {r.progress && UNFINISHED.has(r.status) && (
                          <div className="muted mono wrap">{JSON.stringify(r.progress)}</div>
                        )}
                      </td>
                      <td data-label="Why">
                        {r.reason}
                        {r.full ? " (full)" : ""}
                      </td>
                      <td data-label="Counts">{countsText(r)}</td>
                      <td data-label="Started">
                        <Time value={r.startedAt} />
                      </td>
                      <td data-label="Finished">
                        <Time value={r.finishedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {runsNext && (
            <button type="button" className="button" onClick={olderRuns}>
              Older runs
            </button>
          )}

          <h2>Failed records</h2>
          {failures && failures.items.length === 0 ? (
            <p className="muted empty">No record failed: every record read was written or held for review.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="table stack">
                <thead>
                  <tr>
                    <th scope="col">Side</th>
                    <th scope="col">Key</th>
                    <th scope="col">Error</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last failed</th>
                  </tr>
                </thead>
                <tbody>
                  {failures?.items.map((f) => (
                    <tr key={`${f.side}:${JSON.stringify(f.key)}`}>
                      <td data-label="Side">{f.side}</td>
                      <td data-label="Key" className="mono wrap">
                        {JSON.stringify(f.key)}
                      </td>
                      <td data-label="Error" className="wrap">
                        {f.message} <code className="muted">{f.code}</code>
                      </td>
                      <td data-label="Attempts">{f.attempts}</td>
                      <td data-label="Last failed">
                        <Time value={f.lastFailedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {failures?.next && (
            <button type="button" className="button" onClick={moreFailures}>
              More failed records
            </button>
          )}
          {failures && failures.items.length > 0 && <p className="muted">Every later run tries the failed records again.</p>}

          <ConflictQueue job={job} onResolved={() => void load()} />
        </>
      )}
    </section>
  );
}
