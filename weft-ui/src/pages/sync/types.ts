import type { components } from "../../api/schema";

export type SyncJob = components["schemas"]["SyncJob"];
export type SyncRun = components["schemas"]["SyncRun"];
export type SyncFailure = components["schemas"]["SyncFailure"];
export type SyncConflict = components["schemas"]["SyncConflict"];

/** A side as `system/type`. */
export function side(s: SyncJob["left"]): string {
  return s ? `${s.system}/${s.type}` : "—";
}

export const ARROWS: Record<string, string> = { left_to_right: "→", right_to_left: "←", both: "⇄" };

/** The run's counts as one line: 10 read, 9 created, … */
export function countsText(run: SyncRun): string {
  const c = run.counts;
  return `${c.read ?? 0} read, ${c.created ?? 0} created, ${c.updated ?? 0} updated, ${c.deleted ?? 0} deleted, ${c.unchanged ?? 0} unchanged, ${c.conflicts ?? 0} conflicts, ${c.failed ?? 0} failed`;
}
