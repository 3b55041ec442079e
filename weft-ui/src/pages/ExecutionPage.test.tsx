import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeHttp, OPERATOR, VIEWER } from "../test/http";
import { renderApp } from "../test/render";

const FAILED = {
  id: "x1",
  flow: "shop/orders",
  version: 3,
  status: "failed",
  createdAt: "2026-12-01T10:00:00Z",
  steps: [
    {
      path: "charge",
      id: "charge",
      type: "call",
      status: "failed",
      attempts: 2,
      durationMillis: 1500,
      input: { amount: 42 },
      error: { code: "stripe.declined", message: "card declined" },
      history: [
        { number: 1, outcome: "failed", error: { code: "http.503", message: "unavailable", retryable: true } },
        { number: 2, outcome: "failed", targetStatus: 402, error: { code: "stripe.declined", message: "card declined" } },
      ],
    },
  ],
  stepsNextCursor: null,
};
const RUNNING = { ...FAILED, status: "running", steps: [] };

function server(who: unknown, execution: unknown, more: Record<string, unknown> = {}) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: who },
    "GET /api/v1/executions/x1": { status: 200, body: execution },
    ...(more as object),
  });
}

describe("the execution page", () => {
  it("shows a viewer no action, since the API would refuse them", async () => {
    server(VIEWER, FAILED);
    renderApp("/executions/x1");
    await screen.findByRole("heading", { name: "Steps" });

    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Send a signal" })).toBeNull();
  });

  it("shows a viewer no cancel or signal on a running execution either", async () => {
    server(VIEWER, RUNNING);
    renderApp("/executions/x1");
    await screen.findByText("running", { selector: ".badge" });

    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Send a signal" })).toBeNull();
  });

  it("offers an operator retry on a failed execution, not cancel", async () => {
    server(OPERATOR, FAILED);
    renderApp("/executions/x1");
    await screen.findByRole("heading", { name: "Steps" });

    expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
  });

  it("shows each step's input, error and every attempt", async () => {
    server(VIEWER, FAILED);
    renderApp("/executions/x1");
    await screen.findByRole("heading", { name: "Steps" });

    expect(document.body.textContent).toContain('"amount": 42');
    expect(document.body.textContent).toContain("unavailable");
    expect(document.body.textContent).toContain("HTTP 402");
    expect(document.body.textContent).toContain("retryable");
  });

  it("cancels after a confirmation and says what happened", async () => {
    const http = server(OPERATOR, RUNNING, {
      "POST /api/v1/executions/x1/cancel": { status: 200, body: { ...RUNNING, status: "cancelled" } },
    });
    renderApp("/executions/x1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(http.seen.some((r) => r.method === "POST")).toBe(false);
    await user.click(screen.getByRole("button", { name: "Yes, cancel it" }));

    expect((await screen.findByRole("status")).textContent).toContain("The execution was cancelled.");
    expect(http.seen.filter((r) => r.method === "POST").map((r) => r.path)).toEqual(["/api/v1/executions/x1/cancel"]);
  });

  it("says why a retry was refused in the API's words", async () => {
    server(OPERATOR, FAILED, {
      "POST /api/v1/executions/x1/retry": {
        status: 409,
        body: { error: "retry.sensitive", message: "the flow is sensitive: its step data was erased", details: [] },
      },
    });
    renderApp("/executions/x1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Retry" }));
    await user.click(screen.getByRole("button", { name: "Yes, retry" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("the flow is sensitive: its step data was erased");
    expect(alert.textContent).toContain("retry.sensitive");
  });

  it("sends a signal with a JSON payload, and refuses a payload that is not JSON before sending", async () => {
    const http = server(OPERATOR, { ...RUNNING, status: "waiting" }, {
      "POST /api/v1/executions/x1/signals/approval": { status: 202 },
    });
    renderApp("/executions/x1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Send a signal" }));
    await user.type(screen.getByLabelText("Signal name"), "approval");
    const payload = screen.getByLabelText("Payload (JSON object)");
    await user.clear(payload);
    await user.type(payload, "{{not json");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(screen.getByText(/The payload is not valid JSON/)).toBeTruthy();
    expect(http.seen.some((r) => r.method === "POST")).toBe(false);

    await user.clear(payload);
    await user.type(payload, '{{"approved": true}');
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect((await screen.findByRole("status")).textContent).toContain("The signal approval was recorded.");
    const sent = http.seen.find((r) => r.method === "POST");
    expect(sent?.body).toEqual({ approved: true });
  });

  it("reads the execution again when the event feed reports on it while it runs", async () => {
    const sources: FakeEventSource[] = [];
    class FakeEventSource {
      readonly url: string;
      readonly listeners = new Map<string, ((m: MessageEvent) => void)[]>();
      closed = false;
      constructor(url: string) {
        this.url = url;
        sources.push(this);
      }
      addEventListener(type: string, l: (m: MessageEvent) => void) {
        this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
      }
      close() {
        this.closed = true;
      }
      emit(type: string, data: unknown) {
        (this.listeners.get(type) ?? []).forEach((l) => l(new MessageEvent(type, { data: JSON.stringify(data) })));
      }
    }
    let reads = 0;
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: VIEWER },
      "GET /api/v1/executions/x1": () => {
        reads += 1;
        return { status: 200, body: reads === 1 ? RUNNING : { ...FAILED, status: "succeeded" } };
      },
    });
    vi.stubGlobal("EventSource", FakeEventSource);
    renderApp("/executions/x1");
    await screen.findByText("running", { selector: ".badge" });
    await waitFor(() => expect(sources).toHaveLength(1));
    expect(sources[0]!.url).toBe("/api/v1/events/stream?execution=x1");

    sources[0]!.emit("execution.succeeded", { type: "execution.succeeded", executionId: "other" });
    sources[0]!.emit("message", { type: "execution.succeeded", executionId: "x1" });

    await screen.findByText("succeeded", { selector: ".badge" });
    expect(reads).toBe(2);
    await waitFor(() => expect(sources[0]!.closed).toBe(true));
  });
});
