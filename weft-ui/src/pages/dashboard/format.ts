/** A share from 0 to 1 as a percentage with at most one decimal: 0.25 → "25%", 1/3 → "33.3%". */
export function percent(rate: number): string {
  const p = Math.round(rate * 1000) / 10;
  return `${p}%`;
}

/** Milliseconds as a person reads them: 850 ms, 4.2 s, 3 min 5 s, 2 h 10 min, 3 d 4 h. */
export function millis(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return seconds(ms / 1000);
}

/** Seconds as a person reads them, to the two largest units. */
export function seconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const units: [number, string][] = [
    [86_400, "d"],
    [3_600, "h"],
    [60, "min"],
    [1, "s"],
  ];
  const parts: string[] = [];
  let rest = Math.round(s);
  for (const [size, name] of units) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) {
      if (n > 0) parts.push(`${n} ${name}`);
      rest -= n * size;
    }
  }
  return parts.join(" ");
}

/** An instant as a short label: the time of day for windows up to 12 hours, else the date too. */
export function bucketLabel(iso: string, windowMs: number): string {
  const d = new Date(iso);
  if (windowMs <= 12 * 3_600_000) return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}
