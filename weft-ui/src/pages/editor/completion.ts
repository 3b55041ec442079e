import { chooseByType, deref, FLOW_SCHEMA, typeNames, type Schema } from "./schemaCheck";
import type { Path } from "./flowModel";

/*
 * Completion from the flow JSON Schema: which keys fit where the cursor is, and which values fit a key. The
 * place is read from the indentation of the lines above (block-style YAML), so it works in a document that is
 * half written and does not parse.
 */

interface Line {
  indent: number;
  /** The column where the mapping key of this line starts (after "- " for a list item). */
  keyColumn: number;
  dash: boolean;
  key?: string;
}

function readLine(text: string): Line | null {
  if (/^\s*(#.*)?$/.test(text)) return null;
  const indent = text.length - text.trimStart().length;
  const dash = /^\s*- /.test(text) || /^\s*-$/.test(text);
  const rest = dash ? text.slice(indent + 1).replace(/^\s+/, "") : text.slice(indent);
  const keyColumn = dash ? text.length - rest.length : indent;
  const key = /^([A-Za-z0-9_$-]+)\s*:/.exec(rest)?.[1];
  return { indent, keyColumn, dash, key };
}

/** The path of the mapping the cursor's line belongs to, from the lines above it. */
export function pathAt(lines: string[], lineIndex: number): Path {
  const current = lines[lineIndex] ?? "";
  const here = readLine(/^\s*(-\s*)?$/.test(current) ? `${current}x` : current);
  if (!here) return [];
  const path: Path = [];
  let column = here.keyColumn;
  // The indent of the dash of the list item the mapping is, while the list's own key is looked for.
  let item: number | null = here.dash ? here.indent : null;
  let before = 0;
  for (let i = lineIndex - 1; i >= 0; i--) {
    const l = readLine(lines[i] ?? "");
    if (!l) continue;
    if (item !== null) {
      if (l.dash && l.indent === item) {
        before++;
        continue;
      }
      if (l.indent < item || (l.indent === item && !l.dash)) {
        path.unshift(before);
        before = 0;
        item = null;
        if (l.key) path.unshift(l.key);
        column = l.keyColumn;
        if (l.dash) item = l.indent;
      }
      continue;
    }
    if (l.dash && l.keyColumn === column) {
      item = l.indent;
      continue;
    }
    if (l.keyColumn < column || (l.dash && l.indent < column)) {
      if (l.key) path.unshift(l.key);
      column = l.keyColumn;
      if (l.dash) item = l.indent;
    }
  }
  return path;
}

/** The schemas that may hold at a path (several where a oneOf is not yet decided). */
export function schemasAt(path: Path, value: unknown, schema: Schema = FLOW_SCHEMA): Schema[] {
  let current: { s: Schema; v: unknown }[] = [{ s: schema, v: value }];
  const expand = (s: Schema, v: unknown): Schema[] => {
    const d = deref(s);
    if (!d.oneOf) return [d];
    // A oneOf of step types is decided by the value's type; one of constraints (duration or until) adds none.
    const chosen = chooseByType(d.oneOf, v);
    return [d, ...(chosen.length > 0 ? chosen : d.oneOf.map((b) => deref(b))).flatMap((b) => expand(b, v))];
  };
  for (const key of path) {
    const next: { s: Schema; v: unknown }[] = [];
    for (const { s, v } of current) {
      for (const e of expand(s, v)) {
        const child = typeof key === "number" ? e.items : e.properties?.[key];
        const cv = v && typeof v === "object" ? (v as Record<string | number, unknown>)[key] : undefined;
        if (child) next.push({ s: child, v: cv });
      }
    }
    current = next;
  }
  return current.flatMap(({ s, v }) => expand(s, v));
}

export interface Suggestion {
  label: string;
  detail?: string;
  info?: string;
}

/** The keys a mapping at `path` may take, those it has already left out. */
export function keySuggestions(path: Path, value: unknown, present: Set<string>): Suggestion[] {
  const seen = new Map<string, Suggestion>();
  for (const s of schemasAt(path, value)) {
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      if (present.has(k) || seen.has(k)) continue;
      seen.set(k, { label: k, info: deref(p).description });
    }
  }
  return [...seen.values()];
}

/** What the server knows that the schema does not: operation and system names, step ids. */
export interface Catalog {
  operations: { name: string; description?: string; inputSchema?: unknown }[];
  systems: { id: string; connector: string }[];
  stepIds: string[];
}

/** The values a key at `path` may take. */
export function valueSuggestions(path: Path, key: string, value: unknown, catalog: Catalog): Suggestion[] {
  if (key === "operation") return catalog.operations.map((o) => ({ label: o.name, info: o.description }));
  if (key === "system") return catalog.systems.map((s) => ({ label: s.id, detail: s.connector }));
  if (key === "next" || key === "onError" || key === "default") {
    return [...catalog.stepIds.map((id) => ({ label: id })), ...(key === "onError" ? [] : [{ label: "end", detail: "ends the path" }])];
  }
  const out: Suggestion[] = [];
  for (const parent of schemasAt(path, value)) {
    if (key === "type" && parent.oneOf) out.push(...typeNames(parent.oneOf).map((t) => ({ label: t })));
    const p = parent.properties?.[key];
    if (!p) continue;
    const d = deref(p);
    if (d.const !== undefined) out.push({ label: String(d.const) });
    for (const e of d.enum ?? []) out.push({ label: String(e) });
    if (d.type === "boolean") out.push({ label: "true" }, { label: "false" });
    for (const e of d.examples ?? []) out.push({ label: String(e), detail: "example" });
  }
  // A step's type: the oneOf above it decides the step's fields, so its branches are the choices.
  if (key === "type" && out.length === 0) {
    const above = schemasAt(path.slice(0, -1), value);
    for (const a of above) {
      const items = a.items ?? (typeof path[path.length - 1] === "string" ? a.properties?.[String(path[path.length - 1])] : undefined);
      if (items && deref(items).oneOf) out.push(...typeNames(deref(items).oneOf!).map((t) => ({ label: t })));
    }
  }
  const unique = new Map(out.map((s) => [s.label, s]));
  return [...unique.values()];
}
