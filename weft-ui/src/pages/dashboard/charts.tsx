import { useId } from "react";

/** One stack of a stacked bar chart: its name, what it is called, and the CSS class that colours it. */
export interface Series {
  key: string;
  label: string;
  className: string;
}

export interface Column {
  label: string;
  values: Record<string, number>;
}

const WIDTH = 600;
const HEIGHT = 160;

/**
 * Columns of stacked bars drawn in SVG (the scale stretches to the card's width), with a summary for screen
 * readers; the table equivalent is the caller's, next to it. Colours come from CSS classes, so both themes
 * apply.
 */
export function StackedBars({
  title,
  summary,
  columns,
  series,
  ends,
}: {
  title: string;
  summary: string;
  columns: Column[];
  series: Series[];
  /** What the scale's two ends are: the window's start and end. */
  ends: [string, string];
}) {
  const id = useId();
  const totals = columns.map((c) => series.reduce((sum, s) => sum + (c.values[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = WIDTH / Math.max(1, columns.length);
  const barWidth = Math.max(1, slot * 0.8);
  return (
    <div className="chart">
      <div className="chart-scale" aria-hidden="true">
        <span>{max}</span>
        <span>0</span>
      </div>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        <line className="chart-axis" x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
        {columns.map((c, i) => {
          let y = HEIGHT;
          return (
            <g key={i} data-column={c.label}>
              {series.map((s) => {
                const v = c.values[s.key] ?? 0;
                if (v === 0) return null;
                const h = (v / max) * (HEIGHT - 4);
                y -= h;
                return (
                  <rect
                    key={s.key}
                    className={s.className}
                    data-series={s.key}
                    data-value={v}
                    x={i * slot + (slot - barWidth) / 2}
                    y={y}
                    width={barWidth}
                    height={h}
                  >
                    <title>{`${c.label}: ${v} ${s.label}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      <div className="chart-ends" aria-hidden="true">
        <span>{ends[0]}</span>
        <span>{ends[1]}</span>
      </div>
      <ul className="legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.key}>
            <svg width="12" height="12">
              <rect className={s.className} width="12" height="12" />
            </svg>{" "}
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface Bar {
  label: string;
  value: number;
  /** The value as the reader should read it (25%, 4.2 s). */
  text: string;
  /** A second, lighter mark inside the bar (an average beside a maximum), or none. */
  inner?: number;
}

const ROW = 26;

/**
 * Horizontal bars, one per row, longest at the scale's end, drawn in SVG with their labels and values. The
 * table equivalent is the caller's, next to it.
 */
export function HBars({ title, summary, bars, max, className }: { title: string; summary: string; bars: Bar[]; max?: number; className: string }) {
  const id = useId();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), Number.MIN_VALUE);
  return (
    <svg className="hbars" width="100%" height={bars.length * ROW} role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{summary}</desc>
      {bars.map((b, i) => {
        const share = Math.max(0, Math.min(1, b.value / top));
        return (
          <g key={i} data-bar={b.label} data-value={b.value}>
            <rect className="hbar-track" x="40%" y={i * ROW + 4} width="45%" height={ROW - 8} />
            <rect className={className} x="40%" y={i * ROW + 4} width={`${share * 45}%`} height={ROW - 8}>
              <title>{`${b.label}: ${b.text}`}</title>
            </rect>
            {b.inner !== undefined && (
              <rect
                className="hbar-inner"
                x="40%"
                y={i * ROW + 9}
                width={`${Math.max(0, Math.min(1, b.inner / top)) * 45}%`}
                height={ROW - 18}
              />
            )}
            <text className="hbar-label" x="39%" y={i * ROW + ROW / 2 + 4} textAnchor="end">
              {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
            </text>
            <text className="hbar-value" x="86%" y={i * ROW + ROW / 2 + 4}>
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
