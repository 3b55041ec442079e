import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeHttp, OPERATOR, VIEWER } from "../test/http";
import { renderApp } from "../test/render";

const SOURCE = `id: orders
namespace: shop
input:
  type: object
  required: [orderId]
  properties:
    orderId: { type: string, description: The order to ship }
    quantity: { type: integer }
    express: { type: boolean }
    carrier: { enum: [dhl, ups] }
    address: { type: object }
steps:
  - id: ship
    type: transform
    output: "{{ input }}"
`;
const FLOW = { namespace: "shop", id: "orders", version: 2, createdAt: "2026-12-01T10:00:00Z", source: SOURCE };

function server(who: unknown) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: who },
    "GET /api/v1/flows": {
      status: 200,
      body: { flows: [FLOW, { ...FLOW, namespace: "finance", id: "invoice-approval", source: "id: x" }] },
    },
    "GET /api/v1/flows/shop/orders": { status: 200, body: FLOW },
    "POST /api/v1/flows/shop/orders/executions": { status: 201, body: { id: "x9", flow: "shop/orders", version: 2, status: "queued" } },
    "GET /api/v1/executions/x9": { status: 200, body: { id: "x9", flow: "shop/orders", version: 2, status: "queued", steps: [] } },
  });
}

describe("the flows pages", () => {
  it("lists the flows and narrows them by a search", async () => {
    server(VIEWER);
    renderApp("/flows");
    const user = userEvent.setup();
    await screen.findByText("shop/orders");
    expect(screen.getByText("finance/invoice-approval")).toBeTruthy();

    await user.type(screen.getByLabelText("Search"), "invoice");

    expect(screen.queryByText("shop/orders")).toBeNull();
    expect(screen.getByText("finance/invoice-approval")).toBeTruthy();
  });

  it("runs a flow with the input its schema's form makes, then opens the new execution", async () => {
    const http = server(OPERATOR);
    renderApp("/flows/shop/orders");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText(/orderId/), "o-42");
    await user.type(screen.getByLabelText(/quantity/), "3");
    await user.click(screen.getByLabelText("express"));
    await user.selectOptions(screen.getByLabelText(/carrier/), "ups");
    await user.type(screen.getByLabelText(/address/), '{{"city": "Oslo"}');
    await user.click(screen.getByRole("button", { name: "Run" }));

    await screen.findByRole("heading", { name: "x9" });
    expect(http.seen.find((r) => r.method === "POST")?.body).toEqual({
      orderId: "o-42",
      quantity: 3,
      express: true,
      carrier: "ups",
      address: { city: "Oslo" },
    });
  });

  it("refuses a field that is not JSON, and JSON that is not an object, before sending", async () => {
    const http = server(OPERATOR);
    renderApp("/flows/shop/orders");
    const user = userEvent.setup();
    await screen.findByLabelText(/orderId/);

    await user.type(screen.getByLabelText(/orderId/), "o-1");
    await user.type(screen.getByLabelText(/address/), "{{city");
    await user.click(screen.getByRole("button", { name: "Run" }));
    expect((await screen.findByRole("alert")).textContent).toContain("address is not valid JSON");

    await user.click(screen.getByRole("button", { name: "Write the input as JSON" }));
    const text = screen.getByLabelText("Input (JSON object)");
    await user.clear(text);
    await user.type(text, "[[1, 2]");
    await user.click(screen.getByRole("button", { name: "Run" }));
    expect((await screen.findByRole("alert")).textContent).toContain("must be a JSON object");
    expect(http.seen.some((r) => r.method === "POST")).toBe(false);
  });

  it("shows a viewer the source but no Run", async () => {
    server(VIEWER);
    renderApp("/flows/shop/orders");
    await waitFor(() => expect(document.querySelector("pre.source")?.textContent).toContain("id: orders"));

    expect(screen.queryByRole("button", { name: "Run" })).toBeNull();
  });
});
