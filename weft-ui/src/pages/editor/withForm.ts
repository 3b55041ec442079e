import { formable, kindOf, propertiesOf, type JsonSchema } from "../../components/formSchema";

/**
 * Whether a `with` value can be edited in the form its operation's input schema makes: null when there is no
 * schema a form can show; false when the value holds an expression where the form wants a number, a choice
 * or a yes/no (the engine evaluates it when the step runs; a form would refuse it).
 */
export function formFits(schema: unknown, value: unknown): boolean | null {
  if (!formable(schema)) return null;
  return fits(schema, value);
}

function fits(schema: JsonSchema, value: unknown): boolean {
  const kind = kindOf(schema);
  if (typeof value === "string" && value.includes("{{")) return kind === "text" || kind === "json";
  if (kind === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    const props = propertiesOf(schema);
    return Object.entries(value as Record<string, unknown>).every(([k, v]) => !props[k] || fits(props[k], v));
  }
  if (Array.isArray(value)) return kind === "json" || value.every((v) => !(typeof v === "string" && v.includes("{{")) || kind === "list");
  return true;
}
