import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Calls {@code refresh} every {@code everyMs} while the page is visible, and at once when it becomes visible
 * again after being hidden (another tab, a minimised window); nothing runs while it is hidden, nor while
 * {@code enabled} is false (a page that has nothing live left to read).
 */
export function useWhileVisible(refresh: () => unknown, everyMs: number, enabled = true): void {
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      // The tick checks too, in case a hidden page's change of visibility was not announced.
      if (timer === undefined) {
        timer = setInterval(() => {
          if (document.visibilityState !== "hidden") void latest.current();
        }, everyMs);
      }
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const changed = () => {
      if (document.visibilityState === "hidden") {
        stop();
      } else {
        void latest.current();
        start();
      }
    };
    if (document.visibilityState !== "hidden") start();
    document.addEventListener("visibilitychange", changed);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", changed);
    };
  }, [everyMs, enabled]);
}

/**
 * The interval of a poll that slows down while its reads bring nothing new: {@code baseMs}, doubled after each
 * read whose snapshot equals the one before, up to {@code maxMs}; back to {@code baseMs} once something changes.
 * A run that stays queued for an hour is then read once a minute, not every few seconds.
 */
export function useSlowingInterval(baseMs: number, maxMs: number): [number, (snapshot: string) => void] {
  const last = useRef<string | null>(null);
  const [quiet, setQuiet] = useState(0);
  const seen = useCallback((snapshot: string) => {
    if (snapshot === last.current) {
      setQuiet((q) => q + 1);
    } else {
      last.current = snapshot;
      setQuiet(0);
    }
  }, []);
  return [Math.min(baseMs * 2 ** quiet, maxMs), seen];
}
