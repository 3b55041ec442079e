import type { Step } from "../api/client";

/**
 * A step of the timeline and what runs inside it: a parallel step's branches (paths `p/<branch>/<step>`) and a
 * foreach's items (paths `f[<i>]/<step>`), each a group of nodes of its own. A container whose own row was not
 * read (a later page of steps) still has a node, without a step.
 */
export interface TimelineNode {
  path: string;
  /** The last segment of the path: the step's id in its list. */
  name: string;
  step?: Step;
  groups: TimelineGroup[];
}

export interface TimelineGroup {
  /** Unique within the page: the container's path and the group's key. */
  key: string;
  kind: "branch" | "item";
  /** The branch's id or the item's index. */
  label: string;
  nodes: TimelineNode[];
}

const ITEM = /^(.*)\[(\d+)\]\/([^/[\]]+)$/;
const BRANCH = /^(.*)\/([^/]+)\/([^/]+)$/;

/** Where a path sits: its container step, the group within it, and its own name; null at the top level. */
export function placeOf(path: string): { parent: string; kind: "branch" | "item"; label: string; name: string } | null {
  const item = ITEM.exec(path);
  if (item) return { parent: item[1]!, kind: "item", label: item[2]!, name: item[3]! };
  const branch = BRANCH.exec(path);
  if (branch) return { parent: branch[1]!, kind: "branch", label: branch[2]!, name: branch[3]! };
  return null;
}

/** The steps as a tree of containers and groups, each list in the order the steps came (the order they were written). */
export function timelineOf(steps: Step[]): TimelineNode[] {
  const nodes = new Map<string, TimelineNode>();
  const roots: TimelineNode[] = [];

  function node(path: string): TimelineNode {
    const known = nodes.get(path);
    if (known) return known;
    const place = placeOf(path);
    const created: TimelineNode = { path, name: place ? place.name : path, groups: [] };
    nodes.set(path, created);
    if (!place) {
      roots.push(created);
      return created;
    }
    const parent = node(place.parent);
    const key = `${place.parent}|${place.kind}|${place.label}`;
    let group = parent.groups.find((g) => g.key === key);
    if (!group) {
      group = { key, kind: place.kind, label: place.label, nodes: [] };
      parent.groups.push(group);
    }
    group.nodes.push(created);
    return created;
  }

  for (const s of steps) {
    if (!s.path) continue;
    const n = node(s.path);
    // A step of an earlier run and the current run's row of the same path: the current one wins.
    if (!n.step || n.step.fromEarlierRun) n.step = s;
  }
  for (const n of nodes.values()) {
    n.groups.sort((a, b) => (a.kind === "item" && b.kind === "item" ? Number(a.label) - Number(b.label) : 0));
  }
  return roots;
}

/** A bar of the chart: one attempt of a step, or the step itself when it has no timed attempt. */
export interface Bar {
  label: string;
  outcome: string;
  start: number;
  end: number;
  /** Still running: the bar ends at the chart's now. */
  open: boolean;
}

function ms(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** The bars of a step: each attempt with a start, else the step's own start and end. */
export function barsOf(step: Step, now: number): Bar[] {
  const bars: Bar[] = [];
  for (const a of step.history ?? []) {
    const start = ms(a.startedAt);
    if (start === undefined) continue;
    const finished = ms(a.finishedAt) ?? (a.durationMillis !== undefined ? start + a.durationMillis : undefined);
    bars.push({
      label: `attempt ${a.number}`,
      outcome: a.outcome,
      start,
      end: finished ?? now,
      open: finished === undefined,
    });
  }
  if (bars.length > 0) return bars;
  const start = ms(step.startedAt);
  if (start === undefined) return [];
  const finished = ms(step.finishedAt) ?? (step.durationMillis !== undefined ? start + step.durationMillis : undefined);
  return [{ label: "step", outcome: step.status ?? "unknown", start, end: finished ?? now, open: finished === undefined }];
}

/** The chart's span: the earliest start and the latest end of every bar; null when nothing has started. */
export function spanOf(steps: Step[], now: number): { start: number; end: number } | null {
  let start = Infinity;
  let end = -Infinity;
  for (const s of steps) {
    for (const b of barsOf(s, now)) {
      start = Math.min(start, b.start);
      end = Math.max(end, b.end);
    }
  }
  if (start === Infinity) return null;
  return { start, end: Math.max(end, start + 1) };
}

/** Whether a node or anything inside it failed: its group opens by itself so the failure is in view. */
export function failedWithin(node: TimelineNode): boolean {
  if (node.step?.status === "failed" && !node.step.fromEarlierRun) return true;
  return node.groups.some((g) => g.nodes.some(failedWithin));
}

/** How many steps failed (the current run's), and the first of them in the order they were written. */
export function failedSteps(steps: Step[]): Step[] {
  return steps.filter((s) => s.status === "failed" && !s.fromEarlierRun);
}
