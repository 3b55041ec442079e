import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { ConfirmButton } from "../../components/Confirm";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Pager } from "../../components/Pager";
import { usePagedList } from "../../components/paging";
import { Time } from "../../components/Time";
import { DELIVERY_STATUSES, type Delivery } from "./types";

interface Filters {
  status: string;
  type: string;
  since: string;
  until: string;
}
const NONE: Filters = { status: "", type: "", since: "", until: "" };
const PAGE = 50;

/** The query of listWebhookDeliveries: empty filters left out. */
export function deliveriesQuery(f: Filters, cursor: string | undefined) {
  const q: { status?: string; type?: string; since?: string; until?: string; cursor?: string; limit: number } = {
    limit: PAGE,
  };
  if (f.status) q.status = f.status;
  if (f.type.trim()) q.type = f.type.trim();
  if (f.since.trim()) q.since = f.since.trim();
  if (f.until.trim()) q.until = f.until.trim();
  if (cursor) q.cursor = cursor;
  return q;
}

/** An endpoint's deliveries, newest first, filtered and paged by the API's cursors; bulk replay for operators. */
export function Deliveries({
  endpointId,
  canSend,
  onReplayed,
  onError,
}: {
  endpointId: string;
  canSend: boolean;
  onReplayed: (count: number) => void;
  onError: (e: ApiError) => void;
}) {
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const paging = usePagedList();
  const [page, setPage] = useState<{ items: Delivery[]; next: string | null } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const cursor = paging.cursor;

  useEffect(() => {
    let live = true;
    setLoading(true);
    unwrap(
      api.GET("/api/v1/webhooks/endpoints/{id}/deliveries", {
        params: { path: { id: endpointId }, query: deliveriesQuery(filters, cursor) },
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
  }, [endpointId, filters, cursor, reload]);

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters(draft);
    paging.reset();
  }

  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <form className="filters" onSubmit={apply} aria-label="Filter deliveries">
        <label className="field">
          <span>Status</span>
          <select name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">any</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Event types</span>
          <input
            name="type"
            placeholder="execution.failed, invoice.approved"
            value={draft.type}
            onChange={(e) => setDraft({ ...draft, type: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Since</span>
          <input
            name="since"
            placeholder="24h or 2026-12-06T18:00:00Z"
            value={draft.since}
            onChange={(e) => setDraft({ ...draft, since: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Until</span>
          <input name="until" placeholder="1h or an instant" value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button primary">
            Apply
          </button>
          <button type="button" className="button" onClick={() => setReload(reload + 1)}>
            Refresh
          </button>
        </div>
      </form>
      <ErrorBanner error={error} />
      <div className="table-wrap" tabIndex={0} aria-busy={loading}>
        <table className="table stack">
          <thead>
            <tr>
              <th scope="col">Delivery</th>
              <th scope="col">Event type</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Next try</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((d) => (
              <tr key={d.id}>
                <td data-label="Delivery">
                  <Link to={`/webhooks/deliveries/${encodeURIComponent(d.id)}`} className="mono">
                    {d.id}
                  </Link>
                </td>
                <td data-label="Type">
                  <span className="mono">{d.eventType}</span>
                </td>
                <td data-label="Status">
                  <DeliveryBadge status={d.status} />
                </td>
                <td data-label="Attempts">{d.attempts}</td>
                <td data-label="Answer">
                  <div>
                    {d.lastStatus ?? <span className="muted">—</span>}
                    {d.lastError && <div className="muted wrap">{d.lastError}</div>}
                  </div>
                </td>
                <td data-label="Next try">
                  <Time value={d.dueAt} />
                </td>
                <td data-label="Created">
                  <Time value={d.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.items.length === 0 && <p className="muted empty">No deliveries match these filters.</p>}
      </div>
      <Pager paging={paging} nextCursor={page?.next} loading={loading} label="Pages of deliveries" />
      {canSend && (
        <Replay
          endpointId={endpointId}
          onReplayed={(n) => {
            onReplayed(n);
            setReload((r) => r + 1);
          }}
          onError={onError}
        />
      )}
    </section>
  );
}

/** Bulk replay: every delivery created since a time with the chosen statuses, sent again after a confirmation. */
function Replay({
  endpointId,
  onReplayed,
  onError,
}: {
  endpointId: string;
  onReplayed: (count: number) => void;
  onError: (e: ApiError) => void;
}) {
  const [since, setSince] = useState("24h");
  const [statuses, setStatuses] = useState<string[]>(["failed"]);
  const ready = since.trim() !== "" && statuses.length > 0;
  return (
    <fieldset className="card replay">
      <legend>Send again in bulk</legend>
      <p className="muted">
        Each delivery is sent again with its first attempt's webhook-id and body, its retry schedule started again;
        its earlier attempts stay in its history.
      </p>
      <div className="row">
        <label className="field">
          <span>Created since (required)</span>
          <input name="replaySince" required value={since} onChange={(e) => setSince(e.target.value)} placeholder="24h or an instant" />
        </label>
        {DELIVERY_STATUSES.map((s) => (
          <label key={s} className="field check">
            <span>
              <input
                type="checkbox"
                name={`replay-${s}`}
                checked={statuses.includes(s)}
                onChange={(e) => setStatuses(e.target.checked ? [...statuses, s] : statuses.filter((x) => x !== s))}
              />
              {s}
            </span>
          </label>
        ))}
      </div>
      {ready ? (
        <ConfirmButton
          label="Replay"
          question={`Send again every ${statuses.join(" or ")} delivery created since ${since.trim()}?`}
          confirmLabel="Yes, replay"
          onConfirm={async () => {
            try {
              const r = await unwrap(
                api.POST("/api/v1/webhooks/endpoints/{id}/replay", {
                  params: { path: { id: endpointId }, query: { since: since.trim(), status: statuses.join(",") } },
                }),
              );
              onReplayed(r.replayed);
            } catch (e) {
              onError(asApiError(e));
            }
          }}
        />
      ) : (
        <p className="field-error">Give the time since when, and at least one status, to replay.</p>
      )}
    </fieldset>
  );
}

const BADGE: Record<string, string> = { pending: "badge-waiting", succeeded: "badge-succeeded", failed: "badge-failed" };

/** A delivery's or an attempt's status as a word with a colour; the word carries the meaning. */
export function DeliveryBadge({ status }: { status: string }) {
  return <span className={`badge ${BADGE[status] ?? "badge-other"}`}>{status}</span>;
}
