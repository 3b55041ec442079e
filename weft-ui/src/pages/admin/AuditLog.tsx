import { useEffect, useRef, useState } from "react";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Pager } from "../../components/Pager";
import { usePagedList } from "../../components/paging";
import { useUrlFilters } from "../../components/urlFilters";
import { Time } from "../../components/Time";
import { AuditReport } from "./AuditReport";

export type AuditEntry = components["schemas"]["AuditEntry"];
const FIELDS = ["actor", "action", "outcome", "since", "until"] as const;
type Filters = Record<(typeof FIELDS)[number], string>;
const PAGE = 50;

/** The query of listAuditEntries: empty filters left out. */
export function auditQuery(f: Filters, cursor: string | undefined) {
  const q: Partial<Filters> & { cursor?: string; limit: number } = { limit: PAGE };
  FIELDS.forEach((k) => {
    if (f[k].trim()) q[k] = f[k].trim();
  });
  if (cursor) q.cursor = cursor;
  return q;
}

/**
 * The tenant's audit log, newest first: filters kept in the address, cursor pages, an entry's every field,
 * the export of a range as JSON lines, and the report of a range.
 */
export default function AuditLog() {
  const { key, filters, draft, setDraft, apply } = useUrlFilters(FIELDS);
  const paging = usePagedList(key);
  const [page, setPage] = useState<{ items: AuditEntry[]; next: string | null } | null>(null);
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const cursor = paging.cursor;

  useEffect(() => {
    let live = true;
    setLoading(true);
    unwrap(api.GET("/api/v1/audit", { params: { query: auditQuery(filters, cursor) } }))
      .then((p) => {
        if (!live) return;
        setPage({ items: p.items ?? [], next: p.next ?? null });
        setError(null);
      })
      .catch((e) => live && setError(asApiError(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [filters, cursor, reload]);

  const input = (name: (typeof FIELDS)[number], label: string, placeholder: string) => (
    <label className="field">
      <span>{label}</span>
      <input name={name} placeholder={placeholder} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </label>
  );

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p className="muted">
        Every change made through the API, every sign-in and every failed authentication of this tenant, hash-chained:
        <code> weft audit verify</code> on the server recomputes the chain.
      </p>
      <form className="filters" onSubmit={apply} aria-label="Filter the audit log">
        {input("actor", "Actor", "api-key:k… or user:…")}
        {input("action", "Action", "rotateWebhookSecret, login…")}
        <label className="field">
          <span>Outcome</span>
          <select name="outcome" value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}>
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
          </select>
        </label>
        {input("since", "Since", "24h or an instant")}
        {input("until", "Until", "1h or an instant")}
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
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Resource</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((e) => (
              <tr key={e.seq}>
                <td data-label="#">
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={open?.seq === e.seq}
                    aria-controls="audit-entry"
                    onClick={() => setOpen(open?.seq === e.seq ? null : e)}
                  >
                    {e.seq}
                  </button>
                </td>
                <td data-label="When">
                  <Time value={e.at} />
                </td>
                <td data-label="Actor" className="mono wrap">
                  {e.actor}
                </td>
                <td data-label="Action" className="mono">
                  {e.action}
                </td>
                <td data-label="Resource" className="mono wrap">
                  {e.resource}
                </td>
                <td data-label="Outcome">
                  <span className={`badge ${e.outcome === "success" ? "badge-succeeded" : "badge-failed"}`}>{e.outcome}</span>
                  {e.status !== 0 && <span className="muted"> {e.status}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.items.length === 0 && <p className="muted empty">No entries match these filters.</p>}
      </div>
      <Pager paging={paging} nextCursor={page?.next} loading={loading} label="Pages of the audit log" />
      {open && <EntryDetail entry={open} onClose={() => setOpen(null)} />}
      <AuditReport />
    </section>
  );
}

function EntryDetail({ entry, onClose }: { entry: AuditEntry; onClose: () => void }) {
  // The entry opens below the table: the focus goes to it, so that a keyboard or screen-reader user is there.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [entry.seq]);
  return (
    <div id="audit-entry" className="card" role="region" aria-label={`Audit entry ${entry.seq}`} tabIndex={-1} ref={box}>
      <h2 className="card-title">Entry {entry.seq}</h2>
      <dl className="facts">
        <dt>When</dt>
        <dd>
          <Time value={entry.at} />
        </dd>
        <dt>Tenant</dt>
        <dd className="mono">{entry.tenant}</dd>
        <dt>Actor</dt>
        <dd className="mono wrap">{entry.actor}</dd>
        <dt>Action</dt>
        <dd className="mono">{entry.action}</dd>
        <dt>Resource</dt>
        <dd className="mono wrap">{entry.resource}</dd>
        <dt>Outcome</dt>
        <dd>
          {entry.outcome}, {entry.status === 0 ? "committed with the change" : `answered ${entry.status}`}
        </dd>
        <dt>Client address</dt>
        <dd className="mono">{entry.clientAddress ?? "—"}</dd>
        <dt>User agent</dt>
        <dd className="wrap">{entry.userAgent ?? "—"}</dd>
        <dt>Before (digest)</dt>
        <dd className="mono wrap">{entry.before ?? "—"}</dd>
        <dt>After (digest)</dt>
        <dd className="mono wrap">{entry.after ?? "—"}</dd>
        <dt>Previous hash</dt>
        <dd className="mono wrap">{entry.previousHash}</dd>
        <dt>Hash</dt>
        <dd className="mono wrap">{entry.hash}</dd>
      </dl>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
