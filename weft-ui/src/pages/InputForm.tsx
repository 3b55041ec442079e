import { useMemo, useState, type FormEvent } from "react";
import { parseJson } from "../components/Json";
import { JsonField, readJsonField } from "../components/JsonField";
import { formable, SchemaForm, type FormResult } from "../components/SchemaForm";
import { inputSchemaOf } from "./flowInput";

/**
 * The input of a run: a form generated from the flow's input schema when it is an object with
 * properties, else (or on request) a JSON text checked to be a JSON object before it is sent.
 */
export function InputForm({
  source,
  busy,
  onRun,
}: {
  source: string | undefined;
  busy: boolean;
  onRun: (input: Record<string, unknown>) => void;
}) {
  const schema = useMemo(() => inputSchemaOf(source), [source]);
  const hasForm = formable(schema);
  const [asJson, setAsJson] = useState(false);
  const [formValue, setFormValue] = useState<unknown>(undefined);
  const [formResult, setFormResult] = useState<FormResult | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [text, setText] = useState("{}");
  const [invalid, setInvalid] = useState<string | null>(null);
  const useForm = hasForm && !asJson;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (useForm) {
      if (!formResult) return;
      if (!formResult.ok) {
        setShowErrors(true);
        return setInvalid(formResult.errors.map((er) => er.message).join(" "));
      }
      setInvalid(null);
      return onRun(formResult.value as Record<string, unknown>);
    }
    const parsed = readJsonField(text, "The input", "object");
    if (!parsed.ok) return setInvalid(parsed.message);
    setInvalid(null);
    onRun((parsed.value ?? {}) as Record<string, unknown>);
  }

  function switchTo(json: boolean) {
    if (json && formResult?.ok) setText(JSON.stringify(formResult.value, null, 2));
    if (!json) {
      const parsed = parseJson(text, "The input");
      if (parsed.ok && typeof parsed.value === "object" && parsed.value !== null) setFormValue(parsed.value);
    }
    setInvalid(null);
    setAsJson(json);
  }

  return (
    <form className="card" onSubmit={submit} aria-label="Run this flow">
      <h2 className="card-title">Run</h2>
      {hasForm && (
        <p>
          <button type="button" className="link-button" onClick={() => switchTo(!asJson)}>
            {asJson ? "Use the form" : "Write the input as JSON"}
          </button>
        </p>
      )}
      {useForm ? (
        <SchemaForm
          schema={schema}
          value={formValue}
          showErrors={showErrors}
          label="Input"
          onChange={(r) => {
            setFormResult(r);
            if (r.ok) setFormValue(r.value);
          }}
        />
      ) : (
        <JsonField label="Input (JSON object)" name="input" value={text} onChange={setText} error={invalid} />
      )}
      {useForm && invalid && (
        <p id="input-invalid" className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        Run
      </button>
    </form>
  );
}
