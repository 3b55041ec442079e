import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeHttp, VIEWER, type Seen } from "../test/http";
import { renderApp } from "../test/render";
import { executionsQuery } from "./ExecutionsList";

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
    expect(executionsQuery({ flow: " ", status: "", since: "", until: "" }, undefined)).toEqual({ limit: 50 });
    expect(executionsQuery({ flow: "shop/orders ", status: "failed", since: "1h", until: "15m" }, "c2")).toEqual({
      flow: "shop/orders",
      status: "failed",
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

    await user.type(screen.getByLabelText("Flow"), "shop/orders");
    await user.selectOptions(screen.getByLabelText("Status"), "failed");
    await user.type(screen.getByLabelText("Since"), "2026-11-22T10:00:00Z");
    await user.type(screen.getByLabelText("Until"), "15m");
    await user.click(screen.getByRole("button", { name: "Apply" }));

    await waitFor(() => expect(executionCalls(http.seen)).toHaveLength(2));
    const query = executionCalls(http.seen)[1]!.query;
    expect(Object.fromEntries(query)).toEqual({
      flow: "shop/orders",
      status: "failed",
      since: "2026-11-22T10:00:00Z",
      until: "15m",
      limit: "50",
    });
    expect(screen.getByText("failed", { selector: ".badge" })).toBeTruthy();
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
