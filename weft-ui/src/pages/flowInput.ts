import { parse } from "yaml";

/** One field of the run form, from a property of the flow's input schema. */
export interface Field {
  name: string;
  kind: "text" | "number" | "integer" | "boolean" | "enum" | "json";
  required: boolean;
  description?: string;
  options?: string[];
}

type Schema = {
  type?: unknown;
  properties?: Record<string, Schema>;
  required?: unknown;
  enum?: unknown;
  description?: unknown;
};

/** The input schema a flow's source declares (`input:`), or undefined when it has none or cannot be read. */
export function inputSchemaOf(source: string | undefined): Schema | undefined {
  if (!source) return undefined;
  try {
    const flow = parse(source) as { input?: unknown } | null;
    return flow && typeof flow.input === "object" && flow.input !== null ? (flow.input as Schema) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The form fields for an object schema with properties; undefined when the schema is not one a form
 * can show (then the input is written as JSON). A property that is itself an object or an array, or has
 * no plain type, is a JSON field.
 */
export function fieldsOf(schema: Schema | undefined): Field[] | undefined {
  if (!schema || schema.type !== "object" || !schema.properties || typeof schema.properties !== "object") {
    return undefined;
  }
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(schema.properties).map(([name, p]) => {
    const base = {
      name,
      required: required.has(name),
      description: typeof p?.description === "string" ? p.description : undefined,
    };
    if (Array.isArray(p?.enum) && p.enum.every((v) => typeof v === "string")) {
      return { ...base, kind: "enum", options: p.enum as string[] };
    }
    switch (p?.type) {
      case "string":
        return { ...base, kind: "text" };
      case "number":
        return { ...base, kind: "number" };
      case "integer":
        return { ...base, kind: "integer" };
      case "boolean":
        return { ...base, kind: "boolean" };
      default:
        return { ...base, kind: "json" };
    }
  });
}

/** The input the form's values make, leaving out empty optional fields; or what is wrong, by field. */
export function inputOf(
  fields: Field[],
  values: Record<string, string | boolean>,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const input: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = values[f.name];
    if (f.kind === "boolean") {
      if (raw !== undefined || f.required) input[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === "string" ? raw : "";
    if (text.trim() === "") {
      if (f.required) return { ok: false, message: `${f.name} is required: fill it in.` };
      continue;
    }
    if (f.kind === "number" || f.kind === "integer") {
      const n = Number(text);
      if (!Number.isFinite(n) || (f.kind === "integer" && !Number.isInteger(n))) {
        return { ok: false, message: `${f.name} must be ${f.kind === "integer" ? "a whole number" : "a number"}, not "${text}".` };
      }
      input[f.name] = n;
    } else if (f.kind === "json") {
      try {
        input[f.name] = JSON.parse(text);
      } catch (e) {
        return { ok: false, message: `${f.name} is not valid JSON: ${(e as Error).message}` };
      }
    } else {
      input[f.name] = text;
    }
  }
  return { ok: true, value: input };
}
