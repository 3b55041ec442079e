import type { StepList, StepNode } from "./flowModel";

/*
 * A small layered layout: each list of steps is a column, one step a layer, in list order; a parallel step is a
 * box holding its branches side by side, a foreach a box holding its steps. Edges join steps of the same list:
 * the step listed after (drawn straight down), an explicit next or a switch's case (routed in lanes on the
 * column's right), onError (dashed). Deterministic: the same document always draws the same picture.
 */

export const NODE_W = 176;
export const NODE_H = 46;
const GAP_Y = 30;
const PAD = 14;
const HEADER = NODE_H + 16;
const LANE = 14;
const BRANCH_GAP = 18;
const LABEL = 18;

export interface PlacedNode {
  step: StepNode;
  /** The list the step is in (its handlers, for one). */
  list: StepList;
  /** The step's own box (the button). */
  x: number;
  y: number;
  /** The whole item: for a parallel or a foreach, the box around its nested lists. */
  box: { x: number; y: number; w: number; h: number } | null;
}

export interface PlacedEdge {
  key: string;
  d: string;
  kind: "flow" | "jump" | "case" | "error";
  label?: string;
  labelX?: number;
  labelY?: number;
}

export interface PlacedLabel {
  key: string;
  x: number;
  y: number;
  text: string;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  labels: PlacedLabel[];
}

interface Sized {
  w: number;
  h: number;
  draw(x: number, y: number, out: Layout): void;
}

export function layoutFlow(list: StepList): Layout {
  const out: Layout = { width: 0, height: 0, nodes: [], edges: [], labels: [] };
  const sized = sizeList(list);
  sized.draw(PAD, PAD, out);
  out.width = sized.w + 2 * PAD;
  out.height = sized.h + 2 * PAD;
  return out;
}

/** The targets an item of a list leads to, with how the edge is drawn. */
export function edgesOf(list: StepList, i: number): { target: string; kind: PlacedEdge["kind"]; label?: string }[] {
  const s = list.steps[i]!;
  const after = list.steps[i + 1];
  const fallThrough = after && !list.handlers.has(after.id) ? after.id : undefined;
  const out: { target: string; kind: PlacedEdge["kind"]; label?: string }[] = [];
  if (s.type === "switch") {
    s.cases.forEach((c, k) => c.next && c.next !== "end" && out.push({ target: c.next, kind: "case", label: `case ${k + 1}` }));
    const d = s.default ?? fallThrough;
    if (d && d !== "end") out.push({ target: d, kind: d === fallThrough && !s.default ? "flow" : "case", label: "default" });
  } else if (s.next) {
    if (s.next !== "end") out.push({ target: s.next, kind: "jump", label: "next" });
  } else if (fallThrough) {
    out.push({ target: fallThrough, kind: "flow" });
  }
  if (s.onError) out.push({ target: s.onError, kind: "error", label: "on error" });
  return out;
}

function sizeItem(step: StepNode, list: StepList): Sized {
  if (step.branches.length === 0 && !step.body) {
    return {
      w: NODE_W,
      h: NODE_H,
      draw: (x, y, out) => out.nodes.push({ step, list, x, y, box: null }),
    };
  }
  const inner = step.body ? [{ id: "", list: step.body }] : step.branches;
  const columns = inner.map((b) => ({ id: b.id, sized: sizeList(b.list) }));
  const label = step.body ? 0 : LABEL;
  const innerW = columns.reduce((w, c) => w + c.sized.w, 0) + BRANCH_GAP * Math.max(0, columns.length - 1);
  const innerH = Math.max(0, ...columns.map((c) => c.sized.h)) + label;
  const w = Math.max(NODE_W, innerW) + 2 * PAD;
  const h = HEADER + innerH + PAD;
  return {
    w,
    h,
    draw: (x, y, out) => {
      out.nodes.push({ step, list, x: x + (w - NODE_W) / 2, y, box: { x, y, w, h } });
      let cx = x + PAD + (w - 2 * PAD - innerW) / 2;
      for (const c of columns) {
        if (label) out.labels.push({ key: `${step.path.join("/")}#${c.id}`, x: cx + c.sized.w / 2, y: y + HEADER + 12, text: c.id });
        c.sized.draw(cx, y + HEADER + label, out);
        cx += c.sized.w + BRANCH_GAP;
      }
    },
  };
}

function sizeList(list: StepList): Sized {
  const items = list.steps.map((s) => sizeItem(s, list));
  const core = Math.max(NODE_W, ...items.map((s) => s.w));
  // Every edge that is not a straight fall-through gets a lane of its own on the column's right.
  let lanes = 0;
  list.steps.forEach((_, i) => edgesOf(list, i).forEach((e) => e.kind !== "flow" && lanes++));
  const w = core + lanes * LANE + (lanes > 0 ? LANE : 0);
  const h = items.reduce((sum, s) => sum + s.h, 0) + GAP_Y * Math.max(0, items.length - 1);
  return {
    w,
    h,
    draw: (x, y, out) => {
      const tops: number[] = [];
      let cy = y;
      items.forEach((s) => {
        tops.push(cy);
        s.draw(x + (core - s.w) / 2, cy, out);
        cy += s.h + GAP_Y;
      });
      const index = new Map(list.steps.map((s, i) => [s.id, i]));
      const cx = x + core / 2;
      let lane = 0;
      list.steps.forEach((s, i) => {
        for (const e of edgesOf(list, i)) {
          const j = index.get(e.target);
          if (j === undefined) continue; // a problem the validator reports; nothing to draw to
          const fromY = tops[i]! + items[i]!.h;
          const toY = tops[j]!;
          const key = `${s.path.join("/")}->${e.target}:${e.kind}:${e.label ?? ""}`;
          if (e.kind === "flow" && j === i + 1) {
            out.edges.push({ key, d: `M${cx},${fromY} L${cx},${toY}`, kind: "flow" });
            continue;
          }
          lane++;
          const lx = x + core + lane * LANE;
          const sx = cx + 24 + (lane % 3) * 8;
          const startY = e.kind === "error" ? tops[i]! + NODE_H / 2 : fromY;
          const startX = e.kind === "error" ? x + (core + items[i]!.w) / 2 : sx;
          const d =
            e.kind === "error"
              ? `M${startX},${startY} L${lx},${startY} L${lx},${toY - 10} L${cx + 24},${toY - 10} L${cx + 24},${toY}`
              : `M${startX},${startY} L${startX},${startY + 8} L${lx},${startY + 8} L${lx},${toY - 10} L${cx + 24},${toY - 10} L${cx + 24},${toY}`;
          out.edges.push({ key, d, kind: e.kind, label: e.label, labelX: lx + 3, labelY: (startY + toY) / 2 });
        }
      });
    },
  };
}
