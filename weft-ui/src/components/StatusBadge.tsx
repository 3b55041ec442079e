const KNOWN = new Set(["queued", "running", "waiting", "succeeded", "failed", "cancelled", "skipped", "interrupted"]);

/** A status as a word with a colour; the word carries the meaning, the colour only helps. */
export function StatusBadge({ status }: { status: string | undefined }) {
  const s = status ?? "unknown";
  return <span className={`badge badge-${KNOWN.has(s) ? s : "other"}`}>{s}</span>;
}
