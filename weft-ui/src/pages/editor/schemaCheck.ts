import flowSchemaJson from "../../../../docs/schema/flow.schema.json";

/*
 * The flow JSON Schema (docs/schema/flow.schema.json, imported at build time) checked in the browser as one
 * types: the keywords that schema uses (type, const, enum, required, properties, additionalProperties, items,
 * minItems, minimum, maximum, pattern, not, oneOf, $ref). A step's oneOf is chosen by its `type`, so a problem
 * names the step type's own fields. The server's validator checks more (references, expressions, operations).
 */

export type Schema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  not?: Schema;
  oneOf?: Schema[];
  description?: string;
  default?: unknown;
  examples?: unknown[];
  $defs?: Record<string, Schema>;
};

export const FLOW_SCHEMA = flowSchemaJson as unknown as Schema;

export interface SchemaProblem {
  /** A JSON pointer, such as /steps/1/type. */
  path: string;
  message: string;
}

export function deref(schema: Schema, root: Schema = FLOW_SCHEMA): Schema {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) {
    const name = s.$ref.replace(/^#\/\$defs\//, "");
    const target = root.$defs?.[name];
    if (!target) break;
    const { $ref: _ignored, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(expected: string | string[], v: unknown): boolean {
  const actual = typeOf(v);
  return ([] as string[]).concat(expected).some((t) => t === actual || (t === "number" && actual === "integer"));
}

/** The branches of a oneOf that fit the value's `type` field, when each branch fixes one with const. */
export function chooseByType(branches: Schema[], value: unknown): Schema[] {
  const resolved = branches.map((b) => deref(b));
  const consts = resolved.map((b) => b.properties?.type && deref(b.properties.type).const);
  if (consts.every((c) => typeof c === "string") && value && typeof value === "object" && !Array.isArray(value)) {
    const t = (value as Record<string, unknown>).type;
    return resolved.filter((_, i) => consts[i] === t);
  }
  return resolved;
}

export function typeNames(branches: Schema[]): string[] {
  return branches.map((b) => deref(b).properties?.type).map((t) => (t ? deref(t).const : undefined)).filter((c): c is string => typeof c === "string");
}

function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = distance(word, o);
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(here + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

const pointer = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;

export function checkSchema(value: unknown, schema: Schema = FLOW_SCHEMA, path = ""): SchemaProblem[] {
  const s = deref(schema);
  const problems: SchemaProblem[] = [];
  const where = path || "the flow";
  if (s.oneOf) {
    const fitting = chooseByType(s.oneOf, value);
    const names = typeNames(s.oneOf);
    if (fitting.length === 0 && names.length > 0) {
      const t = value && typeof value === "object" ? (value as Record<string, unknown>).type : undefined;
      const hint = typeof t === "string" ? closest(t, names) : undefined;
      problems.push({
        path: typeof t === "string" ? pointer(path, "type") : path,
        message:
          t === undefined
            ? `${where}: type is required, one of ${names.join(", ")}`
            : `${where}: type '${String(t)}' is not one of ${names.join(", ")}${hint ? `; did you mean '${hint}'?` : ""}`,
      });
      return problems;
    }
    // The branch with the fewest problems is the one the writer meant.
    let best: SchemaProblem[] | undefined;
    for (const b of fitting) {
      const p = checkSchema(value, b, path);
      if (!best || p.length < best.length) best = p;
      if (p.length === 0) break;
    }
    problems.push(...(best ?? []));
  }
  if (s.type && !typeMatches(s.type, value)) {
    problems.push({ path, message: `${where} must be ${([] as string[]).concat(s.type).join(" or ")}, but is ${typeOf(value)}` });
    return problems;
  }
  if (s.const !== undefined && value !== s.const) problems.push({ path, message: `${where} must be ${JSON.stringify(s.const)}` });
  if (s.enum && !s.enum.some((e) => e === value)) {
    problems.push({ path, message: `${where} must be one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}` });
  }
  if (s.not && checkSchema(value, s.not, path).length === 0) problems.push({ path, message: `${where} may not be ${JSON.stringify(value)}` });
  if (typeof value === "string" && s.pattern && !new RegExp(s.pattern, "u").test(value)) {
    problems.push({ path, message: `${where}: '${value}' does not have the form ${s.pattern}` });
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) problems.push({ path, message: `${where} must be at least ${s.minimum}` });
    if (s.maximum !== undefined && value > s.maximum) problems.push({ path, message: `${where} must be at most ${s.maximum}` });
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) problems.push({ path, message: `${where} needs at least ${s.minItems} item(s)` });
    if (s.items) value.forEach((v, i) => problems.push(...checkSchema(v, s.items!, pointer(path, i))));
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in obj)) problems.push({ path, message: `${where}: '${r}' is required` });
    const known = Object.keys(s.properties ?? {});
    for (const [k, v] of Object.entries(obj)) {
      const p = s.properties?.[k];
      if (p) problems.push(...checkSchema(v, p, pointer(path, k)));
      else if (s.additionalProperties === false) {
        const hint = closest(k, known);
        problems.push({ path: pointer(path, k), message: `${where}: '${k}' is not a field here${hint ? `; did you mean '${hint}'?` : `; fields: ${known.join(", ")}`}` });
      } else if (typeof s.additionalProperties === "object") problems.push(...checkSchema(v, s.additionalProperties, pointer(path, k)));
    }
  }
  return problems;
}
