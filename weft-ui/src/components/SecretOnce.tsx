import { useEffect, useRef, useState, type ReactNode } from "react";
import { useFocusFallback } from "./focus";

/**
 * A secret the API returns once (a new API key, a webhook signing secret): shown in this component's
 * props only, never written to storage, gone when the reader says they kept it or leaves the page. A
 * copy button puts it on the clipboard; where the clipboard is refused, the text is selected instead.
 */
export function SecretOnce({
  label,
  secret,
  children,
  onDone,
}: {
  label: string;
  secret: string;
  children?: ReactNode;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  // "Hide it" removes this box with the focused button: the focus goes to the section's heading, not <body>.
  useFocusFallback([box]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("Copied to the clipboard.");
    } catch {
      field.current?.select();
      setCopied("The browser refused the clipboard: the text is selected, copy it with the keyboard.");
    }
  }

  return (
    <div className="card secret-once" role="region" aria-label={label} tabIndex={-1} ref={box}>
      <h2 className="card-title">{label}</h2>
      <p>
        <strong>Shown this once.</strong> Copy it now and keep it where it is needed; Weft keeps only a digest and
        cannot show it again.
      </p>
      <div className="row">
        <label className="field secret-field">
          <span className="visually-hidden">{label}</span>
          <input ref={field} readOnly value={secret} className="mono" spellCheck={false} autoComplete="off" />
        </label>
        <button type="button" className="button primary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      {copied && (
        <p role="status" className="muted">
          {copied}
        </p>
      )}
      {children}
      <button type="button" className="button" onClick={onDone}>
        I have kept it — hide it
      </button>
    </div>
  );
}
