import { diffArrays } from "diff";
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from "yaml";
import type { Path } from "./flowModel";

/*
 * The graph's edits, made on the YAML document (yaml's Document API) and printed back: comments, blank lines
 * and the flow or block style of every node the edit does not touch stay as they were.
 */

/** What a new step of each type starts with: its required fields, to be filled in. */
export const NEW_STEP: Record<string, Record<string, unknown>> = {
  transform: { output: "{{ input }}" },
  call: { operation: "http.request", with: { method: "GET", url: "https://example.com" } },
  switch: { cases: [{ when: "{{ true }}", next: "end" }] },
  parallel: { branches: [{ id: "a", steps: [{ id: "", type: "transform", output: "{{ input }}" }] }] },
  foreach: { items: "{{ input.items }}", steps: [{ id: "", type: "transform", output: "{{ item }}" }] },
  wait: { duration: "1m" },
  await: { signal: "go" },
  subflow: { flow: "default/other", input: {} },
  respond: { status: 200, body: {} },
  emit: { event: "custom.happened" },
  fail: { message: "failed" },
};
export const STEP_TYPES = Object.keys(NEW_STEP);

function load(text: string): Document.Parsed {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`the YAML does not parse (${doc.errors[0]?.message.split("\n")[0]}); fix it in the text first`);
  return doc;
}

const PRINT = { lineWidth: 0 } as const;

/** The edited document as text, the lines the edit did not touch exactly as they were written. */
function print(doc: Document, original: string): string {
  return keepFormatting(original, parseDocument(original).toString(PRINT), doc.toString(PRINT));
}

/**
 * yaml prints a document in its own way (one space before a trailing comment, its own quoting of some
 * scalars): the lines an edit left alone are taken from the original text, the others from the printed one.
 * `normalized` is the original as yaml prints it unedited, `edited` the edited document printed.
 */
export function keepFormatting(original: string, normalized: string, edited: string): string {
  if (original === normalized) return edited;
  const o = original.split("\n");
  const n = normalized.split("\n");
  const e = edited.split("\n");
  // Runs of normalized lines, each with the original lines it came from.
  const runs: { n: string[]; o: string[] }[] = [];
  let pending: string[] = [];
  for (const part of diffArrays(o, n)) {
    if (part.removed) pending.push(...part.value);
    else if (part.added) {
      runs.push({ n: part.value, o: pending });
      pending = [];
    } else {
      if (pending.length > 0) runs.push({ n: [], o: pending });
      pending = [];
      part.value.forEach((line) => runs.push({ n: [line], o: [line] }));
    }
  }
  if (pending.length > 0) runs.push({ n: [], o: pending });
  // A line the edit moved (removed here, inserted there) keeps its original form too.
  const back = new Map<string, string[]>();
  for (const run of runs) {
    if (run.n.length !== run.o.length) continue;
    run.n.forEach((line, k) => line !== run.o[k] && back.set(line, [...(back.get(line) ?? []), run.o[k]!]));
  }
  const restore = (lines: string[]) => lines.map((line) => back.get(line)?.shift() ?? line);
  // Which normalized lines the edit kept, and the lines it inserted before each.
  const kept: boolean[] = [];
  const inserted = new Map<number, string[]>();
  for (const part of diffArrays(n, e)) {
    if (part.added) inserted.set(kept.length, [...(inserted.get(kept.length) ?? []), ...restore(part.value)]);
    else part.value.forEach(() => kept.push(!part.removed));
  }
  const out: string[] = [];
  let at = 0;
  for (const run of runs) {
    out.push(...(inserted.get(at) ?? []));
    const untouched = run.n.every((_, k) => kept[at + k]) && run.n.every((_, k) => k === 0 || !inserted.has(at + k));
    if (untouched) out.push(...run.o);
    else
      run.n.forEach((line, k) => {
        if (k > 0) out.push(...(inserted.get(at + k) ?? []));
        if (kept[at + k]) out.push(line);
      });
    at += run.n.length;
  }
  out.push(...(inserted.get(at) ?? []));
  return out.join("\n");
}

function listAt(doc: Document, listPath: Path): YAMLSeq {
  const list = doc.getIn(listPath, true);
  if (isSeq(list)) return list;
  if (list === undefined || list === null) {
    doc.setIn(listPath, doc.createNode([]));
    return doc.getIn(listPath, true) as YAMLSeq;
  }
  throw new Error(`${listPath.join(".")} is not a list`);
}

