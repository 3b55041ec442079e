import { render } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useWhileVisible } from "./visible";

function Poller({ refresh }: { refresh: () => void }) {
  useWhileVisible(refresh, 5_000);
  return null;
}

function setVisibility(state: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("reading again while the page is visible", () => {
  afterEach(() => {
    vi.useRealTimers();
    setVisibility("visible");
  });

  it("reads every interval while visible, not at all while hidden, and at once when shown again", () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const { unmount } = render(<Poller refresh={refresh} />);
    vi.advanceTimersByTime(10_000);
    expect(refresh).toHaveBeenCalledTimes(2);

    setVisibility("hidden");
    vi.advanceTimersByTime(60_000);
    expect(refresh).toHaveBeenCalledTimes(2);

    setVisibility("visible");
    expect(refresh).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(5_000);
    expect(refresh).toHaveBeenCalledTimes(4);

    unmount();
    vi.advanceTimersByTime(60_000);
    expect(refresh).toHaveBeenCalledTimes(4);
  });
});
