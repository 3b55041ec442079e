import { useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError, type Execution } from "../api/client";
import { useSession } from "../auth/session";
import { ConfirmButton } from "../components/Confirm";
import { parseJson } from "../components/Json";

const UNFINISHED = new Set(["queued", "running", "waiting"]);

/**
 * The actions on an execution that its state allows and the session's permissions grant: a viewer
 * sees none of them, since the API would refuse them.
 */
export function ExecutionActions({
  execution,
  onDone,
  onError,
}: {
  execution: Execution;
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
  if (!showCancel && !showRetry && !showSignal) return null;

  async function run(action: () => Promise<Execution | undefined>, text: string) {
    try {
      onDone(text, await action());
    } catch (e) {
      onError(asApiError(e));
    }
  }

  return (
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
      {showSignal && <SignalForm id={id} onDone={(t) => onDone(t)} onError={onError} />}
    </div>
  );
}

function SignalForm({
  id,
  onDone,
  onError,
}: {
  id: string;
  onDone: (text: string) => void;
  onError: (error: ApiError) => void;
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [payload, setPayload] = useState("{}");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Send a signal
      </button>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseJson(payload, "The payload");
    if (!parsed.ok) {
      setInvalid(parsed.message);
      return;
    }
    if (parsed.value !== undefined && (typeof parsed.value !== "object" || Array.isArray(parsed.value))) {
      setInvalid("The payload must be a JSON object, such as {\"approved\": true}.");
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      await unwrap(
        api.POST("/api/v1/executions/{id}/signals/{name}", {
          params: { path: { id, name: name.trim() } },
          body: (parsed.value ?? {}) as Record<string, never>,
        }),
      );
      onDone(`The signal ${name.trim()} was recorded.`);
      setOpen(false);
    } catch (err) {
      onError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card signal" onSubmit={submit} aria-label="Send a signal">
      <label className="field">
        <span>Signal name</span>
        <input name="signal" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Payload (JSON object)</span>
        <textarea
          name="payload"
          rows={6}
          className="mono"
          value={payload}
          aria-invalid={invalid !== null}
          aria-describedby={invalid ? "signal-invalid" : undefined}
          onChange={(e) => setPayload(e.target.value)}
        />
      </label>
      {invalid && (
        <p id="signal-invalid" className="field-error">
          {invalid}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary" disabled={busy}>
          Send
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </form>
  );
}
