import { useEffect, useState } from "react";
import { api, ApiError, asApiError, unwrap, type FlowVersion } from "../../api/client";
import { useNewest } from "../../api/newest";
import { ErrorBanner } from "../../components/ErrorBanner";
import { DiffView } from "./DiffView";

/**
 * Deploy, with the diff first: the latest version's text against the editor's, then a confirmation. A refusal
 * is shown in the API's own words, and its located problems go to the editor.
 */
export function DeployPanel({ target, text, onCancel, onDeployed, onInvalid }: {
  /** Where the document says it goes (its namespace and id); null when it names none. */
  target: { namespace: string; id: string } | null;
  text: string;
  onCancel(): void;
  onDeployed(version: FlowVersion, created: boolean): void;
  onInvalid(details: unknown[]): void;
}) {
  const [latest, setLatest] = useState<FlowVersion | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  // Typing the id while the panel is open reads the latest version again: only the newest read's answer is
  // shown, so the diff is against the flow the deploy goes to.
  const begin = useNewest();
  useEffect(() => {
    const current = begin();
    if (!target) return;
    setLatest(undefined);
    unwrap(api.GET("/api/v1/flows/{namespace}/{id}", { params: { path: target } }))
      .then((v) => current() && setLatest(v))
      .catch((e) => {
        if (!current()) return;
        const err = asApiError(e);
        if (err.status === 404) setLatest(null);
        else setError(err);
      });
  }, [target?.namespace, target?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  async function deploy() {
    if (!target) return;
    setBusy(true);
    try {
      const r = await api.PUT("/api/v1/flows/{namespace}/{id}", {
        params: { path: target },
        body: text as never,
        bodySerializer: (b: unknown) => b as string,
        headers: { "Content-Type": "application/yaml" },
      });
      if (!r.response.ok) throw ApiError.of(r.response.status, r.error);
      onDeployed(r.data!, r.response.status === 201);
    } catch (e) {
      const err = asApiError(e);
      setError(err);
      if (err.details.length > 0) onInvalid(err.details);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card deploy" aria-labelledby="deploy-title">
      <h2 id="deploy-title">Deploy{target ? ` ${target.namespace}/${target.id}` : ""}</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {!target ? (
        <p>The document names no flow: write its <code>id</code> (and <code>namespace</code>, else it goes to default) first.</p>
      ) : latest === undefined ? (
        !error && <p role="status">Reading the latest version…</p>
      ) : (
        <>
          {latest === null ? (
            <p>There is no flow {target.namespace}/{target.id} yet: this deploys its version 1.</p>
          ) : (
            <p>The changes from version {latest.version}, the latest, to the editor's text:</p>
          )}
          <DiffView before={latest?.source ?? ""} after={text} label={latest ? `version ${latest.version} and the editor's text` : "a new flow"} />
          <div className="actions">
            <button type="button" className="button primary" disabled={busy} onClick={() => void deploy()}>
              {busy ? "Deploying…" : "Deploy these changes"}
            </button>
            <button type="button" className="button" disabled={busy} onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </section>
  );
}
