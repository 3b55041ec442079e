import { parse } from "yaml";
import type { JsonSchema } from "../components/SchemaForm";

/** The input schema a flow's source declares (`input:`), or undefined when it has none or cannot be read. */
export function inputSchemaOf(source: string | undefined): JsonSchema | undefined {
  if (!source) return undefined;
  try {
    const flow = parse(source) as { input?: unknown } | null;
    return flow && typeof flow.input === "object" && flow.input !== null ? (flow.input as JsonSchema) : undefined;
  } catch {
    return undefined;
  }
}
