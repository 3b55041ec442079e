export type Theme = "light" | "dark";

// The chosen theme is a preference, not a secret: it is the one thing the app keeps in storage.
const KEY = "weft.theme";

export function storedTheme(): Theme | null {
  try {
    const t = localStorage.getItem(KEY);
    return t === "light" || t === "dark" ? t : null;
  } catch {
    return null;
  }
}

export function systemTheme(): Theme {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches
    ? "dark"
    : "light";
}

/**
 * Shows a theme by setting html[data-theme], the one switch the CSS reads: the choice when there is
 * one (and keeps it), else the system's preference (and forgets any earlier choice).
 */
export function applyTheme(theme: Theme | null): void {
  document.documentElement.dataset.theme = theme ?? systemTheme();
  try {
    if (theme) localStorage.setItem(KEY, theme);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage may be off (private mode): the choice then lasts for this page only.
  }
}

/** Without a choice, the page follows the system's preference as it changes. */
export function followSystemTheme(): void {
  if (typeof window.matchMedia !== "function") return;
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (storedTheme() === null) document.documentElement.dataset.theme = systemTheme();
  });
}
