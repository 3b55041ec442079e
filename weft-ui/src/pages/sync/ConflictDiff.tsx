import type { SyncConflict } from "./types";

export interface DiffRow {
  field: string;
  left: unknown;
  right: unknown;
  base: unknown;
  inLeft: boolean;
  inRight: boolean;
  /** Named by the API as a field in conflict. */
  inConflict: boolean;
  /** Present on both sides with different values. */
  differs: boolean;
}

const has = (o: Record<string, unknown> | undefined, k: string) => o !== undefined && Object.hasOwn(o, k);

/** Two JSON values equal as JSON (key order aside). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/**
 * The conflict's two records field by field: the fields in conflict first, then the right side's other fields,
 * then fields only the left record has (the left record is stored as read, in its own field names).
 */
export function diffRows(c: SyncConflict): DiffRow[] {
  const left = c.left ?? {};
  const right = c.right ?? {};
  const base = c.base;
  const conflict = new Set(c.fields ?? []);
  const order: string[] = [];
  const add = (k: string) => {
    if (!order.includes(k)) order.push(k);
  };
  (c.fields ?? []).forEach(add);
  Object.keys(right).forEach(add);
  Object.keys(left).forEach(add);
  return order.map((field) => {
    const inLeft = has(left, field);
    const inRight = has(right, field);
    return {
      field,
      left: left[field],
      right: right[field],
      base: base?.[field],
      inLeft,
      inRight,
      inConflict: conflict.has(field),
      differs: inLeft && inRight && !sameJson(left[field], right[field]),
    };
  });
}

function Value({ present, value }: { present: boolean; value: unknown }) {
  if (!present) return <span className="muted">not in this record</span>;
  return <code className="wrap">{JSON.stringify(value)}</code>;
}

/** The two sides' records side by side, the fields in conflict and the fields that differ marked in words. */
export function ConflictDiff({ conflict }: { conflict: SyncConflict }) {
  const rows = diffRows(conflict);
  const withBase = conflict.base !== undefined && conflict.base !== null;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table diff">
        <caption className="visually-hidden">
          The left and right records of conflict {conflict.id}, field by field; fields in conflict first
        </caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Left {conflict.leftKey ? <span className="muted mono">{JSON.stringify(conflict.leftKey)}</span> : null}</th>
            <th scope="col">Right {conflict.rightKey ? <span className="muted mono">{JSON.stringify(conflict.rightKey)}</span> : null}</th>
            {withBase && <th scope="col">Last synced</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field} className={r.inConflict ? "diff-conflict" : r.differs ? "diff-changed" : undefined}>
              <th scope="row">
                <span className="mono">{r.field}</span>
                {r.inConflict ? (
                  <span className="diff-mark"> in conflict</span>
                ) : r.differs ? (
                  <span className="diff-mark"> differs</span>
                ) : null}
              </th>
              <td>
                <Value present={r.inLeft} value={r.left} />
              </td>
              <td>
                <Value present={r.inRight} value={r.right} />
              </td>
              {withBase && (
                <td>
                  <Value present={has(conflict.base ?? undefined, r.field)} value={r.base} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
