import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import type { components } from "../../api/schema";
import { useNewest } from "../../api/newest";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { Time } from "../../components/Time";
import { useWhileVisible } from "../../components/visible";
import { HBars, StackedBars, type Series } from "./charts";
import { bucketLabel, millis, percent, seconds } from "./format";

export type Stats = components["schemas"]["Stats"];
type Status = keyof components["schemas"]["StatusCounts"];

/**
 * The windows a reader can choose, as the API's `since` durations, and how often the numbers are read again
 * while the page is visible: a long window counts many executions, and its chart barely moves in a minute.
 */
export const WINDOWS = [
  { value: "1h", label: "Last hour", refreshMs: 30_000 },
  { value: "24h", label: "Last 24 hours", refreshMs: 30_000 },
  { value: "7d", label: "Last 7 days", refreshMs: 300_000 },
  { value: "30d", label: "Last 30 days", refreshMs: 300_000 },
] as const;
const DEFAULT_WINDOW = "24h";

const SERIES: (Series & { key: Status })[] = [
  { key: "succeeded", label: "succeeded", className: "fill-succeeded" },
  { key: "failed", label: "failed", className: "fill-failed" },
  { key: "cancelled", label: "cancelled", className: "fill-cancelled" },
  { key: "running", label: "running", className: "fill-running" },
  { key: "waiting", label: "waiting", className: "fill-waiting" },
  { key: "queued", label: "queued", className: "fill-queued" },
];

/** The tenant at a glance: executions over time, failing flows, slowest steps, breakers, webhooks, sync. */
export default function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const chosen = WINDOWS.find((w) => w.value === params.get("window")) ?? WINDOWS.find((w) => w.value === DEFAULT_WINDOW)!;
  const since = chosen.value;
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [readAt, setReadAt] = useState<Date | null>(null);

  // Another window chosen while a slow read (30 days) is under way: only the newest read's numbers are shown.
  const begin = useNewest();
  const load = useCallback(() => {
    const current = begin();
    setLoading(true);
    unwrap(api.GET("/api/v1/stats", { params: { query: { since } } }))
      .then((s) => {
        if (!current()) return;
        setStats(s);
        setError(null);
        setReadAt(new Date());
      })
      .catch((e) => current() && setError(asApiError(e)))
      .finally(() => current() && setLoading(false));
  }, [since, begin]);
  // Read now, every refreshMs while the page is visible, and at once when it becomes visible again.
  useEffect(load, [load]);
  useWhileVisible(load, chosen.refreshMs);

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">Dashboard</h1>
      <div className="row dashboard-controls">
        <label className="field inline">
          <span>Window</span>
          <select
            name="window"
            value={since}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set("window", e.target.value);
              setParams(next);
            }}
          >
            {WINDOWS.map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={load} disabled={loading}>
          Refresh
        </button>
        <span className="muted" role="status">
          {loading
            ? "Reading…"
            : readAt
              ? `Read at ${readAt.toLocaleTimeString()}; read again every ${chosen.refreshMs >= 60_000 ? `${chosen.refreshMs / 60_000} min` : `${chosen.refreshMs / 1000} s`} while this page is open.`
              : ""}
        </span>
      </div>
      <ErrorBanner error={error} />
      {stats && (
        <div className="dashboard-grid">
          <ExecutionsCard stats={stats} since={since} />
          <FailingFlowsCard stats={stats} since={since} />
          <SlowStepsCard stats={stats} />
          <BreakersCard stats={stats} />
          <WebhooksCard stats={stats} />
          <SyncCard stats={stats} />
        </div>
      )}
    </section>
  );
}

