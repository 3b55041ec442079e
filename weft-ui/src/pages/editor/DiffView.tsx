import { useMemo, type ReactNode } from "react";
import { lineDiff } from "./lineDiff";

/** Two texts' line diff: removed lines marked "-", added "+", each with its line number; unchanged runs folded. */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const diff = useMemo(() => lineDiff(before, after), [before, after]);
  if (diff.added === 0 && diff.removed === 0) {
    return <p className="muted">No difference: {label} are the same text.</p>;
  }
  // Unchanged lines further than 3 from a change are folded into one line saying how many.
  const near = new Set<number>();
  diff.lines.forEach((l, i) => {
    if (l.kind !== "same") for (let k = i - 3; k <= i + 3; k++) near.add(k);
  });
  const rows: ReactNode[] = [];
  let folded = 0;
  diff.lines.forEach((l, i) => {
    if (l.kind === "same" && !near.has(i)) {
      folded++;
      return;
    }
    if (folded > 0) {
      rows.push(
        <span key={`fold${i}`} className="diff-line diff-fold">
          {`  … ${folded} unchanged line${folded === 1 ? "" : "s"}`}
        </span>,
      );
      folded = 0;
    }
    const mark = l.kind === "added" ? "+" : l.kind === "removed" ? "-" : " ";
    const number = String(l.kind === "removed" ? l.oldLine : l.newLine).padStart(4, " ");
    rows.push(
      <span key={i} className={`diff-line diff-${l.kind}`}>
        {l.kind === "added" && <span className="visually-hidden">added: </span>}
        {l.kind === "removed" && <span className="visually-hidden">removed: </span>}
        {`${number} ${mark} ${l.text}`}
      </span>,
    );
  });
  if (folded > 0) rows.push(<span key="fold-end" className="diff-line diff-fold">{`  … ${folded} unchanged line${folded === 1 ? "" : "s"}`}</span>);
  return (
    <figure className="diff">
      <figcaption>
        {label}: {diff.added} line{diff.added === 1 ? "" : "s"} added, {diff.removed} removed
      </figcaption>
      <pre tabIndex={0} aria-label={`Diff: ${label}`}>{rows}</pre>
    </figure>
  );
}
