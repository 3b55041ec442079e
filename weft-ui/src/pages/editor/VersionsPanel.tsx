import { useEffect, useRef, useState } from "react";
import { api, asApiError, unwrap, type ApiError, type FlowVersion } from "../../api/client";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Time } from "../../components/Time";
import { DiffView } from "./DiffView";

const EDITOR = "editor";

/**
 * A flow's versions, newest first in pages, and the diff between any two of them or between one and the
 * editor's text; a version's text may be taken into the editor.
 */
export function VersionsPanel({ namespace, id, text, onLoad }: { namespace: string; id: string; text: string; onLoad?(source: string, version: number): void }) {
  const [versions, setVersions] = useState<FlowVersion[]>([]);
  const [nextBefore, setNextBefore] = useState<number | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [from, setFrom] = useState<string>("");
  const [to, setTo] = useState<string>(EDITOR);
  const sources = useRef(new Map<number, string>());
  const [, setLoaded] = useState(0);

  async function page(before?: number) {
    try {
      const r = await unwrap(
        api.GET("/api/v1/flows/{namespace}/{id}/versions", { params: { path: { namespace, id }, query: { before, limit: 20 } } }),
      );
      setVersions((v) => [...v, ...r.versions]);
      setNextBefore(r.nextBefore);
      if (before === undefined && r.versions[0]) setFrom(String(r.versions[0].version));
    } catch (e) {
      setError(asApiError(e));
    }
  }

  useEffect(() => {
    setVersions([]);
    void page();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [namespace, id]);

  // The sources the diff needs, read once each.
  useEffect(() => {
    for (const side of [from, to]) {
      const n = Number(side);
      if (side === EDITOR || !side || sources.current.has(n)) continue;
      unwrap(api.GET("/api/v1/flows/{namespace}/{id}", { params: { path: { namespace, id }, query: { version: n } } }))
        .then((v) => {
          sources.current.set(n, v.source ?? "");
          setLoaded((k) => k + 1);
        })
        .catch((e) => setError(asApiError(e)));
    }
  }, [from, to, namespace, id]);

  const textOf = (side: string) => (side === EDITOR ? text : sources.current.get(Number(side)));
  const nameOf = (side: string) => (side === EDITOR ? "the editor's text" : `version ${side}`);
  const before = textOf(from);
  const after = textOf(to);
  const options = (
    <>
      <option value={EDITOR}>The editor's text</option>
      {versions.map((v) => (
        <option key={v.version} value={String(v.version)}>
          Version {v.version}
        </option>
      ))}
    </>
  );

  return (
    <section className="card versions" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <div className="table-wrap" tabIndex={0}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Deployed</th>
              <th scope="col">SHA-256</th>
              {onLoad && <th scope="col">Editor</th>}
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td>
                  <Time value={v.createdAt} />
                </td>
                <td>
                  <code>{v.sha256?.slice(0, 12)}</code>
                </td>
                {onLoad && (
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={async () => {
                        try {
                          const full = await unwrap(
                            api.GET("/api/v1/flows/{namespace}/{id}", { params: { path: { namespace, id }, query: { version: v.version } } }),
                          );
                          onLoad(full.source ?? "", v.version ?? 0);
                        } catch (e) {
                          setError(asApiError(e));
                        }
                      }}
                    >
                      Open version {v.version} in the editor
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextBefore !== undefined && (
        <button type="button" className="button" onClick={() => void page(nextBefore)}>
          Older versions
        </button>
      )}
      <div className="filters">
        <label className="field">
          <span>Compare</span>
          <select value={from} onChange={(e) => setFrom(e.target.value)}>
            {options}
          </select>
        </label>
        <label className="field">
          <span>with</span>
          <select value={to} onChange={(e) => setTo(e.target.value)}>
            {options}
          </select>
        </label>
      </div>
      {from && before !== undefined && after !== undefined ? (
        <DiffView before={before} after={after} label={`${nameOf(from)} and ${nameOf(to)}`} />
      ) : (
        from && <p className="muted" role="status">Reading the versions…</p>
      )}
    </section>
  );
}
