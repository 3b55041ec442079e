import { diffLines } from "diff";

export interface DiffLine {
  kind: "same" | "added" | "removed";
  text: string;
  /** The line's number in the old text (same, removed) and in the new one (same, added). */
  oldLine?: number;
  newLine?: number;
}

/** A line diff of two texts (jsdiff), each line with its number on its side. */
export function lineDiff(before: string, after: string): { lines: DiffLine[]; added: number; removed: number } {
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    const texts = part.value.replace(/\n$/, "").split("\n");
    for (const text of texts) {
      if (part.added) {
        lines.push({ kind: "added", text, newLine: newLine++ });
        added++;
      } else if (part.removed) {
        lines.push({ kind: "removed", text, oldLine: oldLine++ });
        removed++;
      } else {
        lines.push({ kind: "same", text, oldLine: oldLine++, newLine: newLine++ });
      }
    }
  }
  return { lines, added, removed };
}
