import { useMemo, useState, type FormEvent } from "react";
import { JsonField, readJsonField } from "../components/JsonField";
import { fieldsOf, inputOf, inputSchemaOf, type Field } from "./flowInput";

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
  const fields = useMemo(() => fieldsOf(inputSchemaOf(source)), [source]);
  const [asJson, setAsJson] = useState(false);
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [text, setText] = useState("{}");
  const [invalid, setInvalid] = useState<string | null>(null);
  const useForm = fields !== undefined && !asJson;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (useForm) {
      const r = inputOf(fields, values);
      if (!r.ok) return setInvalid(r.message);
      setInvalid(null);
      return onRun(r.value);
    }
    const parsed = readJsonField(text, "The input", "object");
    if (!parsed.ok) return setInvalid(parsed.message);
    setInvalid(null);
    onRun((parsed.value ?? {}) as Record<string, unknown>);
  }

  function switchTo(json: boolean) {
    if (json && fields) {
      const r = inputOf(fields, values);
      if (r.ok) setText(JSON.stringify(r.value, null, 2));
    }
    setInvalid(null);
    setAsJson(json);
  }

  return (
    <form className="card" onSubmit={submit} aria-label="Run this flow">
      <h2 className="card-title">Run</h2>
      {fields !== undefined && (
        <p>
          <button type="button" className="link-button" onClick={() => switchTo(!asJson)}>
            {asJson ? "Use the form" : "Write the input as JSON"}
          </button>
        </p>
      )}
      {useForm ? (
        fields.map((f) => (
          <FieldInput key={f.name} field={f} value={values[f.name]} onChange={(v) => setValues({ ...values, [f.name]: v })} />
        ))
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

function FieldInput({
  field,
  value,
  onChange,
}: {
  field: Field;
  value: string | boolean | undefined;
  onChange: (v: string | boolean) => void;
}) {
  const label = (
    <span>
      {field.name}
      {field.required ? " (required)" : ""}
      {field.kind === "json" && <span className="muted"> — JSON</span>}
    </span>
  );
  const hint = field.description && <span className="muted">{field.description}</span>;
  if (field.kind === "boolean") {
    return (
      <label className="field check">
        <span>
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {field.name}
        </span>
        {hint}
      </label>
    );
  }
  const text = typeof value === "string" ? value : "";
  return (
    <label className="field">
      {label}
      {field.kind === "enum" ? (
        <select value={text} required={field.required} onChange={(e) => onChange(e.target.value)}>
          <option value="">{field.required ? "choose…" : "none"}</option>
          {field.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : field.kind === "json" ? (
        <textarea rows={3} className="mono" value={text} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          type={field.kind === "text" ? "text" : "number"}
          step={field.kind === "integer" ? 1 : "any"}
          required={field.required}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint}
    </label>
  );
}
