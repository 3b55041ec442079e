import type { Step } from "../api/client";
import { Json } from "../components/Json";
import { StatusBadge } from "../components/StatusBadge";
import { duration, Time } from "../components/Time";

/** An error in the API's words: its message and stable code, whatever else it carries. */
export function ErrorWords({ error }: { error: unknown }) {
  if (error && typeof error === "object" && "message" in error) {
    const e = error as { code?: unknown; message?: unknown };
    return (
      <span className="error-words">
        <strong>{String(e.message)}</strong>
        {typeof e.code === "string" && (
          <>
            {" "}
            <code className="error-code">{e.code}</code>
          </>
        )}
      </span>
    );
  }
  return <strong className="error-words">{typeof error === "string" ? error : JSON.stringify(error)}</strong>;
}

/** One step of the list: its input, output, error and every attempt; a failed one marked. */
export function StepItem({
  step,
  open,
  onToggle,
  onReplay,
}: {
  step: Step;
  open: boolean;
  onToggle: (open: boolean) => void;
  onReplay?: () => void;
}) {
  const failed = step.status === "failed" && !step.fromEarlierRun;
  return (
    <li className={failed ? "step failed" : "step"} data-path={step.path}>
      <details
        open={open}
        onToggle={(e) => {
          const now = (e.currentTarget as HTMLDetailsElement).open;
          if (now !== open) onToggle(now);
        }}
      >
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
              <p className={failed ? "step-error" : undefined}>
                <ErrorWords error={step.error} />
              </p>
              <Json value={step.error} />
            </>
          )}
          {onReplay && (
            <p>
              <button type="button" className="button" onClick={onReplay}>
                Replay from {step.path}
              </button>
            </p>
          )}
          <h3>Attempts</h3>
          <div className="table-wrap" tabIndex={0}>
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
