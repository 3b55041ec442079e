import { useState } from "react";
import type { Step } from "../api/client";
import { duration } from "../components/Time";
import { barsOf, failedWithin, spanOf, timelineOf, type Bar, type TimelineGroup, type TimelineNode } from "./timeline";

/** A step with more groups than this (a long foreach) shows them collapsed, except those with a failure inside. */
const OPEN_UP_TO = 8;

/**
 * The execution's steps as a Gantt chart: one row per step, one bar per attempt on a shared time axis, parallel
 * branches and foreach items grouped under their step and collapsible. Each row says in words what its bars show;
 * the step list below holds the same data.
 */
export function Timeline({ steps, now, onInspect }: { steps: Step[]; now: number; onInspect: (path: string) => void }) {
  const roots = timelineOf(steps);
  const span = spanOf(steps, now);
  if (roots.length === 0) return null;
  return (
    <div className="timeline" role="group" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {span && (
        <p className="muted timeline-axis">
          From the first start, 0 s, to {duration(span.end - span.start)}; each bar is an attempt.
        </p>
      )}
      <ul className="timeline-rows">
        {roots.map((n) => (
          <Row key={n.path} node={n} span={span} now={now} depth={0} onInspect={onInspect} />
        ))}
      </ul>
    </div>
  );
}

function Row({
  node,
  span,
  now,
  depth,
  onInspect,
}: {
  node: TimelineNode;
  span: { start: number; end: number } | null;
  now: number;
  depth: number;
  onInspect: (path: string) => void;
}) {
  const step = node.step;
  const bars = step && span ? barsOf(step, now) : [];
  const failed = step?.status === "failed" && !step.fromEarlierRun;
  const words = step ? describe(node.name, step, bars, span) : `${node.name}: not read yet`;
  return (
    <li className={failed ? "timeline-row failed" : "timeline-row"} data-depth={Math.min(depth, 6)}>
      <div className="timeline-line">
        <span className="timeline-label">
          {step ? (
            <button
              type="button"
              className="link-button mono"
              title={node.path}
              aria-label={`${node.name}: show the step`}
              onClick={() => onInspect(node.path)}
            >
              {node.name}
            </button>
          ) : (
            <span className="mono">{node.name}</span>
          )}
          {failed && <span className="badge badge-failed">failed</span>}
        </span>
        <svg className="timeline-track" role="img" aria-label={words} preserveAspectRatio="none">
          {span &&
            bars.map((b, i) => {
              const x = ((b.start - span.start) / (span.end - span.start)) * 100;
              const w = Math.max(((b.end - b.start) / (span.end - span.start)) * 100, 0.5);
              return (
                <rect
                  key={i}
                  className={`bar bar-${b.outcome}${b.open ? " bar-open" : ""}`}
                  x={`${Math.min(x, 99.5)}%`}
                  y="2"
                  width={`${Math.min(w, 100 - Math.min(x, 99.5))}%`}
                  height="14"
                  rx="2"
                >
                  <title>{barWords(b, span)}</title>
                </rect>
              );
            })}
        </svg>
      </div>
      {node.groups.length > 0 && (
        <ul className="timeline-groups">
          {node.groups.map((g) => (
            <Group
              key={g.key}
              group={g}
              siblings={node.groups.length}
              span={span}
              now={now}
              depth={depth + 1}
              onInspect={onInspect}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function Group({
  group,
  siblings,
  span,
  now,
  depth,
  onInspect,
}: {
  group: TimelineGroup;
  siblings: number;
  span: { start: number; end: number } | null;
  now: number;
  depth: number;
  onInspect: (path: string) => void;
}) {
  const hasFailure = group.nodes.some(failedWithin);
  const [open, setOpen] = useState(hasFailure || siblings <= OPEN_UP_TO);
  const name = group.kind === "branch" ? `branch ${group.label}` : `item ${group.label}`;
  const count = `${group.nodes.length} ${group.nodes.length === 1 ? "step" : "steps"}`;
  return (
    <li className={hasFailure ? "timeline-group failed" : "timeline-group"} data-depth={Math.min(depth, 6)}>
      <button type="button" className="link-button timeline-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? "▾" : "▸"}</span> {name} <span className="muted">({count}{hasFailure ? ", a failure inside" : ""})</span>
      </button>
      {open && (
        <ul className="timeline-rows">
          {group.nodes.map((n) => (
            <Row key={n.path} node={n} span={span} now={now} depth={depth} onInspect={onInspect} />
          ))}
        </ul>
      )}
    </li>
  );
}

function offset(at: number, span: { start: number } | null): string {
  return span ? `+${duration(Math.max(0, at - span.start))}` : "";
}

function barWords(b: Bar, span: { start: number } | null): string {
  return `${b.label} ${b.outcome}, from ${offset(b.start, span)}${b.open ? ", still running" : ` for ${duration(b.end - b.start)}`}`;
}

/** The row in words: the step's status and each bar, for those who do not see the chart. */
export function describe(name: string, step: Step, bars: Bar[], span: { start: number } | null): string {
  const head = `${name}: ${step.status ?? "unknown"}${step.fromEarlierRun ? " (earlier run)" : ""}`;
  if (bars.length === 0) return `${head}, not started`;
  return `${head}; ${bars.map((b) => barWords(b, span)).join("; ")}`;
}
