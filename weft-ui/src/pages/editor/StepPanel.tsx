import { useEffect, useState } from "react";
import { SchemaForm, type FormResult } from "../../components/SchemaForm";
import { formFits } from "./withForm";
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
export function StepPanel({ step, count, withValue, inputSchema, actions }: {
  step: StepNode;
  /** How many steps its list has, to know whether it can move. */
  count: number;
  withValue: unknown;
  /** The input schema of the step's operation, when the server's connectors declare it. */
  inputSchema?: unknown;
  actions: StepActions;
}) {
  const [name, setName] = useState(step.id);
  const [type, setType] = useState("transform");
  useEffect(() => setName(step.id), [step.id]);

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
      {step.type === "call" && <WithEditor key={step.path.join("/")} step={step} withValue={withValue} inputSchema={inputSchema} setWith={actions.setWith} />}
    </section>
  );
}

/**
 * A call step's `with`: the form generated from its operation's input schema (SchemaForm), or JSON when there
 * is no schema, when the value holds what the form cannot show (an expression where a number goes), or on
 * request.
 */
function WithEditor({ step, withValue, inputSchema, setWith }: { step: StepNode; withValue: unknown; inputSchema?: unknown; setWith(value: unknown): void }) {
  const fits = formFits(inputSchema, withValue);
  const [asJson, setAsJson] = useState(!fits);
  const [result, setResult] = useState<FormResult | null>(null);
  // The form's value, held here as SchemaForm wants it; the text's with replaces it when the text changes.
  const written = JSON.stringify(withValue ?? {});
  const [formValue, setFormValue] = useState<unknown>(withValue ?? {});
  useEffect(() => setFormValue(JSON.parse(written)), [written]);
  const [showErrors, setShowErrors] = useState(false);
  const [withText, setWithText] = useState("");
  const [withError, setWithError] = useState<string | null>(null);
  // The text is replaced only when the with itself changes, not when the parent draws again with an equal
  // value (a new object on every render), which would throw away what is being typed.
  const shown = withValue === undefined ? "" : JSON.stringify(withValue, null, 2);
  useEffect(() => setWithText(shown), [shown]);
  const useForm = fits !== null && !asJson;

  return (
    <form
      className="with-editor"
      aria-label={`with of step ${step.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (useForm) {
          if (!result) return;
          if (!result.ok) {
            setShowErrors(true);
            setWithError(result.errors.map((er) => er.message).join(" "));
            return;
          }
          setWithError(null);
          setWith(result.value ?? {});
          return;
        }
        if (withText.trim() === "") {
          setWithError(null);
          setWith(undefined);
          return;
        }
        try {
          setWith(JSON.parse(withText));
          setWithError(null);
        } catch (err) {
          setWithError(`with is not valid JSON: ${(err as Error).message}`);
        }
      }}
    >
      <h3>
        with <span className="muted">{step.operation ? `(the input of ${step.operation})` : ""}</span>
      </h3>
      {fits === null ? (
        <p className="muted">No input schema is known for {step.operation ? `operation ${step.operation}` : "this step"}: write with as JSON.</p>
      ) : fits === false ? (
        <p className="muted">This with holds values the form cannot show (such as an expression where a number goes): edit it as JSON.</p>
      ) : (
        <button type="button" className="link-button" onClick={() => setAsJson(!asJson)}>
          {asJson ? "Edit with in a form" : "Edit with as JSON"}
        </button>
      )}
      {useForm ? (
        <SchemaForm
          schema={inputSchema}
          value={formValue}
          onChange={(r) => {
            setResult(r);
            if (r.ok) setFormValue(r.value);
          }}
          showErrors={showErrors}
          label="with"
        />
      ) : (
        <label className="field">
          <span>with (JSON)</span>
          <textarea rows={6} value={withText} aria-invalid={withError !== null} onChange={(e) => setWithText(e.target.value)} />
        </label>
      )}
      {withError && (
        <p className="field-error" role="alert">
          {withError}
        </p>
      )}
      <button type="submit" className="button">
        Apply with
      </button>
    </form>
  );
}
