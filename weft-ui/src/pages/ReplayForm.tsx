import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, asApiError, unwrap, type ApiError, type Execution, type Step } from "../api/client";
import { JsonField, readJsonField } from "../components/JsonField";

/** The steps a replay may start from: those the current run recorded, in the order they ran. */
export function replayableSteps(steps: Step[]): string[] {
  const paths: string[] = [];
  for (const s of steps) {
    if (s.path && !s.fromEarlierRun && !s.path.includes("#") && !paths.includes(s.path)) paths.push(s.path);
  }
  return paths;
}

/**
 * Replays an ended execution from a chosen step, with its input as it was or edited, on the version it ran
 * (pinned) or the flow's latest: the steps before the chosen one keep their outputs, the rest run anew.
 */
export function ReplayForm({
  execution,
  steps,
  from,
  onFrom,
  onClose,
  onDone,
  onError,
}: {
  execution: Execution;
  steps: Step[];
  from: string;
  onFrom: (path: string) => void;
  onClose: () => void;
  onDone: (text: string, replayId: string) => void;
  onError: (error: ApiError) => void;
}) {
  const [input, setInput] = useState(() => JSON.stringify(execution.input ?? {}, null, 2));
  const [version, setVersion] = useState<"pinned" | "latest">("pinned");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const paths = replayableSteps(steps);
  if (from && !paths.includes(from)) paths.push(from);

  useEffect(() => {
    form.current?.scrollIntoView?.({ block: "nearest" });
    form.current?.querySelector("select")?.focus();
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = readJsonField(input, "The input", "object");
    if (!parsed.ok) {
      setInvalid(parsed.message);
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      const replay = await unwrap(
        api.POST("/api/v1/executions/{id}/replay", {
          params: { path: { id: execution.id ?? "" } },
          body: { fromStep: from, version, ...(parsed.value === undefined ? {} : { input: parsed.value }) },
        }),
      );
      onDone(`Replayed from step ${from} on the ${version} version as execution ${replay.id}.`, replay.id);
    } catch (err) {
      onError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="card replay" onSubmit={submit} aria-label="Replay from a step">
      <h2 className="card-title">Replay from a step</h2>
      <p className="muted">
        The steps before the one chosen keep their recorded outputs; it and every step after run again, as a new
        execution.
      </p>
      <label className="field">
        <span>From step</span>
        <select name="fromStep" required value={from} onChange={(e) => onFrom(e.target.value)}>
          {paths.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <JsonField
        label="Input (JSON object)"
        name="replayInput"
        value={input}
        onChange={setInput}
        error={invalid}
        rows={8}
        hint="The execution's input, to edit; checked against the flow's input schema when sent."
      />
      <fieldset className="version-choice">
        <legend>Flow version</legend>
        <label className="check-inline">
          <input
            type="radio"
            name="version"
            value="pinned"
            checked={version === "pinned"}
            onChange={() => setVersion("pinned")}
          />{" "}
          pinned: v{execution.version}, the one it ran
        </label>
        <label className="check-inline">
          <input
            type="radio"
            name="version"
            value="latest"
            checked={version === "latest"}
            onChange={() => setVersion("latest")}
          />{" "}
          latest: the flow&apos;s newest version
        </label>
      </fieldset>
      <div className="row">
        <button type="submit" className="button primary" disabled={busy || !from}>
          Replay
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
