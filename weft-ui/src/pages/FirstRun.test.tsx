import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { EDITOR, fakeHttp, OPERATOR, type Seen } from "../test/http";
import { renderApp } from "../test/render";
import source from "../../../examples/quickstart.yaml?raw";
import input from "../../../examples/quickstart.input.json";

function server(session: unknown, flows: unknown[]) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: session },
    "GET /api/v1/flows": { status: 200, body: { flows } },
    "GET /api/v1/executions": { status: 200, body: { executions: [], nextCursor: null } },
    "PUT /api/v1/flows/demo/order-total": { status: 201, body: { namespace: "demo", id: "order-total", version: 1 } },
    "POST /api/v1/flows/demo/order-total/executions": { status: 201, body: { id: "ex-1", status: "queued" } },
    "GET /api/v1/executions/ex-1": {
      status: 200,
      body: { id: "ex-1", flow: "demo/order-total", version: 1, status: "running", createdAt: "2026-12-07T10:00:00Z", steps: [] },
    },
  });
}

describe("the first run on an empty server", () => {
  it("deploys the quick-start example and runs it with its input, then opens the execution", async () => {
    const http = server(EDITOR, []);
    renderApp("/executions");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Deploy and run the example" }));

    await screen.findByRole("heading", { name: /ex-1/ });
    const deploy = http.seen.find((r: Seen) => r.method === "PUT")!;
    expect(deploy.path).toBe("/api/v1/flows/demo/order-total");
    expect(deploy.headers.get("Content-Type")).toBe("application/yaml");
    expect(deploy.body).toBe(source);
    const run = http.seen.find((r: Seen) => r.method === "POST")!;
    expect(run.body).toEqual(input);
  });

  it("says why in the API's words when the deploy is refused, and runs nothing", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: EDITOR },
      "GET /api/v1/flows": { status: 200, body: { flows: [] } },
      "GET /api/v1/executions": { status: 200, body: { executions: [], nextCursor: null } },
      "PUT /api/v1/flows/demo/order-total": {
        status: 403,
        body: { error: "auth.forbidden", message: "flows.write is not granted in namespace demo", details: [] },
      },
    });
    renderApp("/executions");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Deploy and run the example" }));

    expect((await screen.findByRole("alert")).textContent).toContain("flows.write is not granted in namespace demo");
    expect(http.seen.some((r: Seen) => r.method === "POST")).toBe(false);
    expect(screen.getByRole("button", { name: "Deploy and run the example" })).toBeTruthy();
  });

  it("is not offered when the tenant has a flow, nor to a user who may not deploy, nor outside a caller's namespaces", async () => {
    const withFlow = server(EDITOR, [{ namespace: "shop", id: "orders", version: 1 }]);
    const { unmount } = renderApp("/executions");
    await waitFor(() => expect(withFlow.seen.some((r: Seen) => r.path === "/api/v1/flows")).toBe(true));
    await screen.findByText(/No executions/);
    expect(screen.queryByRole("button", { name: "Deploy and run the example" })).toBeNull();
    unmount();

    const elsewhere = server({ ...EDITOR, namespaces: ["finance"] }, []);
    const second = renderApp("/executions");
    await screen.findByText(/No executions/);
    expect(elsewhere.seen.some((r: Seen) => r.path === "/api/v1/flows")).toBe(false);
    expect(screen.queryByRole("button", { name: "Deploy and run the example" })).toBeNull();
    second.unmount();

    const operator = server(OPERATOR, []);
    renderApp("/executions");
    await screen.findByText(/No executions/);
    expect(operator.seen.some((r: Seen) => r.path === "/api/v1/flows")).toBe(false);
    expect(screen.queryByRole("button", { name: "Deploy and run the example" })).toBeNull();
  });
});
