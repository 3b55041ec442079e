import { useEffect, useState, type ReactNode } from "react";
import type { StepNode } from "./flowModel";
import { STEP_TYPES } from "./flowEdits";

export interface StepActions {
  rename(newId: string): void;
  move(delta: -1 | 1): void;
  remove(): void;
  addAfter(type: string): void;
  setWith(value: unknown): void;
}

/** The selected step: rename it, move it, remove it, add a step after it, edit its `with`. */
export function StepPanel({ step, count, withValue, actions, children }: {
  step: StepNode;
  /** How many steps its list has, to know whether it can move. */
  count: number;
  withValue: unknown;
  actions: StepActions;
  /** The form of the step's `with`, when its operation's input schema is known. */
  children?: ReactNode;
}) {
  const [name, setName] = useState(step.id);
  const [type, setType] = useState("transform");
  const [withText, setWithText] = useState("");
  const [withError, setWithError] = useState<string | null>(null);
  useEffect(() => setName(step.id), [step.id]);
  useEffect(() => setWithText(withValue === undefined ? "" : JSON.stringify(withValue, null, 2)), [withValue]);

  return (
    <section className="card step-panel" aria-labelledby="step-panel-title">
      <h2 id="step-panel-title">
        Step <code>{step.id}</code> <span className="muted">({step.type || "no type"})</span>
      </h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          actions.rename(name.trim());
        }}
      >
        <label className="field">
          <span>Step id</span>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={name.trim() === step.id}>
          Rename
        </button>
      </form>
      <div className="actions">
        <button type="button" className="button" disabled={step.index === 0} onClick={() => actions.move(-1)}>
          Move up
        </button>
        <button type="button" className="button" disabled={step.index >= count - 1} onClick={() => actions.move(1)}>
          Move down
        </button>
        <button type="button" className="button danger" onClick={actions.remove}>
          Remove step
        </button>
      </div>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          actions.addAfter(type);
        }}
      >
        <label className="field">
          <span>Type of the new step</span>
          <select value={type} onChange={(e) => setType(e.target.value)}>
            {STEP_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          Add a step after
        </button>
      </form>
      {step.type === "call" &&
        (children ?? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (withText.trim() === "") {
                setWithError(null);
                actions.setWith(undefined);
                return;
              }
              try {
                actions.setWith(JSON.parse(withText));
                setWithError(null);
              } catch (err) {
                setWithError(`with is not valid JSON: ${(err as Error).message}`);
              }
            }}
          >
            <label className="field">
              <span>with (JSON)</span>
              <textarea rows={6} value={withText} aria-invalid={withError !== null} onChange={(e) => setWithText(e.target.value)} />
            </label>
            {withError && (
              <p className="field-error" role="alert">
                {withError}
              </p>
            )}
            <button type="submit" className="button">
              Apply with
            </button>
          </form>
        ))}
    </section>
  );
}
