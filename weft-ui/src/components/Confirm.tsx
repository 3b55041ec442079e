import { useEffect, useRef, useState } from "react";
import { useFocusFallback } from "./focus";

/**
 * A button that asks once more before acting, in place (no window.confirm, which a keyboard or
 * screen-reader user cannot review the way they review the page).
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  danger,
  fallbackFocus,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  danger?: boolean;
  /** Where the focus goes when the button itself is removed (its row deleted); by default its section's heading. */
  fallbackFocus?: () => HTMLElement | null;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const group = useRef<HTMLSpanElement>(null);
  const wasAsking = useRef(false);
  // The question's buttons go away when it is answered: the focus goes back to the button that asked, rather
  // than to the page's start.
  useEffect(() => {
    if (wasAsking.current && !asking) trigger.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  // When the answer removed the button too (a revoked key's row), the focus goes to the section's heading.
  useFocusFallback([trigger, group], fallbackFocus);
  if (!asking) {
    return (
      <button
        ref={trigger}
        type="button"
        className={danger ? "button danger" : "button"}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span ref={group} className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        className={danger ? "button danger" : "button primary"}
        disabled={busy}
        autoFocus
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" disabled={busy} onClick={() => setAsking(false)}>
        Keep it
      </button>
    </span>
  );
}
