import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeHttp, OPERATOR, VIEWER } from "../test/http";
import { renderApp } from "../test/render";

const REPLAYER = { ...OPERATOR, permissions: [...OPERATOR.permissions, "executions.replay"] };

const at = (s: number) => new Date(Date.parse("2026-12-01T10:00:00Z") + s * 1000).toISOString();

const FAILED = {
  id: "x1",
  flow: "shop/orders",
  version: 3,
  status: "failed",
  input: { order: 7 },
  createdAt: at(0),
  finishedAt: at(9),
  steps: [
    { path: "fetch", type: "call", status: "succeeded", attempts: 1, startedAt: at(0), finishedAt: at(1),
      history: [{ number: 1, outcome: "succeeded", startedAt: at(0), finishedAt: at(1) }] },
    { path: "fan", type: "parallel", status: "failed", startedAt: at(1), finishedAt: at(8) },
    { path: "fan/left/a", type: "transform", status: "succeeded", startedAt: at(1), finishedAt: at(2) },
    {
      path: "fan/right/charge",
      type: "call",
      status: "failed",
      attempts: 2,
      startedAt: at(2),
      finishedAt: at(8),
      input: { amount: 42 },
      error: { code: "stripe.declined", message: "card declined" },
      history: [
        { number: 1, outcome: "failed", startedAt: at(2), finishedAt: at(3), error: { code: "http.503", message: "unavailable", retryable: true } },
        { number: 2, outcome: "failed", startedAt: at(6), finishedAt: at(8), error: { code: "stripe.declined", message: "card declined" } },
      ],
    },
    ...Array.from({ length: 12 }, (_, i) => ({
      path: `each[${i}]/ship`, type: "call", status: "succeeded", startedAt: at(1), finishedAt: at(2),
    })),
  ],
  stepsNextCursor: null,
};

function server(who: unknown, more: Record<string, unknown> = {}) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: who },
    "GET /api/v1/executions/x1": { status: 200, body: FAILED },
    ...(more as object),
  });
}

describe("the execution's timeline", () => {
  it("draws a bar per attempt, each row saying in words what its bars show", async () => {
    server(VIEWER);
    renderApp("/executions/x1");
    const timeline = await screen.findByRole("group", { name: "Timeline" }, { timeout: 5000 });

    const charge = within(timeline).getByRole("img", { name: /^charge: failed/ });
    expect(charge.getAttribute("aria-label")).toBe(
      "charge: failed; attempt 1 failed, from +2.0 s for 1.0 s; attempt 2 failed, from +6.0 s for 2.0 s",
    );
    expect(charge.querySelectorAll("rect.bar-failed")).toHaveLength(2);
    expect(within(timeline).getByRole("img", { name: /^fetch: succeeded; attempt 1 succeeded, from \+0 ms/ })).toBeTruthy();
  });

  it("groups branches and items under their step, opens a group with a failure and folds a long one", async () => {
    server(VIEWER);
    renderApp("/executions/x1");
    const timeline = await screen.findByRole("group", { name: "Timeline" }, { timeout: 5000 });
    const user = userEvent.setup();

    const right = within(timeline).getByRole("button", { name: /branch right/ });
    expect(right.getAttribute("aria-expanded")).toBe("true");
    expect(right.textContent).toContain("a failure inside");
    const items = within(timeline).getAllByRole("button", { name: /^▸ item|item \d+/ });
    expect(items).toHaveLength(12);
    expect(items.every((b) => b.getAttribute("aria-expanded") === "false")).toBe(true);
    expect(within(timeline).queryByRole("img", { name: /^ship:/ })).toBeNull();

    await user.click(items[3]!);
    expect(items[3]!.getAttribute("aria-expanded")).toBe("true");
    expect(within(timeline).getAllByRole("img", { name: /^ship: succeeded/ })).toHaveLength(1);

    await user.click(right);
    expect(within(timeline).queryByRole("img", { name: /^charge:/ })).toBeNull();
  });

  it("makes a failed step obvious: named at the top in the API's words, opened in the list, inspected from either", async () => {
    server(VIEWER);
    renderApp("/executions/x1");
    const failed = await screen.findByRole("region", { name: "Failed steps" }, { timeout: 5000 });
    const user = userEvent.setup();

    expect(failed.textContent).toContain("fan/right/charge: card declined stripe.declined");
    const item = document.querySelector<HTMLElement>('li.step.failed[data-path="fan/right/charge"]')!;
    expect(item.querySelector("details")!.open).toBe(true);
    expect(item.querySelector(".step-error")!.textContent).toBe("card declined stripe.declined");
    expect(document.querySelector<HTMLDetailsElement>('li[data-path="fetch"] details')!.open).toBe(false);

    await user.click(within(screen.getByRole("group", { name: "Timeline" })).getByRole("button", { name: "fetch: show the step" }));
    await waitFor(() => expect(document.querySelector<HTMLDetailsElement>('li[data-path="fetch"] details')!.open).toBe(true));
    await waitFor(() => expect(document.activeElement?.closest("li")?.getAttribute("data-path")).toBe("fetch"));
    expect(screen.queryByRole("button", { name: /Replay/ })).toBeNull();

    await user.click(item.querySelector("summary")!);
    await waitFor(() => expect(item.querySelector("details")!.open).toBe(false));
  });
});

