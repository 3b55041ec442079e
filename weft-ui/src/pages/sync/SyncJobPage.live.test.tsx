import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeHttp, VIEWER, type Seen } from "../../test/http";
import { renderApp } from "../../test/render";

const READER = { ...VIEWER, permissions: [...VIEWER.permissions, "sync.read"] };
const run = (id: number, status: string) => ({
  id,
  job: "customers",
  jobVersion: 1,
  reason: "manual",
  full: false,
  status,
  counts: { read: 10, created: 8, updated: 1, deleted: 0, unchanged: 0, conflicts: 0, failed: 0 },
  createdAt: "2026-12-01T10:00:00Z",
});
const job = {
  id: "customers",
  version: 1,
  enabled: true,
  direction: "both",
  left: { system: "crm", type: "customers", key: ["id"] },
  right: { system: "erp", type: "customer", key: ["id"] },
  links: 9,
  failures: 2,
  openConflicts: 0,
  waitingChanges: 0,
  createdAt: "2026-12-01T09:00:00Z",
  updatedAt: "2026-12-01T09:00:00Z",
};
const failure = (key: number) => ({
  side: "right",
  key: [key],
  code: "target.refused",
  message: `record ${key} refused`,
  attempts: 1,
  runId: 7,
  firstFailedAt: "2026-12-01T10:00:02Z",
});

/** A queued run 8 on the first page of runs, run 7 on the second; a failed record on each page of failures. */
function server() {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: READER },
    "GET /api/v1/sync/customers": { status: 200, body: job },
    "GET /api/v1/sync/customers/runs": (req: Seen) =>
      req.query.get("before") === "8"
        ? { status: 200, body: { items: [run(7, "succeeded")] } }
        : { status: 200, body: { items: [run(8, "queued")], next: "/api/v1/sync/customers/runs?before=8&limit=20" } },
    "GET /api/v1/sync/customers/failures": (req: Seen) =>
      req.query.get("after") === "f1"
        ? { status: 200, body: { items: [failure(10)] } }
        : { status: 200, body: { items: [failure(9)], next: "f1" } },
    "GET /api/v1/sync/customers/conflicts": { status: 200, body: { items: [] } },
  });
}

const jobReads = (seen: Seen[]) => seen.filter((r) => r.path === "/api/v1/sync/customers").length;

afterEach(() => {
  vi.useRealTimers();
  Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
});

describe("a sync job's page while a run is queued", () => {
  it("keeps the older runs and failed records it was asked for when it reads the job again", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const http = server();
    renderApp("/sync/customers");
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await screen.findByRole("button", { name: "Older runs" }));
    await screen.findByText("record 9 refused");
    await user.click(screen.getByRole("button", { name: "More failed records" }));
    await screen.findByText("record 10 refused");
    // Run 7, the older run, is the one that succeeded.
    await screen.findByText("succeeded", { selector: ".badge" });
    const reads = jobReads(http.seen);

    await act(async () => vi.advanceTimersByTime(3_000));
    await waitFor(() => expect(jobReads(http.seen)).toBeGreaterThan(reads));
    await act(async () => vi.advanceTimersByTime(10));
    expect(screen.getByText("succeeded", { selector: ".badge" })).toBeTruthy();
    expect(screen.getByText("record 9 refused")).toBeTruthy();
    expect(screen.getByText("record 10 refused")).toBeTruthy();
    expect(http.seen.filter((r) => r.query.get("before") === "8").length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByRole("button", { name: "Older runs" })).toBeNull();
    expect(screen.queryByRole("button", { name: "More failed records" })).toBeNull();
  });

  it("reads a run that stays queued less and less often, up to once a minute", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const http = server();
    renderApp("/sync/customers");
    await screen.findByRole("button", { name: "Older runs" });
    await waitFor(() => expect(jobReads(http.seen)).toBe(1));
    // Nothing changes: read at 3 s, then 6 s, 12 s, 24 s, 48 s later, then every 60 s.
    for (let i = 0; i < 20; i++) await act(async () => vi.advanceTimersByTime(1_000));
    expect(jobReads(http.seen)).toBeLessThanOrEqual(4);
    for (let i = 0; i < 580; i++) await act(async () => vi.advanceTimersByTime(1_000));
    const reads = jobReads(http.seen);
    expect(reads).toBeGreaterThanOrEqual(10);
    expect(reads).toBeLessThanOrEqual(16);
  }, 30_000);

  it("reads nothing while the tab is hidden, and at once when it shows again", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const http = server();
    renderApp("/sync/customers");
    await screen.findByRole("button", { name: "Older runs" });
    await waitFor(() => expect(jobReads(http.seen)).toBe(1));

    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    await act(async () => document.dispatchEvent(new Event("visibilitychange")));
    await act(async () => vi.advanceTimersByTime(30_000));
    expect(jobReads(http.seen)).toBe(1);

    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    await act(async () => document.dispatchEvent(new Event("visibilitychange")));
    await waitFor(() => expect(jobReads(http.seen)).toBe(2));
  });
});
