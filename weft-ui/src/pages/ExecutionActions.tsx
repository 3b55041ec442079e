import { api, asApiError, unwrap, type ApiError, type Execution, type Step } from "../api/client";
import { useSession } from "../auth/session";
import { ConfirmButton } from "../components/Confirm";
import { ReplayForm, replayableSteps } from "./ReplayForm";
import { SignalForm } from "./SignalForm";

const UNFINISHED = new Set(["queued", "running", "waiting"]);

/**
 * The actions on an execution that its state allows and the session's permissions grant: a viewer
 * sees none of them, since the API would refuse them. The step a replay starts from is held by the page, so
 * that a step's own "Replay from here" opens the form on it.
 */
export function ExecutionActions({
  execution,
  steps,
  replayFrom,
  onReplayFrom,
  onReplayed,
  onDone,
  onError,
}: {
  execution: Execution;
  steps: Step[];
  replayFrom: string | null;
  onReplayFrom: (path: string | null) => void;
  onReplayed: (text: string, replayId: string) => void;
  onDone: (text: string, updated?: Execution) => void;
  onError: (error: ApiError) => void;
}) {
  const { can } = useSession();
  const id = execution.id ?? "";
  const unfinished = execution.status !== undefined && UNFINISHED.has(execution.status);
  const ns = execution.flow?.split("/")[0];
  const showCancel = unfinished && can("executions.cancel", ns);
  const showRetry = execution.status === "failed" && can("executions.retry", ns);
  const showSignal = unfinished && can("executions.signal", ns);
  const showReplay = mayReplay(execution, can("executions.replay", ns));
  if (!showCancel && !showRetry && !showSignal && !showReplay) return null;

  async function run(action: () => Promise<Execution | undefined>, text: string) {
    try {
      onDone(text, await action());
    } catch (e) {
      onError(asApiError(e));
    }
  }

  const firstFailed = steps.find((s) => s.status === "failed" && !s.fromEarlierRun)?.path;
  return (
    <>
      <div className="actions" aria-label="Actions">
        {showCancel && (
          <ConfirmButton
            label="Cancel"
            question="Cancel this execution? Its unfinished steps stop."
            confirmLabel="Yes, cancel it"
            danger
            onConfirm={() =>
              run(
                () => unwrap(api.POST("/api/v1/executions/{id}/cancel", { params: { path: { id } }, body: {} })),
                "The execution was cancelled.",
              )
            }
          />
        )}
        {showRetry && (
          <ConfirmButton
            label="Retry"
            question="Run the failed steps again?"
            confirmLabel="Yes, retry"
            onConfirm={() =>
              run(
                () => unwrap(api.POST("/api/v1/executions/{id}/retry", { params: { path: { id } } })),
                "The execution was queued again from its failed steps.",
              )
            }
          />
        )}
        {showReplay && replayFrom === null && (
          <button
            type="button"
            className="button"
            onClick={() => onReplayFrom(firstFailed ?? replayableSteps(steps)[0] ?? "")}
          >
            Replay…
          </button>
        )}
        {showSignal && <SignalForm execution={execution} onDone={(t) => onDone(t)} onError={onError} />}
      </div>
      {showReplay && replayFrom !== null && (
        <ReplayForm
          execution={execution}
          steps={steps}
          from={replayFrom}
          onFrom={onReplayFrom}
          onClose={() => onReplayFrom(null)}
          onDone={onReplayed}
          onError={onError}
        />
      )}
    </>
  );
}

/** A replay starts from an ended execution, for a session granted executions.replay in its namespace. */
export function mayReplay(execution: Execution, granted: boolean): boolean {
  return granted && execution.status !== undefined && !UNFINISHED.has(execution.status);
}
