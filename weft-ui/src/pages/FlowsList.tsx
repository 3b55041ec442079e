import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useSession } from "../auth/session";
import { api, asApiError, unwrap, type ApiError, type FlowVersion } from "../api/client";
import { ErrorBanner } from "../components/ErrorBanner";
import { Time } from "../components/Time";

/** Every flow's latest version, searched by namespace and id as one types. */
export default function FlowsList() {
  const [flows, setFlows] = useState<FlowVersion[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [search, setSearch] = useState("");
  const { can } = useSession();

  useEffect(() => {
    unwrap(api.GET("/api/v1/flows"))
      .then((r) => setFlows(r.flows ?? []))
      .catch((e) => setError(asApiError(e)));
  }, []);

  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (flows ?? []).filter((f) => {
    const name = `${f.namespace}/${f.id}`.toLowerCase();
    return words.every((w) => name.includes(w));
  });

  return (
    <section aria-labelledby="flows-title">
      <h1 id="flows-title">Flows</h1>
      {can("flows.write") && (
        <p>
          <Link className="button primary" to="/flows/new">
            New flow
          </Link>
        </p>
      )}
      <label className="field search">
        <span>Search</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="namespace or id" />
      </label>
      <ErrorBanner error={error} />
      <div className="table-wrap" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Flow</th>
              <th scope="col">Version</th>
              <th scope="col">Deployed</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr key={`${f.namespace}/${f.id}`}>
                <td>
                  <Link to={`/flows/${encodeURIComponent(f.namespace ?? "")}/${encodeURIComponent(f.id ?? "")}`}>
                    {f.namespace}/{f.id}
                  </Link>
                </td>
                <td>v{f.version}</td>
                <td>
                  <Time value={f.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {flows && shown.length === 0 && (
          <p className="muted empty">{flows.length === 0 ? "No flow is deployed yet." : "No flow matches the search."}</p>
        )}
      </div>
    </section>
  );
}
