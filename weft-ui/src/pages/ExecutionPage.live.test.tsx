import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { SessionProvider } from "../auth/session";
import { fakeHttp, VIEWER } from "../test/http";
import { FakeEventSource, held } from "../test/held";
import { renderApp } from "../test/render";

const step = (path: string, status = "succeeded") => ({ path, id: path, type: "transform", status, attempts: 1 });
const RUNNING = {
  id: "x1",
  flow: "shop/orders",
  version: 3,
  status: "running",
  createdAt: "2026-12-01T10:00:00Z",
  steps: [step("one")],
  stepsNextCursor: null as string | null,
};
type Answer = { status: number; body?: unknown };

beforeEach(() => {
  FakeEventSource.made = [];
  vi.stubGlobal("EventSource", FakeEventSource);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The execution's status, as the page's facts show it (the steps have badges too). */
const status = () => document.querySelector(".facts .badge")?.textContent;

const event = () =>
  act(async () => FakeEventSource.made[0]!.emit("message", { type: "step.succeeded", executionId: "x1" }));

describe("the execution page while it runs", () => {
  it("keeps the newest answer when an older read of the execution lands after it", async () => {
    const answers = held<Answer>();
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: VIEWER },
      "GET /api/v1/executions/x1": () => answers.next(),
    });
    renderApp("/executions/x1");
    await waitFor(() => expect(answers.count).toBe(1));
    answers.release(0, { status: 200, body: RUNNING });
    await waitFor(() => expect(status()).toBe("running"));
    await waitFor(() => expect(FakeEventSource.made).toHaveLength(1));

    await event();
    await event();
    await waitFor(() => expect(answers.count).toBeGreaterThanOrEqual(3));
    const last = answers.count - 1;
    answers.release(last, { status: 200, body: { ...RUNNING, status: "succeeded" } });
    await waitFor(() => expect(status()).toBe("succeeded"));
    // The older read, started before the execution ended, answers last.
    answers.release(last - 1, { status: 200, body: RUNNING });
    await act(async () => new Promise((r) => setTimeout(r, 20)));

    expect(status()).toBe("succeeded");
    expect(screen.queryByText("(live)")).toBeNull();
  });

  it("keeps the steps read with More steps when the next event reads the execution again", async () => {
    let done = false;
    const { seen } = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: VIEWER },
      "GET /api/v1/executions/x1": (req) =>
        req.query.get("stepCursor") === "c1"
          ? { status: 200, body: { ...RUNNING, status: done ? "succeeded" : "running", steps: [step("two", done ? "succeeded" : "running")] } }
          : { status: 200, body: { ...RUNNING, status: done ? "succeeded" : "running", stepsNextCursor: "c1" } },
    });
    renderApp("/executions/x1");
    await waitFor(() => expect(status()).toBe("running"));
    await userEvent.click(screen.getByRole("button", { name: "More steps" }));
    await waitFor(() => expect(document.querySelector('[data-path="two"]')).not.toBeNull());

    done = true;
    await waitFor(() => expect(FakeEventSource.made).toHaveLength(1));
    await event();
    await waitFor(() => expect(status()).toBe("succeeded"));

    // Step two is still listed, as it is now (read again from its page), and only once.
    await waitFor(() => expect(document.querySelectorAll('[data-path="two"]')).toHaveLength(1));
    expect(seen.filter((r) => r.query.get("stepCursor") === "c1").length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByRole("button", { name: "More steps" })).toBeNull();
  });

  it("without the event stream, reads an execution that stays queued less and less often, and says how often", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { seen } = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: { ...VIEWER, permissions: ["executions.read"] } },
      "GET /api/v1/executions/x1": { status: 200, body: { ...RUNNING, status: "queued", steps: [] } },
    });
    renderApp("/executions/x1");
    await screen.findByText("(read again every 3 s)");
    for (let i = 0; i < 600; i++) await act(async () => vi.advanceTimersByTime(1_000));
    const reads = seen.filter((r) => r.path === "/api/v1/executions/x1").length;
    expect(reads).toBeGreaterThanOrEqual(10);
    expect(reads).toBeLessThanOrEqual(16);
    expect(screen.getByText("(read again every 60 s)")).toBeTruthy();
  }, 30_000);

  it("shows a notice passed along once: it is cleared from the history entry, so a reload does not show it", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: VIEWER },
      "GET /api/v1/executions/x1": { status: 200, body: { ...RUNNING, status: "succeeded" } },
    });
    let state: unknown = "unread";
    function Probe() {
      state = useLocation().state;
      return null;
    }
    render(
      <SessionProvider>
        <MemoryRouter initialEntries={[{ pathname: "/executions/x1", state: { notice: "Replay x1 started." } }]}>
          <App />
          <Probe />
        </MemoryRouter>
      </SessionProvider>,
    );
    await screen.findByText("Replay x1 started.");
    await waitFor(() => expect(state).toBeNull());
    expect(screen.getByText("Replay x1 started.")).toBeTruthy();
  });
});