describe("replaying from a step", () => {
  it("replays from the failed step with edited input on the version chosen, then opens the new execution", async () => {
    const http = server(REPLAYER, {
      "POST /api/v1/executions/x1/replay": { status: 201, body: { id: "x2", replayOf: "x1" } },
      "GET /api/v1/executions/x2": {
        status: 200,
        body: {
          ...FAILED,
          id: "x2",
          status: "succeeded",
          steps: [],
          input: { order: 8 },
          triggerKind: "replay",
          trigger: { type: "manual", replayOf: "x1", replayFrom: "fan" },
        },
      },
    });
    renderApp("/executions/x1");
    const user = userEvent.setup();
    const failed = await screen.findByRole("region", { name: "Failed steps" }, { timeout: 5000 });

    await user.click(within(failed).getByRole("button", { name: "Replay from fan/right/charge" }));
    const form = screen.getByRole("form", { name: "Replay from a step" });
    expect((within(form).getByLabelText("From step") as HTMLSelectElement).value).toBe("fan/right/charge");
    const input = within(form).getByLabelText("Input (JSON object)") as HTMLTextAreaElement;
    expect(JSON.parse(input.value)).toEqual({ order: 7 });

    await user.clear(input);
    await user.type(input, '{{"order": 8,}');
    await user.click(within(form).getByRole("button", { name: "Replay" }));
    expect(within(form).getByRole("alert").textContent).toMatch(
      /^The input is not valid JSON \(.+\)\. Quote every key and text in double quotes, with no trailing comma/,
    );
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(http.seen.some((r) => r.method === "POST")).toBe(false);

    await user.clear(input);
    await user.type(input, '{{"order": 8}');
    await user.selectOptions(within(form).getByLabelText("From step"), "fan");
    await user.click(within(form).getByLabelText(/latest/));
    await user.click(within(form).getByRole("button", { name: "Replay" }));

    expect((await screen.findByRole("status", {}, { timeout: 5000 })).textContent).toContain(
      "Replayed from step fan on the latest version as execution x2.",
    );
    expect(http.seen.find((r) => r.method === "POST")?.body).toEqual({
      fromStep: "fan",
      version: "latest",
      input: { order: 8 },
    });
    await screen.findByRole("heading", { name: "x2" }, { timeout: 5000 });
    const startedBy = await screen.findByText(/a replay of/);
    expect(startedBy.closest("dd")!.textContent).toBe("a replay of x1 from step fan");
    expect(screen.getByRole("link", { name: "x1" }).getAttribute("href")).toBe("/executions/x1");
  }, 20_000);

  it("says why a replay was refused in the API's words, and offers no replay of an unfinished execution", async () => {
    server(REPLAYER, {
      "POST /api/v1/executions/x1/replay": {
        status: 400,
        body: { error: "input.invalid", message: "input of shop/orders: order must be an integer", details: [] },
      },
    });
    renderApp("/executions/x1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Replay…" }, { timeout: 5000 }));
    await user.click(screen.getByRole("button", { name: "Replay" }));

    const alert = await screen.findByRole("alert", {}, { timeout: 5000 });
    expect(alert.textContent).toContain("input of shop/orders: order must be an integer");
    expect(alert.textContent).toContain("input.invalid");
  });

  it("offers the signal names the flow's await steps declare", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: REPLAYER },
      "GET /api/v1/executions/x1": { status: 200, body: { ...FAILED, status: "waiting", steps: [] } },
      "GET /api/v1/flows/shop/orders": (req) => ({
        status: 200,
        body: {
          namespace: "shop",
          id: "orders",
          version: Number(req.query.get("version")),
          source:
            "id: orders\nnamespace: shop\nsteps:\n  - {id: fan, type: parallel, branches: [{id: l, steps: [{id: ok, type: await, signal: approved}]}]}\n  - {id: pay, type: await, signal: paid}\n",
        },
      }),
    });
    renderApp("/executions/x1");
    const user = userEvent.setup();

    expect(screen.queryByRole("button", { name: "Replay…" })).toBeNull();
    await user.click(await screen.findByRole("button", { name: "Send a signal" }, { timeout: 5000 }));

    await waitFor(() => expect((screen.getByLabelText("Signal name") as HTMLInputElement).value).toBe("approved"));
    expect(screen.getByText("The flow's await steps wait for: approved, paid")).toBeTruthy();
  });
});
