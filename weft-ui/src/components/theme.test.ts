import { afterEach, describe, expect, it, vi } from "vitest";
import { applyTheme, followSystemTheme, storedTheme } from "./theme";

function systemPrefers(dark: boolean) {
  const listeners: Array<() => void> = [];
  const media = {
    matches: dark,
    addEventListener: (_: string, l: () => void) => listeners.push(l),
  };
  vi.stubGlobal("matchMedia", () => media);
  return {
    change(nowDark: boolean) {
      media.matches = nowDark;
      listeners.forEach((l) => l());
    },
  };
}

describe("theme", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it("shows the system's theme when none is chosen, and keeps nothing in storage", () => {
    systemPrefers(true);
    applyTheme(null);
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(storedTheme()).toBeNull();
    expect(Object.keys(localStorage)).toEqual([]);
  });

  it("follows the system as it changes until a theme is chosen, then keeps the choice", () => {
    const system = systemPrefers(false);
    applyTheme(null);
    followSystemTheme();
    expect(document.documentElement.dataset.theme).toBe("light");
    system.change(true);
    expect(document.documentElement.dataset.theme).toBe("dark");

    applyTheme("light");
    system.change(true);
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(storedTheme()).toBe("light");
  });
});
