/** An instant in the reader's locale, with the exact ISO value on hover and for machines. */
export function Time({ value }: { value: string | undefined | null }) {
  if (!value) return <span className="muted">—</span>;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return <span>{value}</span>;
  return (
    <time dateTime={value} title={value}>
      {d.toLocaleString()}
    </time>
  );
}

export function duration(millis: number | undefined): string {
  if (millis === undefined || millis === null) return "—";
  if (millis < 1000) return `${millis} ms`;
  if (millis < 60_000) return `${(millis / 1000).toFixed(1)} s`;
  const m = Math.floor(millis / 60_000);
  return `${m} min ${Math.round((millis % 60_000) / 1000)} s`;
}
