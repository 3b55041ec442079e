import { useId } from "react";

/** What a JSON field must hold: an object ({@code "object"}) or any JSON value. */
export type JsonShape = "object" | "any";

/**
 * Reads the text of a JSON field named {@code label}: its value, or a message that names the field, says what is
 * wrong and how to put it right. An empty text is {@code undefined} (the field left out).
 */
export function readJsonField(
  text: string,
  label: string,
  shape: JsonShape = "any",
  example = '{"orderId": "42"}',
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      message: `${label} is not valid JSON (${(e as Error).message}). Quote every key and text in double quotes, with no trailing comma, such as ${example}.`,
    };
  }
  if (shape === "object" && (typeof value !== "object" || value === null || Array.isArray(value))) {
    return { ok: false, message: `${label} must be a JSON object in braces, such as ${example}.` };
  }
  return { ok: true, value };
}

/**
 * A labelled JSON textarea. The caller checks it with {@link readJsonField} on submit and passes the message back as
 * {@code error}; the field then shows it, marks itself invalid and points the screen reader to the message.
 */
export function JsonField({
  label,
  name,
  value,
  onChange,
  error,
  rows = 6,
  hint,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (text: string) => void;
  error?: string | null;
  rows?: number;
  hint?: string;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field json-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        className="mono"
        spellCheck={false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <span id={hintId} className="muted">
          {hint}
        </span>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
