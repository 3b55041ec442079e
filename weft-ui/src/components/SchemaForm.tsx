import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import {
  draftOf,
  formable,
  kindOf,
  propertiesOf,
  requiredOf,
  scalarText,
  setIn,
  valueOf,
  type Draft,
  type FormResult,
  type JsonSchema,
} from "./formSchema";

export type { FormResult, FieldError, JsonSchema } from "./formSchema";
export { formable, valueOf, draftOf } from "./formSchema";

interface Ctx {
  prefix: string;
  errors: Map<string, string>;
  disabled: boolean;
  set: (keys: string[], next: Draft) => void;
}

/**
 * A form generated from a JSON Schema (see formSchema.ts for what it supports), editing a plain JSON value.
 *
 * Controlled by value: give back what onChange last reported as ok (or any other value, which the form
 * then shows). onChange reports, after every edit and once at the start, either the value the form makes
 * or every error, by field. The errors are shown at their fields when showErrors is set (after a first
 * attempt to submit, say); the page shows its own summary. The form renders no <form>: it sits in the
 * page's.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  showErrors = false,
  disabled = false,
  label = "Value",
}: {
  schema: unknown;
  value: unknown;
  onChange: (result: FormResult) => void;
  showErrors?: boolean;
  disabled?: boolean;
  /** The name of the whole value, for a schema a form cannot show (one JSON field). */
  label?: string;
}) {
  const prefix = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(schema, value));
  const shownSchema = useRef(schema);
  const emitted = useRef(JSON.stringify(value));
  const report = useRef(onChange);
  useEffect(() => {
    report.current = onChange;
  });

  // A new schema, or a value that is not the one the form last made (written elsewhere), is shown afresh.
  useEffect(() => {
    const text = JSON.stringify(value);
    if (shownSchema.current !== schema || text !== emitted.current) {
      shownSchema.current = schema;
      emitted.current = text;
      setDraft(draftOf(schema, value));
    }
  }, [schema, value]);

  const result = useMemo(() => valueOf(schema, draft), [schema, draft]);
  useEffect(() => {
    if (result.ok) emitted.current = JSON.stringify(result.value);
    report.current(result);
  }, [result]);

  const errors = useMemo(
    () => new Map(showErrors && !result.ok ? result.errors.map((e) => [e.path, e.message] as const) : []),
    [showErrors, result],
  );
  const ctx: Ctx = { prefix, errors, disabled, set: (keys, next) => setDraft((d) => setIn(d, keys, next)) };

  if (!formable(schema)) {
    return <Field schema={{}} name={label} path="" keys={[]} required draft={draft} ctx={ctx} />;
  }
  return <ObjectFields schema={schema} draft={draft} path="" keys={[]} ctx={ctx} />;
}

function ObjectFields({
  schema,
  draft,
  path,
  keys,
  ctx,
}: {
  schema: JsonSchema;
  draft: Draft;
  path: string;
  keys: string[];
  ctx: Ctx;
}) {
  const required = requiredOf(schema);
  const fields = draft.kind === "object" ? draft.fields : {};
  return (
    <>
      {Object.entries(propertiesOf(schema)).map(([name, p]) =>
        kindOf(p) === "const" || !fields[name] ? null : (
          <Field
            key={name}
            schema={p}
            name={name}
            path={path === "" ? name : `${path}.${name}`}
            keys={[...keys, name]}
            required={required.has(name)}
            draft={fields[name]}
            ctx={ctx}
          />
        ),
      )}
    </>
  );
}

function idOf(ctx: Ctx, path: string): string {
  return `${ctx.prefix}-${path.replace(/[^A-Za-z0-9_-]/g, "_") || "value"}`;
}

/** The hint under a field: its title, description, default, bounds and format. */
function hintOf(s: JsonSchema): string | undefined {
  const parts: string[] = [];
  if (typeof s.title === "string") parts.push(s.title);
  if (typeof s.description === "string") parts.push(s.description);
  const bounds = [
    typeof s.minimum === "number" ? `at least ${s.minimum}` : typeof s.exclusiveMinimum === "number" ? `more than ${s.exclusiveMinimum}` : "",
    typeof s.maximum === "number" ? `at most ${s.maximum}` : typeof s.exclusiveMaximum === "number" ? `less than ${s.exclusiveMaximum}` : "",
  ].filter(Boolean);
  if (bounds.length > 0) parts.push(bounds.join(", "));
  if (s.default !== undefined && kindOf(s) !== "object") parts.push(`default ${JSON.stringify(s.default)}`);
  if (typeof s.format === "string" && !["password"].includes(s.format)) parts.push(`format: ${s.format}`);
  return parts.length > 0 ? parts.join(" — ") : undefined;
}

