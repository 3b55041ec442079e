import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLMap } from "yaml";

/** Where a node is in the document: keys and list indexes from its root, as yaml's getIn/setIn take them. */
export type Path = (string | number)[];

/** One step of a list, as the graph shows it. */
export interface StepNode {
  id: string;
  type: string;
  /** The step's own path, such as ["steps", 2] or ["steps", 0, "branches", 1, "steps", 0]. */
  path: Path;
  index: number;
  next?: string;
  onError?: string;
  cases: { when: string; next?: string }[];
  default?: string;
  operation?: string;
  /** The step's `if`: when it is false the step is skipped. */
  condition?: string;
  /** A parallel step's branches, each a list of its own. */
  branches: { id: string; list: StepList }[];
  /** A foreach step's steps. */
  body?: StepList;
  /** The step's line in the source, from 1. */
  line: number;
}

/** A list of steps: the flow's, a branch's or a foreach's; `next` and `onError` name steps of the same list. */
export interface StepList {
  path: Path;
  steps: StepNode[];
  /** The ids that an onError of this list (or the flow's, for the top list) names: never entered by falling through. */
  handlers: Set<string>;
}

export interface FlowModel {
  namespace?: string;
  id?: string;
  steps: StepList;
}

/** A problem with a place in the source: line and column from 1. */
export interface Located {
  line: number;
  column: number;
  message: string;
  path?: string;
  source: "yaml" | "schema" | "server";
}

export interface Parsed {
  doc: Document.Parsed;
  lines: LineCounter;
  /** The YAML syntax errors; the model is null when there are any. */
  errors: Located[];
  model: FlowModel | null;
}

export function parseFlow(text: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const errors: Located[] = doc.errors.map((e) => {
    const at = lines.linePos(e.pos[0]);
    return { line: at.line, column: at.col, message: e.message.split("\n")[0] ?? e.message, source: "yaml" };
  });
  if (errors.length > 0) return { doc, lines, errors, model: null };
  const root = doc.contents;
  const model: FlowModel = {
    namespace: isMap(root) ? text_(root.get("namespace")) : undefined,
    id: isMap(root) ? text_(root.get("id")) : undefined,
    steps: readList(isMap(root) ? root.get("steps", true) : undefined, ["steps"], lines, isMap(root) ? text_(root.get("onError")) : undefined),
  };
  return { doc, lines, errors, model };
}

function text_(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function readList(node: unknown, path: Path, lines: LineCounter, flowOnError?: string): StepList {
  const list: StepList = { path, steps: [], handlers: new Set(flowOnError ? [flowOnError] : []) };
  if (!isSeq(node)) return list;
  node.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const step = readStep(item, [...path, index], index, lines);
    list.steps.push(step);
    if (step.onError) list.handlers.add(step.onError);
  });
  return list;
}

function readStep(map: YAMLMap, path: Path, index: number, lines: LineCounter): StepNode {
  const get = (key: string) => text_(map.get(key));
  const cases: StepNode["cases"] = [];
  const casesNode = map.get("cases", true);
  if (isSeq(casesNode)) {
    for (const c of casesNode.items) {
      if (isMap(c)) cases.push({ when: text_(c.get("when")) ?? "", next: text_(c.get("next")) });
    }
  }
  const branches: StepNode["branches"] = [];
  const branchesNode = map.get("branches", true);
  if (isSeq(branchesNode)) {
    branchesNode.items.forEach((b, i) => {
      if (isMap(b)) {
        branches.push({ id: text_(b.get("id")) ?? `branch ${i + 1}`, list: readList(b.get("steps", true), [...path, "branches", i, "steps"], lines) });
      }
    });
  }
  const type = get("type") ?? "";
  const start = (map as Node).range?.[0] ?? 0;
  return {
    id: get("id") ?? `(step ${index + 1})`,
    type,
    path,
    index,
    next: get("next"),
    onError: get("onError"),
    cases,
    default: get("default"),
    operation: get("operation"),
    condition: get("if"),
    branches,
    body: type === "foreach" ? readList(map.get("steps", true), [...path, "steps"], lines) : undefined,
    line: lines.linePos(start).line,
  };
}

/** Every step id of the flow, nested ones included, for completion and unique new ids. */
export function allStepIds(list: StepList): string[] {
  const ids: string[] = [];
  for (const s of list.steps) {
    ids.push(s.id);
    for (const b of s.branches) ids.push(...allStepIds(b.list));
    if (s.body) ids.push(...allStepIds(s.body));
  }
  return ids;
}

/** The step at a path, if the model has one there. */
export function stepAt(model: FlowModel, path: Path): StepNode | undefined {
  const key = JSON.stringify(path);
  const walk = (list: StepList): StepNode | undefined => {
    for (const s of list.steps) {
      if (JSON.stringify(s.path) === key) return s;
      for (const b of s.branches) {
        const found = walk(b.list);
        if (found) return found;
      }
      if (s.body) {
        const found = walk(s.body);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(model.steps);
}

/** The list of steps at a path, such as ["steps"] or ["steps", 1, "branches", 0, "steps"]. */
export function listAt(model: FlowModel, listPath: Path): StepList | undefined {
  const key = JSON.stringify(listPath);
  const walk = (list: StepList): StepList | undefined => {
    if (JSON.stringify(list.path) === key) return list;
    for (const s of list.steps) {
      for (const b of s.branches) {
        const found = walk(b.list);
        if (found) return found;
      }
      if (s.body) {
        const found = walk(s.body);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(model.steps);
}

/** The line and column (from 1) of the value at a JSON path such as /steps/2/next, or of its nearest parent. */
export function locate(parsed: Parsed, jsonPath: string): { line: number; column: number } {
  const keys: Path = jsonPath
    .split("/")
    .slice(1)
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? parsed.doc.contents : parsed.doc.getIn(keys.slice(0, n), true);
    const range = (node as Node | null | undefined)?.range;
    if (range && (isScalar(node) || isMap(node) || isSeq(node))) {
      const at = parsed.lines.linePos(range[0]);
      return { line: at.line, column: at.col };
    }
  }
  return { line: 1, column: 1 };
}
