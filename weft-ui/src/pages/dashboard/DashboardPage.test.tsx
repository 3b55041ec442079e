import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeHttp, VIEWER, type Seen } from "../../test/http";
import { renderApp } from "../../test/render";
import { WINDOWS, type Stats } from "./DashboardPage";

const zero = { queued: 0, running: 0, waiting: 0, succeeded: 0, failed: 0, cancelled: 0 };

function stats(over: Partial<Stats> = {}): Stats {
  return {
    from: "2026-12-01T10:00:00Z",
    to: "2026-12-01T13:00:00Z",
    bucket: "PT1H",
    bucketSeconds: 3600,
    executions: {
      total: 7,
      byStatus: { ...zero, succeeded: 4, failed: 3 },
      buckets: [
        { start: "2026-12-01T10:00:00Z", counts: { ...zero, succeeded: 3, failed: 1 } },
        { start: "2026-12-01T11:00:00Z", counts: zero },
        { start: "2026-12-01T12:00:00Z", counts: { ...zero, succeeded: 1, failed: 2 } },
      ],
    },
    failingFlows: [
      { flow: "shop/bad", namespace: "shop", id: "bad", total: 2, succeeded: 0, failed: 2, cancelled: 0, failureRate: 1 },
      { flow: "shop/orders", namespace: "shop", id: "orders", total: 4, succeeded: 3, failed: 1, cancelled: 0, failureRate: 0.25 },
    ],
    slowStepsOf: 7,
    slowSteps: [
      { flow: "shop/orders", namespace: "shop", flowId: "orders", step: "charge", runs: 4, averageMillis: 1200, maxMillis: 4200 },
    ],
    openBreakers: [{ system: "erp", connector: "http", state: "open", failureRate: 100, openEndpoints: [] }],
    webhooks: {
      pending: 5,
      endpoints: [
        {
          endpoint: "ep_1",
          url: "https://billing.example/hooks",
          enabled: true,
          pending: 5,
          oldestPendingAt: "2026-12-01T12:10:00Z",
          failingSince: "2026-12-01T12:00:00Z",
        },
      ],
    },
    sync: [
      { job: "customers", lastSuccessAt: "2026-12-01T12:55:00Z", lagSeconds: 300, waitingChanges: 2, failures: 1, openConflicts: 3 },
      { job: "products", lastSuccessAt: null, lagSeconds: null, waitingChanges: 0, failures: 0, openConflicts: 0 },
    ],
    omitted: [],
    ...over,
  };
}

function server(answer: (req: Seen) => Stats) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: VIEWER },
    "GET /api/v1/stats": (req) => ({ status: 200, body: answer(req) }),
  });
}

const statsCalls = (seen: Seen[]) => seen.filter((r) => r.path === "/api/v1/stats");

afterEach(() => {
  vi.useRealTimers();
});

