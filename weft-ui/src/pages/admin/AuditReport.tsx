import { useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Json } from "../../components/Json";

type Report = {
  entries?: number;
  failures?: number;
  byAction?: Record<string, number>;
  byActor?: Record<string, number>;
  failedLoginBursts?: unknown[];
  massDeletions?: unknown[];
};

/** A range of the log: its report (counts, failed-sign-in bursts, mass deletions) and its export as JSON lines. */
export function AuditReport() {
  const [from, setFrom] = useState("24h");
  const [to, setTo] = useState("");
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const range = new URLSearchParams({ from: from.trim() });
  if (to.trim()) range.set("to", to.trim());

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const query: { from: string; to?: string } = { from: from.trim() };
      if (to.trim()) query.to = to.trim();
      setReport(await unwrap(api.GET("/api/v1/audit/report", { params: { query } })));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="audit-report-title">
      <h2 id="audit-report-title" className="card-title">
        Report and export
      </h2>
      <form className="filters" onSubmit={submit} aria-label="Range of the report">
        <label className="field">
          <span>From (required)</span>
          <input name="from" required value={from} onChange={(e) => setFrom(e.target.value)} placeholder="24h or an instant" />
        </label>
        <label className="field">
          <span>To</span>
          <input name="to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="now when empty" />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button primary" disabled={busy || from.trim() === ""}>
            Report
          </button>
          {from.trim() !== "" && (
            <a className="button" href={`/api/v1/audit/export?${range.toString()}`} download="audit.jsonl">
              Export (JSON lines)
            </a>
          )}
        </div>
      </form>
      <ErrorBanner error={error} />
      {report && (
        <div className="columns">
          <div>
            <p>
              <strong>{report.entries ?? 0}</strong> entries, <strong>{report.failures ?? 0}</strong> failures.
            </p>
            <Counts title="By action" counts={report.byAction} />
          </div>
          <Counts title="By actor" counts={report.byActor} />
          <div>
            <h3>Bursts of failed sign-ins</h3>
            {report.failedLoginBursts?.length ? <Json value={report.failedLoginBursts} /> : <p className="muted">None.</p>}
            <h3>Mass deletions</h3>
            {report.massDeletions?.length ? <Json value={report.massDeletions} /> : <p className="muted">None.</p>}
          </div>
        </div>
      )}
    </section>
  );
}

function Counts({ title, counts }: { title: string; counts: Record<string, number> | undefined }) {
  const rows = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="report-caption">{title}</caption>
        <tbody>
          {rows.map(([k, n]) => (
            <tr key={k}>
              <th scope="row" className="mono">
                {k}
              </th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">None.</p>}
    </div>
  );
}
