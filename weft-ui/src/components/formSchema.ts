/**
 * The logic of SchemaForm: how a JSON Schema maps onto form fields, the form's draft (what the inputs
 * hold, text as typed) made from a JSON value, and the JSON value a draft makes, or what is wrong with
 * it, by field. Pure functions, no React: a page can use them without the component.
 *
 * Supported: objects with properties (nested ones as fieldsets), string (enum as a choice; format uri,
 * email, date, date-time checked; minLength, maxLength, pattern), number and integer (minimum, maximum,
 * exclusive bounds), boolean, const (sent as it is, not shown), arrays of scalars (rows; minItems,
 * maxItems), required, default, title and description. Anything else (oneOf, anyOf, allOf, $ref, arrays
 * of objects, objects without properties, several types) is a JSON field for that property.
 */

export type JsonSchema = Record<string, unknown>;

export type Kind = "object" | "text" | "number" | "integer" | "boolean" | "enum" | "const" | "list" | "json";

/** What the inputs hold: text as typed, a checkbox's state, a list's rows, an object's fields. */
export type Draft =
  | { kind: "object"; fields: Record<string, Draft>; extra: Record<string, unknown> }
  | { kind: "boolean"; checked: boolean | undefined }
  | { kind: "list"; rows: string[] }
  | { kind: "text"; text: string }
  | { kind: "const" };

/** One thing wrong with the form: the field's path (a.b, tags[2]) and a sentence naming it and the fix. */
export interface FieldError {
  path: string;
  message: string;
}

export type FormResult = { ok: true; value: unknown } | { ok: false; errors: FieldError[] };

const UNSUPPORTED = ["oneOf", "anyOf", "allOf", "$ref", "not", "if", "patternProperties"];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): boolean {
  return v === null || ["string", "number", "boolean"].includes(typeof v);
}

/** The one type a schema declares (a nullable type counts as that type), or undefined. */
function typeOf(s: JsonSchema): string | undefined {
  if (typeof s.type === "string") return s.type;
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t) => t !== "null");
    return types.length === 1 && typeof types[0] === "string" ? types[0] : undefined;
  }
  if (isRecord(s.properties)) return "object";
  return undefined;
}

export function propertiesOf(s: JsonSchema): Record<string, JsonSchema> {
  const p = s.properties;
  if (!isRecord(p)) return {};
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, isRecord(v) ? v : {}]));
}

export function requiredOf(s: JsonSchema): Set<string> {
  return new Set(Array.isArray(s.required) ? s.required.filter((r) => typeof r === "string") : []);
}

/** How a property is edited. */
export function kindOf(s: unknown): Kind {
  if (!isRecord(s)) return "json";
  if (UNSUPPORTED.some((k) => k in s)) return "json";
  if ("const" in s) return "const";
  if (Array.isArray(s.enum)) return s.enum.length > 0 && s.enum.every(isScalar) ? "enum" : "json";
  switch (typeOf(s)) {
    case "string":
      return "text";
    case "number":
      return "number";
    case "integer":
      return "integer";
    case "boolean":
      return "boolean";
    case "object":
      return Object.keys(propertiesOf(s)).length > 0 ? "object" : "json";
    case "array": {
      const item = kindOf(s.items);
      return item === "text" || item === "number" || item === "integer" || item === "enum" ? "list" : "json";
    }
    default:
      return "json";
  }
}

/** Whether a form can show the schema at all: an object with properties (else the value is written as JSON). */
export function formable(schema: unknown): schema is JsonSchema {
  return kindOf(schema) === "object";
}

