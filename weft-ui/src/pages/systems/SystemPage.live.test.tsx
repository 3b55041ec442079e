import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeHttp } from "../../test/http";
import { FakeEventSource, held } from "../../test/held";
import { renderApp } from "../../test/render";
import { READER, system } from "./fixtures";



afterEach(() => {
  vi.unstubAllGlobals();
});

describe("a system's page", () => {
  it("shows the newest read's breaker state though an older read answers last", async () => {
    FakeEventSource.made = [];
    vi.stubGlobal("EventSource", FakeEventSource);
    const reads = held<{ status: number; body: unknown }>();
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: READER },
      "GET /api/v1/systems/crm": () => reads.next(),
      "GET /api/v1/systems/crm/calls": { status: 200, body: { calls: [], kept: 50 } },
      "GET /api/v1/connectors": { status: 200, body: { connectors: [] } },
    });
    renderApp("/systems/crm");
    await waitFor(() => expect(reads.count).toBe(1));
    await waitFor(() => expect(FakeEventSource.made).toHaveLength(1));
    // The breaker opens while the first read is under way: the feed starts a second read, which answers first.
    await act(async () =>
      FakeEventSource.made[0]!.emit("system.breaker_opened", { type: "system.breaker_opened", payload: { system: "crm", state: "open" } }),
    );
    await waitFor(() => expect(reads.count).toBe(2));
    const open = { state: { circuitBreaker: { state: "open", failureRate: 100, bufferedCalls: 4, failedCalls: 4 } } };
    await act(async () => reads.release(1, { status: 200, body: system(open) }));
    const live = await screen.findByRole("region", { name: "Live state" });
    await waitFor(() => expect(within(live).getByText("open")).toBeTruthy());

    await act(async () => reads.release(0, { status: 200, body: system({}) }));
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(within(screen.getByRole("region", { name: "Live state" })).getByText("open")).toBeTruthy();
  });
});