function Card({ id, title, children, wide }: { id: string; title: string; children: ReactNode; wide?: boolean }) {
  return (
    <section className={wide ? "card dash-card wide" : "card dash-card"} aria-labelledby={id}>
      <h2 id={id} className="card-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function ExecutionsCard({ stats, since }: { stats: Stats; since: string }) {
  const { total, byStatus, buckets } = stats.executions;
  const windowMs = new Date(stats.to).getTime() - new Date(stats.from).getTime();
  const columns = buckets.map((b) => ({ label: bucketLabel(b.start, windowMs), values: b.counts }));
  const named = SERIES.filter((s) => byStatus[s.key] > 0);
  const summary =
    total === 0
      ? "No executions in this window."
      : `${total} executions: ${named.map((s) => `${byStatus[s.key]} ${s.label}`).join(", ")}.`;
  const filled = buckets.filter((b) => SERIES.some((s) => b.counts[s.key] > 0));
  return (
    <Card id="dash-executions" title="Executions over time" wide>
      <p className="dash-totals">
        <strong>{total}</strong> created in this window
        {named.map((s) => (
          <span key={s.key}>
            {" · "}
            <Link to={`/executions?status=${s.key}&since=${since}`}>
              {byStatus[s.key]} {s.label}
            </Link>
          </span>
        ))}
      </p>
      {total === 0 ? (
        <p className="muted empty">
          No executions were created in this window. Run a flow from the <Link to="/flows">Flows</Link> page, or
          choose a longer window.
        </p>
      ) : (
        <>
          <StackedBars
            title="Executions by status over time"
            summary={summary}
            columns={columns}
            series={SERIES}
            ends={[bucketLabel(stats.from, windowMs), bucketLabel(stats.to, windowMs)]}
          />
          <details>
            <summary>Executions over time as a table</summary>
            <div className="table-wrap" tabIndex={0}>
              <table className="table">
                <caption className="visually-hidden">
                  Executions created in each {stats.bucket} bucket, by status; buckets with none are left out
                </caption>
                <thead>
                  <tr>
                    <th scope="col">From</th>
                    {SERIES.map((s) => (
                      <th scope="col" key={s.key}>
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {filled.map((b) => (
                    <tr key={b.start}>
                      <th scope="row">
                        <Time value={b.start} />
                      </th>
                      {SERIES.map((s) => (
                        <td key={s.key}>{b.counts[s.key]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </Card>
  );
}

function FailingFlowsCard({ stats, since }: { stats: Stats; since: string }) {
  const flows = stats.failingFlows;
  return (
    <Card id="dash-failing" title="Failure rate per flow">
      {flows.length === 0 ? (
        <p className="muted empty">
          {stats.executions.total === 0
            ? "No executions in this window, so no failures."
            : "No flow failed in this window."}
        </p>
      ) : (
        <>
          <HBars
            title="Failure rate per flow"
            summary={flows.map((f) => `${f.flow}: ${percent(f.failureRate)} failed`).join("; ")}
            bars={flows.map((f) => ({ label: f.flow, value: f.failureRate, text: percent(f.failureRate) }))}
            max={1}
            className="fill-failed"
          />
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">Flows that failed, highest failure rate first</caption>
              <thead>
                <tr>
                  <th scope="col">Flow</th>
                  <th scope="col">Failure rate</th>
                  <th scope="col">Failed of ended</th>
                </tr>
              </thead>
              <tbody>
                {flows.map((f) => (
                  <tr key={f.flow}>
                    <th scope="row">
                      <Link to={`/flows/${encodeURIComponent(f.namespace)}/${encodeURIComponent(f.id)}`}>{f.flow}</Link>
                    </th>
                    <td>{percent(f.failureRate)}</td>
                    <td>
                      <Link to={`/executions?flow=${encodeURIComponent(f.flow)}&status=failed&since=${since}`}>
                        {f.failed} of {f.succeeded + f.failed + f.cancelled}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

function SlowStepsCard({ stats }: { stats: Stats }) {
  const steps = stats.slowSteps;
  return (
    <Card id="dash-slow" title="Slowest steps">
      {steps.length === 0 ? (
        <p className="muted empty">No step finished in this window.</p>
      ) : (
        <>
          {stats.slowStepsOf < stats.executions.total && (
            <p className="muted">
              Among the steps of the newest {stats.slowStepsOf} of the window's {stats.executions.total} executions.
            </p>
          )}
          <HBars
            title="Slowest steps by their longest run"
            summary={steps.map((s) => `${s.flow} ${s.step}: longest ${millis(s.maxMillis)}, average ${millis(s.averageMillis)}`).join("; ")}
            bars={steps.map((s) => ({
              label: `${s.flow} · ${s.step}`,
              value: s.maxMillis,
              inner: s.averageMillis,
              text: millis(s.maxMillis),
            }))}
            className="fill-running"
          />
          <div className="table-wrap" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">Steps by their longest run, longest first</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Longest</th>
                  <th scope="col">Average</th>
                  <th scope="col">Runs</th>
                </tr>
              </thead>
              <tbody>
                {steps.map((s) => (
                  <tr key={`${s.flow}:${s.step}`}>
                    <th scope="row">
                      <Link to={`/flows/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.flowId)}`}>{s.flow}</Link>{" "}
                      <span className="mono">{s.step}</span>
                    </th>
                    <td>{millis(s.maxMillis)}</td>
                    <td>{millis(s.averageMillis)}</td>
                    <td>{s.runs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

function NotRead({ what, permission }: { what: string; permission: string }) {
  return (
    <p className="muted empty">
      Your role does not read {what} (it needs <code>{permission}</code>).
    </p>
  );
}

function BreakersCard({ stats }: { stats: Stats }) {
  const breakers = stats.openBreakers;
  return (
    <Card id="dash-breakers" title="Open circuit breakers">
      {!breakers ? (
        <NotRead what="systems" permission="systems.read" />
      ) : breakers.length === 0 ? (
        <p className="muted empty">
          Every system's circuit breaker is closed: calls go through. <Link to="/systems">Systems</Link>
        </p>
      ) : (
        <ul className="plain-list">
          {breakers.map((b) => (
            <li key={b.system}>
              <Link to={`/systems/${encodeURIComponent(b.system)}`}>{b.system}</Link>{" "}
              <span className="muted">({b.connector})</span> <span className="badge badge-failed">{b.state.replace("_", "-")}</span>
              {b.failureRate !== undefined && <span className="muted"> {Math.round(b.failureRate)}% of recent calls failed</span>}
              {b.openEndpoints.length > 0 && (
                <span className="muted wrap"> · endpoints not closed: {b.openEndpoints.join(", ")}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function WebhooksCard({ stats }: { stats: Stats }) {
  const w = stats.webhooks;
  return (
    <Card id="dash-webhooks" title="Webhook backlog">
      {!w ? (
        <NotRead what="webhooks" permission="webhooks.read" />
      ) : (
        <>
          <p className="dash-totals">
            <strong>{w.pending}</strong> {w.pending === 1 ? "delivery" : "deliveries"} waiting to be sent or retried
          </p>
          {w.endpoints.length === 0 ? (
            <p className="muted empty">
              No endpoint is failing or has deliveries waiting. <Link to="/webhooks">Webhooks</Link>
            </p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="table stack">
                <thead>
                  <tr>
                    <th scope="col">Endpoint</th>
                    <th scope="col">Pending</th>
                    <th scope="col">Oldest pending</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {w.endpoints.map((e) => (
                    <tr key={e.endpoint}>
                      <td data-label="Endpoint">
                        <Link to={`/webhooks/endpoints/${encodeURIComponent(e.endpoint)}`} className="wrap">
                          {e.url}
                        </Link>
                      </td>
                      <td data-label="Pending">{e.pending}</td>
                      <td data-label="Oldest pending">
                        <Time value={e.oldestPendingAt} />
                      </td>
                      <td data-label="State">
                        {!e.enabled ? (
                          <span>disabled{e.disabledReason ? `: ${e.disabledReason}` : ""}</span>
                        ) : e.failingSince ? (
                          <span>
                            failing since <Time value={e.failingSince} />
                          </span>
                        ) : (
                          <span className="muted">sending</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function SyncCard({ stats }: { stats: Stats }) {
  const jobs = stats.sync;
  return (
    <Card id="dash-sync" title="Sync lag" wide>
      {!jobs ? (
        <NotRead what="sync jobs" permission="sync.read" />
      ) : jobs.length === 0 ? (
        <p className="muted empty">
          No sync jobs. Deploy one with <code>weft deploy job.yaml</code> or <code>PUT /api/v1/sync/&#123;job&#125;</code>;
          they are listed under <Link to="/sync">Sync jobs</Link>.
        </p>
      ) : (
        <>
          <HBars
            title="Time since each sync job's last successful run"
            summary={jobs.map((j) => `${j.job}: ${j.lagSeconds === null ? "never succeeded" : seconds(j.lagSeconds)}`).join("; ")}
            bars={jobs.map((j) => ({
              label: j.job,
              value: j.lagSeconds ?? 0,
              text: j.lagSeconds === null ? "never succeeded" : seconds(j.lagSeconds),
            }))}
            className="fill-waiting"
          />
          <div className="table-wrap" tabIndex={0}>
            <table className="table stack">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Since last success</th>
                  <th scope="col">Last run</th>
                  <th scope="col">Waiting changes</th>
                  <th scope="col">Failed records</th>
                  <th scope="col">Open conflicts</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((j) => (
                  <tr key={j.job}>
                    <td data-label="Job">
                      <Link to={`/sync/${encodeURIComponent(j.job)}`}>{j.job}</Link>
                    </td>
                    <td data-label="Since last success">
                      {j.lagSeconds === null ? "never succeeded" : seconds(j.lagSeconds)}
                    </td>
                    <td data-label="Last run">{j.lastRun ? <StatusBadge status={j.lastRun.status} /> : <span className="muted">none</span>}</td>
                    <td data-label="Waiting changes">{j.waitingChanges}</td>
                    <td data-label="Failed records">{j.failures}</td>
                    <td data-label="Open conflicts">
                      {j.openConflicts > 0 ? (
                        <Link to={`/sync/${encodeURIComponent(j.job)}#conflicts`}>{j.openConflicts}</Link>
                      ) : (
                        0
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}
