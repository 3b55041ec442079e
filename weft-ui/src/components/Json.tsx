/**
 * A JSON value, pretty-printed and selectable. It scrolls when wide, so it takes the keyboard focus
 * (tabIndex 0) for a keyboard user to scroll it.
 */
export function Json({ value }: { value: unknown }) {
  if (value === undefined) return <p className="muted">none</p>;
  return (
    <pre className="json" tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** Parses a JSON text an action sends, saying where it is wrong. */
export function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `${what} is not valid JSON: ${(e as Error).message}` };
  }
}
