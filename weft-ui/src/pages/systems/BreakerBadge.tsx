import type { Breaker } from "./model";

const CLASS: Record<string, string> = {
  closed: "badge-succeeded",
  open: "badge-failed",
  forced_open: "badge-failed",
  half_open: "badge-waiting",
};

/** A circuit breaker's state as a word with a colour; the word carries the meaning. */
export function BreakerBadge({ breaker }: { breaker: Breaker | undefined }) {
  const state = breaker?.state ?? "unknown";
  return <span className={`badge ${CLASS[state] ?? "badge-other"}`}>{state.replace("_", "-")}</span>;
}

/** "3 of 10 calls failed (30%)", or what little is known. */
export function breakerCounts(b: Breaker | undefined): string {
  if (!b) return "";
  const rate = typeof b.failureRate === "number" && b.failureRate >= 0 ? ` (${Math.round(b.failureRate)}% failed)` : "";
  if (typeof b.bufferedCalls === "number") return `${b.failedCalls ?? 0} of the last ${b.bufferedCalls} calls failed${rate}`;
  return rate;
}
