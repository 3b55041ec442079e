import { useMemo } from "react";
import type { Path, StepList } from "./flowModel";
import { layoutFlow, NODE_H, NODE_W } from "./layout";

const same = (a: Path | null, b: Path) => a !== null && a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * The graph of a flow's steps, drawn by the layered layout: each step a button (its accessible name says the
 * step, its type and what it calls), reached with Tab, selected with Enter or a click.
 */
export function FlowGraph({ steps, selected, onSelect }: { steps: StepList; selected: Path | null; onSelect(path: Path): void }) {
  const layout = useMemo(() => layoutFlow(steps), [steps]);
  return (
    <div className="flow-graph" role="group" aria-label="Graph of the flow's steps">
      <svg width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`}>
        <defs>
          <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" className="graph-arrow" />
          </marker>
        </defs>
        {layout.nodes
          .filter((n) => n.box)
          .map((n) => (
            <rect key={`box:${n.step.path.join("/")}`} className="graph-box" x={n.box!.x} y={n.box!.y} width={n.box!.w} height={n.box!.h} rx={10} />
          ))}
        {layout.labels.map((l) => (
          <text key={l.key} className="graph-label" x={l.x} y={l.y} textAnchor="middle">
            {l.text}
          </text>
        ))}
        {layout.edges.map((e) => (
          <g key={e.key} className={`graph-edge graph-edge-${e.kind}`}>
            <path d={e.d} markerEnd="url(#flow-arrow)" />
            {e.label && e.labelX !== undefined && (
              <text x={e.labelX} y={e.labelY} className="graph-edge-label">
                {e.label}
              </text>
            )}
          </g>
        ))}
        {layout.nodes.map((n) => {
          const handler = n.list.handlers.has(n.step.id);
          const type = n.step.type || "no type";
          // The button's name is its own text ("ship http.request"), as shown; the title adds the rest.
          const about = [`${type} step`, n.step.condition && `runs only if ${n.step.condition}`, handler && "error handler"];
          return (
            <foreignObject key={n.step.path.join("/")} x={n.x} y={n.y} width={NODE_W} height={NODE_H}>
              <button
                type="button"
                className={`graph-node graph-node-${n.step.type || "none"}`}
                title={about.filter(Boolean).join(", ")}
                aria-pressed={same(selected, n.step.path)}
                onClick={() => onSelect(n.step.path)}
              >
                <span className="graph-node-id">
                  {n.step.id}
                  {n.step.condition && <span className="graph-node-tag"> if</span>}
                  {handler && <span className="graph-node-tag"> on error</span>}
                </span>
                <span className="graph-node-type">{n.step.operation ?? type}</span>
              </button>
            </foreignObject>
          );
        })}
      </svg>
      {steps.steps.length === 0 && <p className="muted">No steps yet: add one, or write them in the YAML.</p>}
    </div>
  );
}
