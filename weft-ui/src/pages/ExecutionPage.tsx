import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api, asApiError, unwrap, type ApiError, type Execution, type Step } from "../api/client";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { Json } from "../components/Json";
import { StatusBadge } from "../components/StatusBadge";
import { duration, Time } from "../components/Time";
import { executionOf, useEventFeed } from "../live/events";
import { ExecutionActions } from "./ExecutionActions";
import { useSession } from "../auth/session";

const UNFINISHED = new Set(["queued", "running", "waiting"]);
const POLL_MS = 3_000;

/** One execution: its status, input, output and every step with its attempts; live while it runs. */
export default function ExecutionPage() {
  const { id = "" } = useParams();
  const [execution, setExecution] = useState<Execution | null>(null);
  const [moreSteps, setMoreSteps] = useState<Step[]>([]);
  const [stepsCursor, setStepsCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const x = await unwrap(api.GET("/api/v1/executions/{id}", { params: { path: { id } } }));
      setExecution(x);
      setMoreSteps([]);
      setStepsCursor(x.stepsNextCursor ?? null);
      setError(null);
    } catch (e) {
      setError(asApiError(e));
    }
  }, [id]);

  useEffect(() => {
    setExecution(null);
    void load();
  }, [load]);

  const { can } = useSession();
  const running = execution?.status !== undefined && UNFINISHED.has(execution.status);
  // The stream needs events.read across the tenant; without it, the page reads the execution again every few
  // seconds while it runs.
  const streamed = running && can("events.read");
  const feed = useEventFeed(
    streamed,
    (event) => {
      if (executionOf(event) === id) void load();
    },
    { execution: id, onOpen: () => void load() },
  );
  useEffect(() => {
    if (!running || streamed) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, streamed, load]);

  async function loadMoreSteps() {
    if (!stepsCursor) return;
    try {
      const x = await unwrap(
        api.GET("/api/v1/executions/{id}", { params: { path: { id }, query: { stepCursor: stepsCursor } } }),
      );
      setMoreSteps([...moreSteps, ...(x.steps ?? [])]);
      setStepsCursor(x.stepsNextCursor ?? null);
    } catch (e) {
      setError(asApiError(e));
    }
  }

  const steps = [...(execution?.steps ?? []), ...moreSteps];
  return (
    <section aria-labelledby="execution-title">
      <p>
        <Link to="/executions">← Executions</Link>
      </p>
      <h1 id="execution-title" className="mono wrap">
        {id}
      </h1>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <Notice text={notice} onDismiss={() => setNotice(null)} />
      {execution && (
        <>
          <dl className="facts">
            <dt>Flow</dt>
            <dd>
              {execution.flow} <span className="muted">v{execution.version}</span>
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={execution.status} /> {running && (
                <span className="muted">
                  {feed === "live"
                    ? "(live)"
                    : feed === "reconnecting"
                      ? "(reconnecting to live updates…)"
                      : "(refreshed every few seconds)"}
                </span>
              )}
            </dd>
            <dt>Created</dt>
            <dd>
              <Time value={execution.createdAt} />
            </dd>
            <dt>Finished</dt>
            <dd>
              <Time value={execution.finishedAt} />
            </dd>
          </dl>
          <ExecutionActions
            execution={execution}
            onDone={(text, updated) => {
              setNotice(text);
              setError(null);
              if (updated) setExecution({ ...execution, ...updated, steps: execution.steps });
              void load();
            }}
            onError={(e) => {
              setNotice(null);
              setError(e);
            }}
          />
          <div className="columns">
            <details>
              <summary>Input</summary>
              <Json value={execution.input} />
            </details>
            <details open={execution.output !== undefined}>
              <summary>Output</summary>
              <Json value={execution.output} />
            </details>
            {execution.error !== undefined && execution.error !== null && (
              <details open>
                <summary>Error</summary>
                <Json value={execution.error} />
              </details>
            )}
          </div>
          <h2>Steps</h2>
          {steps.length === 0 ? (
            <p className="muted">No step has run yet.</p>
          ) : (
            <ol className="steps">
              {steps.map((s) => (
                <StepItem key={`${s.path}-${s.fromEarlierRun ? "earlier" : "now"}`} step={s} />
              ))}
            </ol>
          )}
          {stepsCursor && (
            <button type="button" className="button" onClick={() => void loadMoreSteps()}>
              More steps
            </button>
          )}
        </>
      )}
    </section>
  );
}

function StepItem({ step }: { step: Step }) {
  return (
    <li className="step">
      <details>
        <summary>
          <span className="mono">{step.path}</span> <span className="muted">{step.type}</span>{" "}
          <StatusBadge status={step.status} /> <span className="muted">
            {step.attempts ?? 0} {step.attempts === 1 ? "attempt" : "attempts"}
          </span>{" "}
          <span className="muted">{duration(step.durationMillis)}</span>
          {step.fromEarlierRun && <span className="muted"> (earlier run)</span>}
        </summary>
        <div className="step-body">
          <p className="muted">
            Started <Time value={step.startedAt} />, finished <Time value={step.finishedAt} />
          </p>
          <h3>Input</h3>
          <Json value={step.input} />
          <h3>Output</h3>
          <Json value={step.output} />
          {step.error !== undefined && step.error !== null && (
            <>
              <h3>Error</h3>
              <Json value={step.error} />
            </>
          )}
          <h3>Attempts</h3>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Started</th>
                  <th scope="col">Took</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {(step.history ?? []).map((a) => (
                  <tr key={a.number}>
                    <td>{a.number}</td>
                    <td>
                      <StatusBadge status={a.outcome} />
                      {a.targetStatus !== undefined && <span className="muted"> HTTP {a.targetStatus}</span>}
                    </td>
                    <td>
                      <Time value={a.startedAt} />
                    </td>
                    <td>{duration(a.durationMillis)}</td>
                    <td>
                      {a.error ? (
                        <>
                          <code>{a.error.code}</code> {a.error.message}
                          {a.error.retryable !== undefined && (
                            <span className="muted"> ({a.error.retryable ? "retryable" : "not retryable"})</span>
                          )}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </details>
    </li>
  );
}