/** A step id not yet used in the flow, made from a base such as the step's type. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Adds a step of `type` at `index` of the list; nested lists of parallel and foreach get a first step of their own. */
export function addStep(text: string, listPath: Path, index: number, type: string, taken: string[]): { text: string; id: string } {
  const doc = load(text);
  const used = [...taken];
  const id = uniqueId(type, used);
  used.push(id);
  const template = structuredClone(NEW_STEP[type] ?? {}) as Record<string, unknown>;
  const nested = (steps: unknown) => {
    for (const s of steps as Record<string, unknown>[]) {
      s.id = uniqueId(`${id}-step`, used);
      used.push(s.id as string);
    }
  };
  if (type === "parallel") for (const b of template.branches as { steps: unknown }[]) nested(b.steps);
  if (type === "foreach") nested(template.steps);
  const list = listAt(doc, listPath);
  const node = doc.createNode({ id, type, ...template });
  // A list written in flow style ({ id: a, type: b }) gets its new step in the same style.
  if (list.flow || (list.items.length > 0 && isMap(list.items[0]) && (list.items[0] as YAMLMap).flow)) (node as YAMLMap).flow = true;
  list.items.splice(Math.max(0, Math.min(index, list.items.length)), 0, node);
  return { text: print(doc, text), id };
}

export function removeStep(text: string, listPath: Path, index: number): string {
  const doc = load(text);
  const list = listAt(doc, listPath);
  if (index < 0 || index >= list.items.length) throw new Error(`there is no step ${index + 1} in this list`);
  list.items.splice(index, 1);
  return print(doc, text);
}

/** Moves a step within its list, its comments with it. */
export function moveStep(text: string, listPath: Path, from: number, to: number): string {
  const doc = load(text);
  const list = listAt(doc, listPath);
  if (from < 0 || from >= list.items.length || to < 0 || to >= list.items.length) throw new Error("a step moves within its list only");
  // A comment above the list's first step (yaml keeps it on the list) is that step's: it moves with it.
  const first = list.items[0] as { commentBefore?: string | null } | undefined;
  if (from === 0 && list.commentBefore && first) {
    first.commentBefore = [list.commentBefore, first.commentBefore].filter(Boolean).join("\n");
    list.commentBefore = null;
  }
  const [item] = list.items.splice(from, 1);
  list.items.splice(to, 0, item);
  return print(doc, text);
}

/** The fields of a step that name another step of the same list. */
const REFERENCES = ["next", "onError", "default"];

/** Renames a step and every reference to it in its list (next, onError, default, cases' next; the flow's onError at the top). */
export function renameStep(text: string, listPath: Path, index: number, newId: string, taken: string[]): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(newId) || newId === "end") {
    throw new Error(`'${newId}' cannot be a step id: letters, digits, '-' and '_', starting with a letter or digit, and not 'end'`);
  }
  const doc = load(text);
  const list = listAt(doc, listPath);
  const step = list.items[index];
  if (!isMap(step)) throw new Error(`there is no step ${index + 1} in this list`);
  const oldId = String(step.get("id") ?? "");
  if (newId === oldId) return text;
  if (taken.includes(newId)) throw new Error(`a step '${newId}' exists already: step ids are unique in the whole flow`);
  step.set("id", newId);
  const rename = (map: YAMLMap, key: string) => {
    if (map.get(key) === oldId) map.set(key, newId);
  };
  for (const item of list.items) {
    if (!isMap(item)) continue;
    REFERENCES.forEach((k) => rename(item, k));
    const cases = item.get("cases", true);
    if (isSeq(cases)) for (const c of cases.items) if (isMap(c)) rename(c, "next");
  }
  if (listPath.length === 1 && isMap(doc.contents)) rename(doc.contents, "onError");
  return print(doc, text);
}

/** Sets (or, with undefined, removes) one field of a step, such as its `with` or `operation`. */
export function setStepField(text: string, stepPath: Path, key: string, value: unknown): string {
  const doc = load(text);
  const step = doc.getIn(stepPath, true);
  if (!isMap(step)) throw new Error("there is no step there");
  if (value === undefined) step.delete(key);
  else {
    const node = doc.createNode(value);
    const old = step.get(key, true);
    // A value written in flow style stays in flow style.
    if (old && (isMap(old) || isSeq(old)) && old.flow && (isMap(node) || isSeq(node))) node.flow = true;
    if (step.flow && (isMap(node) || isSeq(node))) node.flow = true;
    step.set(key, node);
  }
  return print(doc, text);
}

/** A step's field as plain data. */
export function stepField(text: string, stepPath: Path, key: string): unknown {
  const doc = parseDocument(text);
  const v = doc.getIn([...stepPath, key]);
  return v && typeof v === "object" && "toJSON" in (v as object) ? (v as { toJSON(): unknown }).toJSON() : v;
}
