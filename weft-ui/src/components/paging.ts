import { useState } from "react";

/** Where a cursor-paged list is: the cursor of the page shown, its number, and the moves to the pages around it. */
export interface Paging {
  /** The cursor of the page shown; undefined for the first page. */
  cursor: string | undefined;
  /** The page's number, from 1. */
  number: number;
  /** Back to the page before (nothing on the first page). */
  back: () => void;
  /** On to the page at this cursor, the one the API gave as the next (nothing without one). */
  next: (cursor: string | null | undefined) => void;
  /** Back to the first page. */
  reset: () => void;
}

/**
 * The cursors of the pages before this one, for a list the API pages by cursors: "back" pops, "next" pushes.
 * A change of {@code key} (the list's filters) starts again on the first page, already in the render that sees
 * the new key, so no page is read with the old filters' cursor.
 */
export function usePagedList(key: string = ""): Paging {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  let cursors = state.cursors;
  if (state.key !== key) {
    cursors = [undefined];
    setState({ key, cursors });
  }
  return {
    cursor: cursors[cursors.length - 1],
    number: cursors.length,
    back: () => setState((s) => (s.cursors.length > 1 ? { ...s, cursors: s.cursors.slice(0, -1) } : s)),
    next: (cursor) => {
      if (cursor) setState((s) => ({ ...s, cursors: [...s.cursors, cursor] }));
    },
    reset: () => setState((s) => ({ ...s, cursors: [undefined] })),
  };
}