describe("the dashboard", () => {
  it("draws each bucket's executions by status and gives the same numbers as a table", async () => {
    server(() => stats());
    renderApp("/dashboard");
    const card = (await screen.findByRole("heading", { name: "Executions over time" })).closest("section")!;

    const chart = within(card).getByRole("img", { name: /Executions by status over time/ });
    const bars = [...chart.querySelectorAll("rect[data-series]")].map((r) => [
      r.getAttribute("data-series"),
      r.getAttribute("data-value"),
    ]);
    expect(bars).toEqual([
      ["succeeded", "3"],
      ["failed", "1"],
      ["succeeded", "1"],
      ["failed", "2"],
    ]);
    expect(chart.querySelector("desc")!.textContent).toBe("7 executions: 4 succeeded, 3 failed.");
    // The tallest column (4) fills the height; the other is three quarters of it.
    const heights = [...chart.querySelectorAll("g[data-column]")].map((g) =>
      [...g.querySelectorAll("rect")].reduce((h, r) => h + Number(r.getAttribute("height")), 0),
    );
    expect(heights[0]).toBeCloseTo((4 / 3) * heights[2]!);
    expect(heights[1]).toBe(0);

    const table = within(card).getByRole("table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2); // the empty hour is left out
    expect(rows.map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent))).toEqual([
      ["3", "1", "0", "0", "0", "0"],
      ["1", "2", "0", "0", "0", "0"],
    ]);
    expect(within(card).getByRole("link", { name: "3 failed" }).getAttribute("href")).toBe(
      "/executions?status=failed&since=24h",
    );
  });

  it("ranks the failing flows by rate, in bars and in a table linking each flow and its failures", async () => {
    server(() => stats());
    renderApp("/dashboard");
    const card = (await screen.findByRole("heading", { name: "Failure rate per flow" })).closest("section")!;

    const bars = [...within(card).getByRole("img").querySelectorAll("g[data-bar]")];
    expect(bars.map((b) => [b.getAttribute("data-bar"), b.getAttribute("data-value")])).toEqual([
      ["shop/bad", "1"],
      ["shop/orders", "0.25"],
    ]);
    const widths = bars.map((b) => b.querySelectorAll("rect")[1]!.getAttribute("width"));
    expect(widths).toEqual(["45%", "11.25%"]);
    const rows = within(within(card).getByRole("table")).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(["shop/bad100%2 of 2", "shop/orders25%1 of 4"]);
    expect(within(card).getByRole("link", { name: "shop/orders" }).getAttribute("href")).toBe("/flows/shop/orders");
    expect(within(card).getByRole("link", { name: "1 of 4" }).getAttribute("href")).toBe(
      "/executions?flow=shop%2Forders&status=failed&since=24h",
    );
  });

  it("lists the slowest steps, open breakers, failing webhook endpoints and sync lag, each linked to its page", async () => {
    server(() => stats());
    renderApp("/dashboard");

    const slow = (await screen.findByRole("heading", { name: "Slowest steps" })).closest("section")!;
    expect(within(within(slow).getByRole("table")).getAllByRole("row")[1]!.textContent).toBe("shop/orders charge4.2 s1.2 s4");
    expect(slow.textContent).not.toContain("Among the steps of the newest");

    const breakers = screen.getByRole("heading", { name: "Open circuit breakers" }).closest("section")!;
    expect(within(breakers).getByRole("link", { name: "erp" }).getAttribute("href")).toBe("/systems/erp");
    expect(breakers.textContent).toContain("open");

    const hooks = screen.getByRole("heading", { name: "Webhook backlog" }).closest("section")!;
    expect(hooks.textContent).toContain("5 deliveries waiting");
    expect(within(hooks).getByRole("link", { name: "https://billing.example/hooks" }).getAttribute("href")).toBe("/webhooks/endpoints/ep_1");
    expect(hooks.textContent).toContain("failing since");

    const sync = screen.getByRole("heading", { name: "Sync lag" }).closest("section")!;
    expect(within(sync).getByRole("link", { name: "customers" }).getAttribute("href")).toBe("/sync/customers");
    expect(within(sync).getByRole("link", { name: "3" }).getAttribute("href")).toBe("/sync/customers#conflicts");
    const lag = [...within(sync).getByRole("img").querySelectorAll("g[data-bar]")].map((g) => [
      g.getAttribute("data-bar"),
      g.querySelector(".hbar-value")!.textContent,
    ]);
    expect(lag).toEqual([
      ["customers", "5 min"],
      ["products", "never succeeded"],
    ]);
  });

  it("says when the slowest steps come from the window's newest executions only", async () => {
    server(() => stats({ executions: { ...stats().executions, total: 80_000 }, slowStepsOf: 50_000 }));
    renderApp("/dashboard");
    const slow = (await screen.findByRole("heading", { name: "Slowest steps" })).closest("section")!;
    expect(slow.textContent).toContain("Among the steps of the newest 50000 of the window's 80000 executions.");
  });

  it("says what to do when there is nothing to show, and what the role does not read", async () => {
    server(() =>
      stats({
        executions: { total: 0, byStatus: zero, buckets: [{ start: "2026-12-01T10:00:00Z", counts: zero }] },
        failingFlows: [],
        slowSteps: [],
        slowStepsOf: 0,
        openBreakers: undefined,
        webhooks: undefined,
        sync: [],
        omitted: ["systems", "webhooks"],
      }),
    );
    renderApp("/dashboard");

    const empty = await screen.findByText(/No executions were created in this window/);
    expect(within(empty).getByRole("link", { name: "Flows" }).getAttribute("href")).toBe("/flows");
    expect(screen.getByText("No executions in this window, so no failures.")).toBeTruthy();
    expect(screen.getByText("No step finished in this window.")).toBeTruthy();
    expect(screen.getByText(/Your role does not read systems/)).toBeTruthy();
    expect(screen.getByText(/Your role does not read webhooks/)).toBeTruthy();
    expect(screen.getByText(/No sync jobs/)).toBeTruthy();
    expect(screen.queryAllByRole("img")).toHaveLength(0);
  });

  it("asks for the chosen window and reads again on its interval only while the page is visible", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const http = server(() => stats());
    renderApp("/dashboard");
    await screen.findByRole("heading", { name: "Slowest steps" });
    expect(statsCalls(http.seen).at(-1)!.query.get("since")).toBe("24h");

    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.selectOptions(screen.getByLabelText("Window"), "7d");
    await waitFor(() => expect(statsCalls(http.seen).at(-1)!.query.get("since")).toBe("7d"));
    const before = statsCalls(http.seen).length;

    const every = WINDOWS.find((w) => w.value === "7d")!.refreshMs;
    expect(screen.getByText(/read again every 5 min while this page is open/)).toBeTruthy();
    await act(async () => vi.advanceTimersByTime(every - 1_000));
    expect(statsCalls(http.seen)).toHaveLength(before);
    await act(async () => vi.advanceTimersByTime(1_000));
    await waitFor(() => expect(statsCalls(http.seen)).toHaveLength(before + 1));

    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    await act(async () => vi.advanceTimersByTime(every * 2));
    expect(statsCalls(http.seen)).toHaveLength(before + 1);

    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    await act(async () => document.dispatchEvent(new Event("visibilitychange")));
    await waitFor(() => expect(statsCalls(http.seen)).toHaveLength(before + 2));
  });

  it("shows the chosen window's numbers though the previous window's slower answer lands last", async () => {
    const answers = new Map<string, ((s: Stats) => void)[]>();
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: VIEWER },
      "GET /api/v1/stats": (req) =>
        new Promise<Stats>((resolve) => {
          const since = req.query.get("since")!;
          answers.set(since, [...(answers.get(since) ?? []), resolve]);
        }).then((body) => ({ status: 200, body })),
    });
    renderApp("/dashboard?window=30d");
    await waitFor(() => expect(answers.get("30d")).toHaveLength(1));
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("Window"), "1h");
    await waitFor(() => expect(answers.get("1h")).toHaveLength(1));

    const hour = stats();
    await act(async () => answers.get("1h")![0]!(hour));
    await screen.findByRole("heading", { name: "Slowest steps" });
    const shown = within(screen.getByRole("region", { name: /Executions/ })).getAllByText(/\b7\b/).length;
    expect(shown).toBeGreaterThan(0);
    // The 30 days' answer, asked for first, arrives last.
    await act(async () => answers.get("30d")![0]!(stats({ executions: { ...hour.executions, total: 9876 } })));
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(document.body.textContent).not.toContain("9876");
    expect(document.body.textContent).not.toContain("9,876");
    expect(screen.queryByText("Reading…")).toBeNull();
  });

  it("shows a refused request in the API's own words", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: VIEWER },
      "GET /api/v1/stats": {
        status: 403,
        body: { error: "forbidden", message: "this caller reaches namespaces shop only, and the execution statistics belong to the whole tenant", details: [] },
      },
    });
    renderApp("/dashboard");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("the execution statistics belong to the whole tenant");
  });
});
