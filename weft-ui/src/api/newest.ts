import { useCallback, useEffect, useRef } from "react";

/**
 * Keeps only the newest of a page's reads: {@code begin()} marks a read as started and returns a check that
 * stays true until another read begins (or the page goes away). A slower, older answer that lands after a
 * newer one is then dropped instead of overwriting it.
 *
 * <pre>
 * const begin = useNewest();
 * const load = async () => { const current = begin(); const x = await read(); if (current()) setX(x); };
 * </pre>
 */
export function useNewest(): () => () => boolean {
  const sequence = useRef(0);
  useEffect(
    () => () => {
      sequence.current++;
    },
    [],
  );
  return useCallback(() => {
    const mine = ++sequence.current;
    return () => mine === sequence.current;
  }, []);
}