function Field({
  schema,
  name,
  path,
  keys,
  required,
  draft,
  ctx,
}: {
  schema: JsonSchema;
  name: string;
  path: string;
  keys: string[];
  required: boolean;
  draft: Draft;
  ctx: Ctx;
}) {
  const kind = kindOf(schema);
  const id = idOf(ctx, path);
  const hint = hintOf(schema);
  const hintId = hint ? `${id}-hint` : undefined;
  const error = ctx.errors.get(path);
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const mark = required ? " (required)" : "";
  const hintEl = hint && (
    <span id={hintId} className="muted">
      {hint}
    </span>
  );
  const errorEl = error && (
    <span id={errorId} className="field-error">
      {error}
    </span>
  );

  if (kind === "object") {
    return (
      <fieldset className="schema-group" aria-describedby={describedBy}>
        <legend>
          {name}
          {mark}
        </legend>
        {hintEl}
        {errorEl}
        <ObjectFields schema={schema} draft={draft} path={path} keys={keys} ctx={ctx} />
      </fieldset>
    );
  }

  if (kind === "boolean" && draft.kind === "boolean") {
    return (
      <div className="field check">
        <label htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={draft.checked === true}
            disabled={ctx.disabled}
            aria-describedby={describedBy}
            onChange={(e) => ctx.set(keys, { kind: "boolean", checked: e.target.checked })}
          />{" "}
          {name}
        </label>
        {hintEl}
        {errorEl}
      </div>
    );
  }

  if (kind === "list" && draft.kind === "list") {
    const items = (schema.items ?? {}) as JsonSchema;
    const rows = draft.rows;
    const setRows = (next: string[]) => ctx.set(keys, { kind: "list", rows: next });
    return (
      <fieldset className="schema-group" aria-describedby={describedBy}>
        <legend>
          {name}
          {mark}
        </legend>
        {hintEl}
        {rows.length === 0 && <p className="muted">No items.</p>}
        {rows.map((row, i) => {
          const rowPath = `${path}[${i + 1}]`;
          const rowError = ctx.errors.get(rowPath);
          const rowId = idOf(ctx, rowPath);
          return (
            <div key={i} className="schema-row">
              <Scalar
                schema={items}
                id={rowId}
                text={row}
                ariaLabel={`${name} item ${i + 1}`}
                describedBy={rowError ? `${rowId}-error` : undefined}
                invalid={rowError !== undefined}
                disabled={ctx.disabled}
                onChange={(t) => setRows(rows.map((r, j) => (j === i ? t : r)))}
              />
              <button
                type="button"
                className="button"
                disabled={ctx.disabled}
                aria-label={`Remove ${name} item ${i + 1}`}
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
              >
                Remove
              </button>
              {rowError && (
                <span id={`${rowId}-error`} className="field-error">
                  {rowError}
                </span>
              )}
            </div>
          );
        })}
        <button type="button" className="button" disabled={ctx.disabled} onClick={() => setRows([...rows, ""])}>
          Add to {name}
        </button>
        {errorEl}
      </fieldset>
    );
  }

  if (draft.kind !== "text") return null;
  const set = (text: string) => ctx.set(keys, { kind: "text", text });
  let input: ReactNode;
  if (kind === "json") {
    input = (
      <textarea
        id={id}
        rows={3}
        className="mono"
        value={draft.text}
        disabled={ctx.disabled}
        aria-required={required || undefined}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy}
        onChange={(e) => set(e.target.value)}
      />
    );
  } else {
    input = (
      <Scalar
        schema={schema}
        id={id}
        text={draft.text}
        required={required}
        describedBy={describedBy}
        invalid={error !== undefined}
        disabled={ctx.disabled}
        onChange={set}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {name}
        {mark}
        {kind === "json" && <span className="muted"> — JSON</span>}
      </label>
      {input}
      {hintEl}
      {errorEl}
    </div>
  );
}

/** The input of one scalar: a choice for an enum, else a text, number, date or secret input. */
function Scalar({
  schema,
  id,
  text,
  required = false,
  ariaLabel,
  describedBy,
  invalid,
  disabled,
  onChange,
}: {
  schema: JsonSchema;
  id: string;
  text: string;
  required?: boolean;
  ariaLabel?: string;
  describedBy?: string;
  invalid: boolean;
  disabled: boolean;
  onChange: (text: string) => void;
}) {
  const common = {
    id,
    disabled,
    "aria-label": ariaLabel,
    "aria-required": required || undefined,
    "aria-invalid": invalid,
    "aria-describedby": describedBy,
  };
  const kind = kindOf(schema);
  if (kind === "enum") {
    const options = Array.isArray(schema.enum) ? schema.enum : [];
    return (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="">{required ? "choose…" : "none"}</option>
        {options.map((o, i) => (
          <option key={i} value={String(i)}>
            {scalarText(o)}
          </option>
        ))}
      </select>
    );
  }
  const secret = schema.writeOnly === true || schema.format === "password";
  const placeholder = schema.default !== undefined ? scalarText(schema.default) : undefined;
  if (schema["x-weft-multiline"] === true || typeof schema.contentMediaType === "string") {
    return (
      <textarea
        {...common}
        rows={4}
        className={secret ? "mono secret-text" : "mono"}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  const format = typeof schema.format === "string" ? schema.format : "";
  const numeric = kind === "number" || kind === "integer";
  return (
    <input
      {...common}
      type={secret ? "password" : format === "date" ? "date" : "text"}
      inputMode={numeric ? (kind === "integer" ? "numeric" : "decimal") : format === "uri" || format === "url" ? "url" : format === "email" ? "email" : undefined}
      autoComplete={secret ? "new-password" : "off"}
      spellCheck={numeric || format !== "" ? false : undefined}
      placeholder={placeholder ?? (format === "uri" || format === "url" ? "https://…" : format === "date-time" ? "2026-12-31T09:30:00Z" : undefined)}
      value={text}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
