import { useLayoutEffect, type RefObject } from "react";

/**
 * The heading of the section around an element, made focusable (tabIndex -1) so that it can take the focus: where
 * the keyboard goes when what it was on is removed (a revoked key's row, a secret hidden).
 */
export function sectionHeading(from: Element | null): HTMLElement | null {
  const section = from?.closest("section");
  const heading = section?.querySelector<HTMLElement>("h1, h2");
  if (heading && !heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  return heading ?? null;
}

/**
 * When the component unmounts while the focus is in one of its elements, the focus would drop to the page's
 * start (<body>): it goes to `fallback` instead (by default the heading of the section around the component).
 */
export function useFocusFallback(refs: RefObject<HTMLElement | null>[], fallback?: () => HTMLElement | null) {
  useLayoutEffect(
    () => () => {
      // Runs before React takes the component's elements out of the page: they are still there to be asked.
      const active = document.activeElement;
      const inside = refs.map((r) => r.current).find((el) => el && active && el.contains(active));
      if (!inside) return;
      const target = fallback ? fallback() : sectionHeading(inside);
      if (!target) return;
      queueMicrotask(() => {
        const now = document.activeElement;
        if ((!now || now === document.body || !now.isConnected) && target.isConnected) target.focus();
      });
    },
    // The refs and the fallback are read when the component goes away, not when they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
}
