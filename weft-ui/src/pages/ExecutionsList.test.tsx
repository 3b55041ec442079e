import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeHttp, VIEWER, type Seen } from "../test/http";
import { renderApp } from "../test/render";
import { executionsQuery, paramsOf } from "./ExecutionsList";

function execution(id: string, status = "succeeded") {
  return { id, flow: "shop/orders", version: 3, status, createdAt: "2026-12-01T10:00:00Z" };
}

function server(pages: Record<string, { executions: unknown[]; nextCursor: string | null }>) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: VIEWER },
    "GET /api/v1/executions": (req: Seen) => ({ status: 200, body: pages[req.query.get("cursor") ?? ""] }),
  });
}

const executionCalls = (seen: Seen[]) => seen.filter((r) => r.path === "/api/v1/executions");

describe("the executions list", () => {
  it("leaves empty filters out of the query", () => {
    const none = { q: "", flow: " ", status: "", trigger: " ", since: "", until: "" };
    expect(executionsQuery(none, undefined)).toEqual({ limit: 50 });
    expect(
      executionsQuery(
        { q: " 0190ab ", flow: "shop/orders ", status: "failed", trigger: "webhook", since: "1h", until: "15m" },
        "c2",
      ),
    ).toEqual({
      q: "0190ab",
      flow: "shop/orders",
      status: "failed",
      trigger: "webhook",
      since: "1h",
      until: "15m",
      cursor: "c2",
      limit: 50,
    });
  });

  it("sends the filters a user applies as listExecutions' query parameters", async () => {
    const http = server({ "": { executions: [execution("x1", "failed")], nextCursor: null } });
    renderApp("/executions");
    const user = userEvent.setup();
    await screen.findByText("x1");

    await user.type(screen.getByLabelText("Id starts with"), "0190ab");
    await user.type(screen.getByLabelText("Flow"), "shop/orders");
    await user.selectOptions(screen.getByLabelText("Status"), "failed");
    await user.type(screen.getByLabelText("Trigger"), "replay");
    await user.type(screen.getByLabelText("Since"), "2026-11-22T10:00:00Z");
    await user.type(screen.getByLabelText("Until"), "15m");
    await user.click(screen.getByRole("button", { name: "Apply" }));

    await waitFor(() => expect(executionCalls(http.seen)).toHaveLength(2));
    const query = executionCalls(http.seen)[1]!.query;
    expect(Object.fromEntries(query)).toEqual({
      q: "0190ab",
      flow: "shop/orders",
      status: "failed",
      trigger: "replay",
      since: "2026-11-22T10:00:00Z",
      until: "15m",
      limit: "50",
    });
    expect(screen.getByText("failed", { selector: ".badge" })).toBeTruthy();
  });

  it("keeps the filters in the address, reads them back from it and clears them", async () => {
    const http = server({ "": { executions: [execution("x1")], nextCursor: null } });
    renderApp("/executions?trigger=webhook&q=x&status=failed");
    await screen.findByText("x1");

    expect(Object.fromEntries(executionCalls(http.seen)[0]!.query)).toEqual({
      q: "x",
      status: "failed",
      trigger: "webhook",
      limit: "50",
    });
    expect((screen.getByLabelText("Trigger") as HTMLInputElement).value).toBe("webhook");
    expect((screen.getByLabelText("Id starts with") as HTMLInputElement).value).toBe("x");
    expect(paramsOf({ q: "", flow: "a/b", status: "", trigger: "schedule", since: "", until: " " }).toString()).toBe(
      "flow=a%2Fb&trigger=schedule",
    );

    await userEvent.setup().click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(executionCalls(http.seen)).toHaveLength(2));
    expect(Object.fromEntries(executionCalls(http.seen)[1]!.query)).toEqual({ limit: "50" });
    expect((screen.getByLabelText("Trigger") as HTMLInputElement).value).toBe("");
  });

  it("shows the kind that started each execution", async () => {
    server({ "": { executions: [{ ...execution("x1"), triggerKind: "schedule" }], nextCursor: null } });
    renderApp("/executions");
    await screen.findByText("x1");

    expect(screen.getByText("schedule", { selector: "td" })).toBeTruthy();
  });

  it("pages forward by the API's cursor and back by the one before, keeping the filters", async () => {
    const http = server({
      "": { executions: [execution("x1")], nextCursor: "c2" },
      c2: { executions: [execution("x2")], nextCursor: null },
    });
    renderApp("/executions?status=succeeded");
    const user = userEvent.setup();
    await screen.findByText("x1");
    expect((screen.getByRole("button", { name: "Back" }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("x2");
    expect(executionCalls(http.seen).at(-1)!.query.get("cursor")).toBe("c2");
    expect(executionCalls(http.seen).at(-1)!.query.get("status")).toBe("succeeded");
    expect((screen.getByRole("button", { name: "Next" }) as HTMLButtonElement).disabled).toBe(true);

    await user.click(screen.getByRole("button", { name: "Back" }));
    await screen.findByText("x1");
    expect(executionCalls(http.seen).at(-1)!.query.has("cursor")).toBe(false);
  });

  it("shows a refused filter in the API's own words", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: VIEWER },
      "GET /api/v1/executions": {
        status: 400,
        body: { error: "query.invalid", message: "since: give an ISO-8601 instant or a duration such as 1h", details: [] },
      },
    });
    renderApp("/executions?since=yesterday");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("since: give an ISO-8601 instant or a duration such as 1h");
    expect(alert.textContent).toContain("query.invalid");
  });
});
