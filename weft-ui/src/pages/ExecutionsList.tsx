import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, asApiError, unwrap, type ApiError, type Execution } from "../api/client";
import { ErrorBanner } from "../components/ErrorBanner";
import { Pager } from "../components/Pager";
import { usePagedList } from "../components/paging";
import { paramsOfFilters, useUrlFilters } from "../components/urlFilters";
import { StatusBadge } from "../components/StatusBadge";
import { Time } from "../components/Time";
import { FirstRun } from "./FirstRun";

export const STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"] as const;
/** The kinds the platform starts executions with; a connector trigger's type (rabbitmq.consume) may be typed. */
export const TRIGGERS = ["manual", "webhook", "schedule", "flow", "subflow", "replay"] as const;
const PAGE_SIZE = 50;

export interface Filters {
  q: string;
  flow: string;
  status: string;
  trigger: string;
  since: string;
  until: string;
}

const KEYS: readonly (keyof Filters)[] = ["q", "flow", "status", "trigger", "since", "until"];

/** The query of listExecutions for these filters and cursor: empty filters are left out. */
export function executionsQuery(filters: Filters, cursor: string | undefined) {
  const query: {
    q?: string;
    flow?: string;
    status?: string;
    trigger?: string;
    since?: string;
    until?: string;
    cursor?: string;
    limit: number;
  } = { limit: PAGE_SIZE };
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.flow.trim()) query.flow = filters.flow.trim();
  if (filters.status) query.status = filters.status;
  if (filters.trigger.trim()) query.trigger = filters.trigger.trim();
  if (filters.since.trim()) query.since = filters.since.trim();
  if (filters.until.trim()) query.until = filters.until.trim();
  if (cursor) query.cursor = cursor;
  return query;
}

/** The address's query for these filters: the empty ones left out, in a stable order. */
export function paramsOf(filters: Filters): URLSearchParams {
  return paramsOfFilters(KEYS, filters);
}

/** The executions, newest first, filtered through the address bar and paged by the API's cursors. */
export function ExecutionsList() {
  const { key, filters, draft, setDraft, apply, clear } = useUrlFilters(KEYS);
  const paging = usePagedList(key);
  const [page, setPage] = useState<{ executions: Execution[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const cursor = paging.cursor;

  useEffect(() => {
    let live = true;
    setLoading(true);
    unwrap(
      api.GET("/api/v1/executions", {
        params: { query: executionsQuery(filters, cursor) },
      }),
    )
      .then((p) => {
        if (!live) return;
        setPage(p);
        setError(null);
      })
      .catch((e) => live && setError(asApiError(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [filters, cursor, reload]);

  return (
    <section aria-labelledby="executions-title">
      <h1 id="executions-title">Executions</h1>
      <FirstRun />
      <form className="filters" onSubmit={apply} aria-label="Filter executions">
        <label className="field">
          <span>Id starts with</span>
          <input
            name="q"
            className="mono"
            placeholder="01a2… or a delivery id"
            autoComplete="off"
            spellCheck={false}
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Flow</span>
          <input
            name="flow"
            placeholder="namespace/id"
            value={draft.flow}
            onChange={(e) => setDraft({ ...draft, flow: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Status</span>
          <select name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Trigger</span>
          <input
            name="trigger"
            list="trigger-kinds"
            placeholder="any"
            autoComplete="off"
            value={draft.trigger}
            onChange={(e) => setDraft({ ...draft, trigger: e.target.value })}
          />
          <datalist id="trigger-kinds">
            {TRIGGERS.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Since</span>
          <input
            name="since"
            placeholder="1h, 7d or 2026-11-22T10:00:00Z"
            value={draft.since}
            onChange={(e) => setDraft({ ...draft, since: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Until</span>
          <input
            name="until"
            placeholder="15m or an instant"
            value={draft.until}
            onChange={(e) => setDraft({ ...draft, until: e.target.value })}
          />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button primary">
            Apply
          </button>
          <button type="button" className="button" onClick={() => setReload(reload + 1)}>
            Refresh
          </button>
          {key && (
            <button type="button" className="button" onClick={clear}>
              Clear filters
            </button>
          )}
        </div>
      </form>
      <ErrorBanner error={error} />
      <div className="table-wrap" tabIndex={0} aria-busy={loading}>
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">Execution</th>
              <th scope="col">Flow</th>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">Created</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {page?.executions.map((x) => (
              <tr key={x.id}>
                <td data-label="Execution">
                  <Link to={`/executions/${encodeURIComponent(x.id ?? "")}`} className="mono">
                    {x.id}
                  </Link>
                </td>
                <td data-label="Flow">
                  {x.flow} <span className="muted">v{x.version}</span>
                </td>
                <td data-label="Status">
                  <StatusBadge status={x.status} />
                </td>
                <td data-label="Trigger">{x.triggerKind ?? "—"}</td>
                <td data-label="Created">
                  <Time value={x.createdAt} />
                </td>
                <td data-label="Finished">
                  <Time value={x.finishedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.executions.length === 0 && <p className="muted empty">No executions match these filters.</p>}
      </div>
      <Pager paging={paging} nextCursor={page?.nextCursor} loading={loading} />
    </section>
  );
}
