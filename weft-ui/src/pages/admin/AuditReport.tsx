import { useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError } from "../../api/client";
import { ErrorBanner, Notice } from "../../components/ErrorBanner";
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
  const [notice, setNotice] = useState<string | null>(null);

  function range(): { from: string; to?: string } {
    const query: { from: string; to?: string } = { from: from.trim() };
    if (to.trim()) query.to = to.trim();
    return query;
  }

  // The export is fetched with the session like every call, so that a refusal (a range the API does not read, a
  // missing permission) is shown in its own words instead of being saved as the file.
  async function exportLines() {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const blob = await unwrap(api.GET("/api/v1/audit/export", { params: { query: range() }, parseAs: "blob" }));
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = "audit.jsonl";
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
      setNotice(`The export (${blob.size} bytes) was saved as audit.jsonl.`);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setReport(await unwrap(api.GET("/api/v1/audit/report", { params: { query: range() } })));
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
          <button type="button" className="button" disabled={busy || from.trim() === ""} onClick={() => void exportLines()}>
            Export (JSON lines)
          </button>
        </div>
      </form>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
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