/** How an option of an enum, or a scalar value, is written in an input. */
export function scalarText(v: unknown): string {
  if (v === undefined) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The draft showing {@code value} (absent: the schema's default). An optional object that is absent starts
 * empty, defaults included (they show as placeholders), so that it stays absent until something is filled in.
 */
export function draftOf(schema: unknown, value: unknown, fill = true): Draft {
  const s = isRecord(schema) ? schema : {};
  const v = value === undefined && fill ? s.default : value;
  switch (kindOf(s)) {
    case "object": {
      const props = propertiesOf(s);
      const required = requiredOf(s);
      const given = isRecord(v) ? v : undefined;
      const fields: Record<string, Draft> = {};
      for (const [name, p] of Object.entries(props)) {
        const child = given?.[name];
        const absentOptionalObject = kindOf(p) === "object" && child === undefined && !required.has(name);
        fields[name] = draftOf(p, child, fill && !absentOptionalObject);
      }
      const extra = given ? Object.fromEntries(Object.entries(given).filter(([k]) => !(k in props))) : {};
      return { kind: "object", fields, extra };
    }
    case "boolean":
      return { kind: "boolean", checked: typeof v === "boolean" ? v : undefined };
    case "const":
      return { kind: "const" };
    case "list": {
      const items = isRecord(s.items) ? s.items : {};
      const rows = Array.isArray(v) ? v.map((x) => (kindOf(items) === "enum" ? enumIndex(items, x) : scalarText(x))) : [];
      return { kind: "list", rows };
    }
    case "enum":
      return { kind: "text", text: enumIndex(s, v) };
    case "json":
      return { kind: "text", text: v === undefined ? "" : JSON.stringify(v, null, 2) };
    default:
      return { kind: "text", text: v === undefined || v === null ? "" : scalarText(v) };
  }
}

/** An enum's draft is the index of the chosen option, "" for none. */
function enumIndex(s: JsonSchema, v: unknown): string {
  if (v === undefined || !Array.isArray(s.enum)) return "";
  const i = s.enum.findIndex((o) => same(o, v));
  return i < 0 ? "" : String(i);
}

/** Whether nothing of an optional object has been filled in. */
function blank(d: Draft): boolean {
  switch (d.kind) {
    case "object":
      return Object.keys(d.extra).length === 0 && Object.values(d.fields).every(blank);
    case "boolean":
      return d.checked === undefined;
    case "list":
      return d.rows.every((r) => r.trim() === "");
    case "text":
      return d.text.trim() === "";
    default:
      return true;
  }
}

function label(path: string): string {
  return path === "" ? "The value" : path;
}

const FORMATS: Record<string, { test: (t: string) => boolean; fix: string }> = {
  uri: { test: absoluteUrl, fix: "an absolute URL such as https://api.example.com" },
  url: { test: absoluteUrl, fix: "an absolute URL such as https://api.example.com" },
  email: { test: (t) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(t), fix: "an email address such as ops@example.com" },
  date: { test: (t) => /^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(Date.parse(t)), fix: "a date such as 2026-12-31" },
  "date-time": {
    test: (t) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t) && !Number.isNaN(Date.parse(t)),
    fix: "a date and time with its offset, such as 2026-12-31T09:30:00Z",
  },
};

function absoluteUrl(t: string): boolean {
  try {
    const u = new URL(t);
    return u.protocol.length > 1 && (u.host !== "" || u.protocol === "mailto:" || u.protocol === "urn:");
  } catch {
    return false;
  }
}

/** A scalar's text turned into its value, or what is wrong. */
function scalarValue(s: JsonSchema, kind: Kind, text: string, path: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const name = label(path);
  if (kind === "enum") {
    const options = Array.isArray(s.enum) ? s.enum : [];
    const i = Number(text);
    if (!Number.isInteger(i) || i < 0 || i >= options.length) return { ok: false, message: `${name}: choose one of the options.` };
    return { ok: true, value: options[i] };
  }
  if (kind === "number" || kind === "integer") {
    const n = Number(text.trim());
    if (!Number.isFinite(n) || (kind === "integer" && !Number.isInteger(n))) {
      return { ok: false, message: `${name} must be ${kind === "integer" ? "a whole number" : "a number"}, not "${text}".` };
    }
    if (typeof s.minimum === "number" && n < s.minimum) return { ok: false, message: `${name} must be at least ${s.minimum}, not ${n}.` };
    if (typeof s.maximum === "number" && n > s.maximum) return { ok: false, message: `${name} must be at most ${s.maximum}, not ${n}.` };
    if (typeof s.exclusiveMinimum === "number" && n <= s.exclusiveMinimum) {
      return { ok: false, message: `${name} must be more than ${s.exclusiveMinimum}, not ${n}.` };
    }
    if (typeof s.exclusiveMaximum === "number" && n >= s.exclusiveMaximum) {
      return { ok: false, message: `${name} must be less than ${s.exclusiveMaximum}, not ${n}.` };
    }
    return { ok: true, value: n };
  }
  if (typeof s.minLength === "number" && text.length < s.minLength) {
    return { ok: false, message: `${name} must be at least ${s.minLength} characters long.` };
  }
  if (typeof s.maxLength === "number" && text.length > s.maxLength) {
    return { ok: false, message: `${name} must be at most ${s.maxLength} characters long, not ${text.length}.` };
  }
  if (typeof s.pattern === "string") {
    let re: RegExp | undefined;
    try {
      re = new RegExp(s.pattern, "u");
    } catch {
      re = undefined; // a pattern this browser cannot read is left to the server to check
    }
    if (re && !re.test(text)) return { ok: false, message: `${name} must match the pattern ${s.pattern}.` };
  }
  const format = typeof s.format === "string" ? FORMATS[s.format] : undefined;
  if (format && !format.test(text)) return { ok: false, message: `${name} must be ${format.fix}, not "${text}".` };
  return { ok: true, value: text };
}

/**
 * The JSON value a draft makes; an empty optional field is left out (undefined at the top). Every error is
 * listed, by field, each naming the field and the fix.
 */
export function valueOf(schema: unknown, draft: Draft, path = "", required = true): FormResult {
  const s = isRecord(schema) ? schema : {};
  const kind = kindOf(s);
  const name = label(path);
  const missing = (): FormResult =>
    required ? { ok: false, errors: [{ path, message: `${name} is required: fill it in.` }] } : { ok: true, value: undefined };

  if (kind === "const") return { ok: true, value: s.const };
  if (kind === "object" && draft.kind === "object") {
    if (!required && path !== "" && blank(draft)) return { ok: true, value: undefined };
    const props = propertiesOf(s);
    const req = requiredOf(s);
    const out: Record<string, unknown> = { ...draft.extra };
    const errors: FieldError[] = [];
    for (const [key, p] of Object.entries(props)) {
      const child = draft.fields[key] ?? draftOf(p, undefined, false);
      const r = valueOf(p, child, path === "" ? key : `${path}.${key}`, req.has(key));
      if (!r.ok) errors.push(...r.errors);
      else if (r.value !== undefined) out[key] = r.value;
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
  }
  if (kind === "boolean" && draft.kind === "boolean") {
    if (draft.checked === undefined) return required ? { ok: true, value: false } : { ok: true, value: undefined };
    return { ok: true, value: draft.checked };
  }
  if (kind === "list" && draft.kind === "list") {
    const items = isRecord(s.items) ? s.items : {};
    const itemKind = kindOf(items);
    const out: unknown[] = [];
    const errors: FieldError[] = [];
    draft.rows.forEach((row, i) => {
      if (row.trim() === "") return;
      const r = scalarValue(items, itemKind, row, `${path}[${i + 1}]`);
      if (r.ok) out.push(r.value);
      else errors.push({ path: `${path}[${i + 1}]`, message: r.message });
    });
    if (errors.length > 0) return { ok: false, errors };
    if (out.length === 0 && !required) return { ok: true, value: undefined };
    if (typeof s.minItems === "number" && out.length < s.minItems) {
      return { ok: false, errors: [{ path, message: `${name} needs at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}.` }] };
    }
    if (typeof s.maxItems === "number" && out.length > s.maxItems) {
      return { ok: false, errors: [{ path, message: `${name} takes at most ${s.maxItems} items, not ${out.length}.` }] };
    }
    return { ok: true, value: out };
  }
  if (draft.kind !== "text") return { ok: true, value: undefined };
  if (kind === "json") {
    if (draft.text.trim() === "") return missing();
    try {
      return { ok: true, value: JSON.parse(draft.text) };
    } catch (e) {
      return { ok: false, errors: [{ path, message: `${name} is not valid JSON: ${(e as Error).message}` }] };
    }
  }
  if (draft.text.trim() === "") return missing();
  const r = scalarValue(s, kind, draft.text, path);
  return r.ok ? { ok: true, value: r.value } : { ok: false, errors: [{ path, message: r.message }] };
}

/** The draft with the field at {@code keys} (object keys from the top) replaced. */
export function setIn(draft: Draft, keys: string[], next: Draft): Draft {
  const [first, ...rest] = keys;
  if (first === undefined) return next;
  if (draft.kind !== "object") return draft;
  const child = draft.fields[first];
  return { ...draft, fields: { ...draft.fields, [first]: child ? setIn(child, rest, next) : next } };
}
