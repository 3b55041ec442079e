import { parse } from "yaml";

/**
 * The signal names a flow's `await` steps declare, read from its source, in the order they appear: in its steps,
 * its parallel branches, its foreach steps and its error handlers alike. An unreadable source declares none.
 */
export function declaredSignals(source: string | undefined): string[] {
  if (!source) return [];
  let flow: unknown;
  try {
    flow = parse(source);
  } catch {
    return [];
  }
  const names: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== "object") return;
    const o = value as Record<string, unknown>;
    if (o.type === "await" && typeof o.signal === "string" && !names.includes(o.signal)) names.push(o.signal);
    for (const key of ["steps", "branches", "onError"]) if (key in o) visit(o[key]);
  };
  visit((flow as Record<string, unknown> | null)?.steps);
  return names;
}
