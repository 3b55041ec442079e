import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeHttp } from "../../test/http";
import { renderApp } from "../../test/render";
import { endpointBody } from "./EndpointForm";
import { DELIVERY, ENDPOINT, WEBHOOK_EDITOR, WEBHOOK_VIEWER } from "./fixtures";

const SECRET = "whsec_c2VjcmV0LXNob3duLW9uY2U=";

describe("the webhook endpoints list", () => {
  it("lists the endpoints and shows a viewer no way to create one", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_VIEWER },
      "GET /api/v1/webhooks/endpoints": { status: 200, body: { items: [ENDPOINT] } },
    });
    renderApp("/webhooks");

    const link = await screen.findByRole("link", { name: "https://hooks.example/weft" });
    expect(link.getAttribute("href")).toBe("/webhooks/endpoints/ep_1");
    expect(screen.getByText("enabled")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "New endpoint" })).toBeNull();
    expect(screen.getByRole("link", { name: "Webhooks" })).toBeTruthy(); // in the main navigation
  });

  it("creates an endpoint and shows its signing secret once, kept nowhere", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/webhooks/endpoints": { status: 200, body: { items: [] } },
      "POST /api/v1/webhooks/endpoints": { status: 201, body: { ...ENDPOINT, secret: SECRET } },
    });
    renderApp("/webhooks");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New endpoint" }));
    await user.type(screen.getByLabelText(/^URL/), "https://hooks.example/weft");
    await user.type(screen.getByLabelText(/^Event types/), "execution.*, invoice.approved");
    await user.type(screen.getByLabelText(/^Rate limit/), "5");
    await user.click(screen.getByRole("button", { name: "Create" }));

    const shown = await screen.findByRole("region", { name: "Signing secret of the new endpoint" });
    expect((within(shown).getByRole("textbox") as HTMLInputElement).value).toBe(SECRET);
    expect(screen.getByText("The endpoint ep_1 was created.")).toBeTruthy();
    const post = http.seen.find((r) => r.method === "POST");
    expect(post?.body).toEqual({ url: "https://hooks.example/weft", events: ["execution.*", "invoice.approved"], rateLimit: 5 });
    expect(localStorage.length + sessionStorage.length).toBe(0);

    await user.click(within(shown).getByRole("button", { name: /hide it/ }));
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it("subscribes to event types chosen from the catalog", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/webhooks/endpoints": { status: 200, body: { items: [] } },
      "GET /api/v1/event-types": {
        status: 200,
        body: {
          items: [
            { type: "execution.failed", description: null, schema: {}, example: {}, source: "platform" },
            { type: "invoice.approved", description: null, schema: {}, example: {}, source: "tenant" },
          ],
        },
      },
      "POST /api/v1/webhooks/endpoints": { status: 201, body: { ...ENDPOINT, secret: SECRET } },
    });
    renderApp("/webhooks");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New endpoint" }));
    await user.type(screen.getByLabelText(/^URL/), "https://hooks.example/weft");
    await user.click(await screen.findByText(/Choose from the catalog/));
    await user.click(screen.getByLabelText("invoice.approved"));
    await user.click(screen.getByLabelText("execution.failed"));
    expect((screen.getByLabelText(/^Event types/) as HTMLInputElement).value).toBe("invoice.approved, execution.failed");
    await user.click(screen.getByLabelText("invoice.approved"));
    await user.click(screen.getByRole("button", { name: "Create" }));

    await screen.findByRole("region", { name: "Signing secret of the new endpoint" });
    expect(http.seen.find((r) => r.method === "POST")?.body).toMatchObject({ events: ["execution.failed"] });
  });

  it("copies the secret to the clipboard", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/webhooks/endpoints": { status: 200, body: { items: [] } },
      "POST /api/v1/webhooks/endpoints": { status: 201, body: { ...ENDPOINT, secret: SECRET } },
    });
    renderApp("/webhooks");
    const user = userEvent.setup();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });

    await user.click(await screen.findByRole("button", { name: "New endpoint" }));
    await user.type(screen.getByLabelText(/^URL/), "https://hooks.example/weft");
    await user.type(screen.getByLabelText(/^Event types/), "*");
    await user.click(screen.getByRole("button", { name: "Create" }));
    await user.click(await screen.findByRole("button", { name: "Copy" }));

    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await screen.findByText("Copied to the clipboard.")).toBeTruthy();
  });

  it("names the field that is wrong before asking the API, and shows the API's own refusal", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/webhooks/endpoints": { status: 200, body: { items: [] } },
      "POST /api/v1/webhooks/endpoints": {
        status: 400,
        body: { error: "egress.refused", message: "url: 10.0.0.1 is a private address", details: [{ field: "url" }] },
      },
    });
    renderApp("/webhooks");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New endpoint" }));
    await user.type(screen.getByLabelText(/^URL/), "http://10.0.0.1/x");
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(screen.getByRole("alert").textContent).toMatch(/Event types: give at least one/);
    expect(http.seen.filter((r) => r.method === "POST")).toHaveLength(0);

    await user.type(screen.getByLabelText(/^Event types/), "*");
    await user.click(screen.getByRole("button", { name: "Create" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("url: 10.0.0.1 is a private address");
    expect(alert.textContent).toContain("egress.refused");
  });
});

describe("an endpoint's body", () => {
  it("clears emptied settings with null in a change, and reads headers one a line", () => {
    const r = endpointBody(
      { url: " https://a.example ", events: "a.b", filter: "", description: "", rateLimit: "", concurrency: "2", headers: "X-A: 1\nX-B: two: parts" },
      true,
    );
    expect(r).toEqual({
      ok: true,
      body: {
        url: "https://a.example",
        events: ["a.b"],
        filter: null,
        description: null,
        rateLimit: null,
        concurrency: 2,
        headers: { "X-A": "1", "X-B": "two: parts" },
      },
    });
    expect(endpointBody({ url: "u", events: "a.b", filter: "", description: "", rateLimit: "0", concurrency: "", headers: "" }, false)).toMatchObject({
      ok: false,
      field: "rateLimit",
    });
    expect(endpointBody({ url: "u", events: "a.b", filter: "", description: "", rateLimit: "", concurrency: "", headers: "nocolon" }, false)).toMatchObject({
      ok: false,
      field: "headers",
    });
  });
});

function endpointServer(who: unknown, more: Record<string, unknown> = {}) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: who },
    "GET /api/v1/webhooks/endpoints/ep_1": { status: 200, body: ENDPOINT },
    "GET /api/v1/webhooks/endpoints/ep_1/deliveries": { status: 200, body: { items: [DELIVERY], next: "c2" } },
    "GET /api/v1/event-types": { status: 200, body: { items: [{ type: "execution.failed", description: null, schema: {}, example: {}, source: "platform" }] } },
    ...(more as object),
  });
}

describe("an endpoint's page", () => {
  it("shows a viewer the settings and deliveries but no action", async () => {
    endpointServer(WEBHOOK_VIEWER);
    renderApp("/webhooks/endpoints/ep_1");

    expect(await screen.findByRole("link", { name: "dlv_1" })).toBeTruthy();
    expect(screen.getByText("Authorization: [redacted]")).toBeTruthy();
    for (const name of ["Edit", "Disable", "Rotate the secret", "Delete", "Send a test event", "Replay"]) {
      expect(screen.queryByRole("button", { name })).toBeNull();
    }
  });

  it("rotates the secret after a confirmation and explains the overlap of the two secrets", async () => {
    const until = "2026-12-08T10:00:00Z";
    const http = endpointServer(WEBHOOK_EDITOR, {
      "POST /api/v1/webhooks/endpoints/ep_1/rotate-secret": {
        status: 200,
        body: { secret: SECRET, previousSecretExpiresAt: until, endpoint: { ...ENDPOINT, secretVersion: 2, previousSecretExpiresAt: until } },
      },
    });
    renderApp("/webhooks/endpoints/ep_1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Rotate the secret" }));
    expect(http.seen.some((r) => r.path.endsWith("/rotate-secret"))).toBe(false);
    await user.click(screen.getByRole("button", { name: "Yes, rotate" }));

    const shown = await screen.findByRole("region", { name: "The new signing secret" });
    expect((within(shown).getByRole("textbox") as HTMLInputElement).value).toBe(SECRET);
    expect(shown.textContent).toContain("every delivery carries two signatures");
    expect(within(shown).getByText((_, el) => el?.tagName === "TIME" && el.getAttribute("dateTime") === until)).toBeTruthy();
    expect(screen.getByText("The secret was rotated: version 2.")).toBeTruthy();
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it("deletes the endpoint and says so on the list", async () => {
    const http = endpointServer(WEBHOOK_EDITOR, {
      "DELETE /api/v1/webhooks/endpoints/ep_1": { status: 204 },
      "GET /api/v1/webhooks/endpoints": { status: 200, body: { items: [] } },
    });
    renderApp("/webhooks/endpoints/ep_1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await user.click(screen.getByRole("button", { name: "Yes, delete" }));

    expect(await screen.findByText("The endpoint https://hooks.example/weft (ep_1) was deleted.")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Webhooks" })).toBeTruthy();
    expect(http.seen.some((r) => r.method === "DELETE")).toBe(true);
  });

  it("types the headers, which may hold secrets, with no spelling check or correction", async () => {
    endpointServer(WEBHOOK_EDITOR);
    renderApp("/webhooks/endpoints/ep_1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Edit" }));
    const headers = screen.getByLabelText(/^Headers/);
    expect(headers.getAttribute("spellcheck")).toBe("false");
    expect(headers.getAttribute("autocomplete")).toBe("off");
    expect(headers.getAttribute("autocorrect")).toBe("off");
    expect(headers.getAttribute("autocapitalize")).toBe("off");
  });

  it("names a test payload that is not JSON in an alert, before asking the API", async () => {
    const http = endpointServer(WEBHOOK_EDITOR);
    renderApp("/webhooks/endpoints/ep_1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Send a test event" }));
    await user.type(screen.getByLabelText("Event type"), "execution.failed");
    await user.type(screen.getByLabelText(/^Payload/), "not json");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(screen.getByRole("alert").textContent).toMatch(/The payload is not valid JSON/);
    expect(http.seen.some((r) => r.path.endsWith("/test"))).toBe(false);
  });

  it("disables the endpoint, saying what it did", async () => {
    const http = endpointServer(WEBHOOK_EDITOR, {
      "PATCH /api/v1/webhooks/endpoints/ep_1": { status: 200, body: { ...ENDPOINT, enabled: false } },
    });
    renderApp("/webhooks/endpoints/ep_1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Disable" }));
    await user.click(screen.getByRole("button", { name: "Yes, disable" }));

    expect(await screen.findByText("The endpoint was disabled.")).toBeTruthy();
    expect(http.seen.find((r) => r.method === "PATCH")?.body).toEqual({ enabled: false });
    expect(screen.getByRole("button", { name: "Enable" })).toBeTruthy();
  });

  it("sends a test event of a type with the catalog's example", async () => {
    const http = endpointServer(WEBHOOK_EDITOR, {
      "POST /api/v1/webhooks/endpoints/ep_1/test": { status: 202, body: { ...DELIVERY, id: "dlv_9", status: "pending" } },
    });
    renderApp("/webhooks/endpoints/ep_1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Send a test event" }));
    await user.type(screen.getByLabelText("Event type"), "execution.failed");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByText("A test execution.failed event was queued as delivery dlv_9.")).toBeTruthy();
    expect(http.seen.find((r) => r.path.endsWith("/test"))?.body).toEqual({ type: "execution.failed" });
  });

  it("filters and pages the deliveries with the API's cursor", async () => {
    const http = endpointServer(WEBHOOK_VIEWER);
    renderApp("/webhooks/endpoints/ep_1");
    const user = userEvent.setup();
    await screen.findByRole("link", { name: "dlv_1" });

    await user.selectOptions(screen.getByLabelText("Status"), "failed");
    await user.type(screen.getByLabelText("Since"), "24h");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() => expect(http.seen.at(-1)?.query.get("status")).toBe("failed"));
    expect(http.seen.at(-1)?.query.get("since")).toBe("24h");

    await user.click(screen.getByRole("button", { name: "Next" }));
    await waitFor(() => expect(http.seen.at(-1)?.query.get("cursor")).toBe("c2"));
    expect(screen.getByText("Page 2")).toBeTruthy();
  });

  it("replays in bulk after a confirmation and says how many", async () => {
    const http = endpointServer(WEBHOOK_EDITOR, {
      "POST /api/v1/webhooks/endpoints/ep_1/replay": { status: 202, body: { replayed: 3 } },
    });
    renderApp("/webhooks/endpoints/ep_1");
    const user = userEvent.setup();

    await user.click(await screen.findByLabelText("pending"));
    await user.click(screen.getByRole("button", { name: "Replay" }));
    expect(screen.getByText("Send again every failed or pending delivery created since 24h?")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Yes, replay" }));

    expect(await screen.findByText("3 deliveries were queued to be sent again.")).toBeTruthy();
    const replay = http.seen.find((r) => r.path.endsWith("/replay"));
    expect(replay?.query.get("since")).toBe("24h");
    expect(replay?.query.get("status")).toBe("failed,pending");
  });
});

describe("a delivery's page", () => {
  const DETAIL = {
    ...DELIVERY,
    message: { id: "msg_7", eventType: "execution.failed", eventId: "e1", occurredAt: "2026-12-01T10:00:59Z", body: { type: "execution.failed" } },
    history: [
      { attempt: 1, startedAt: "2026-12-01T10:01:00Z", latencyMs: 120, requestHeaders: { "webhook-id": "msg_7" }, responseStatus: 503, responseBody: "busy", error: null, succeeded: false },
      { attempt: 2, startedAt: "2026-12-01T10:01:05Z", latencyMs: 2500, requestHeaders: {}, responseStatus: null, responseBody: null, error: "connect timed out", succeeded: false },
    ],
  };

  it("shows every attempt: result, the answer's status, duration and error", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_VIEWER },
      "GET /api/v1/webhooks/deliveries/dlv_1": { status: 200, body: DETAIL },
    });
    renderApp("/webhooks/deliveries/dlv_1");

    const rows = within((await screen.findByRole("heading", { name: "Attempts" })).nextElementSibling as HTMLElement).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(rows[1]?.textContent).toContain("503");
    expect(rows[1]?.textContent).toContain("120 ms");
    expect(rows[1]?.textContent).toContain("busy");
    expect(rows[2]?.textContent).toContain("no answer");
    expect(rows[2]?.textContent).toContain("2.5 s");
    expect(rows[2]?.textContent).toContain("connect timed out");
    expect(screen.queryByRole("button", { name: "Retry now" })).toBeNull();
  });

  it("retries for an operator and says so", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/webhooks/deliveries/dlv_1": { status: 200, body: DETAIL },
      "POST /api/v1/webhooks/deliveries/dlv_1/retry": { status: 202, body: { ...DELIVERY, status: "pending" } },
    });
    renderApp("/webhooks/deliveries/dlv_1");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Retry now" }));
    await user.click(screen.getByRole("button", { name: "Yes, retry" }));

    expect(await screen.findByText("The delivery was queued to be sent again (status pending).")).toBeTruthy();
    expect(http.seen.some((r) => r.method === "POST" && r.path.endsWith("/retry"))).toBe(true);
  });
});

describe("the event-type catalog", () => {
  const TYPES = [
    { type: "execution.failed", description: "An execution failed", schema: { type: "object" }, example: { executionId: "x" }, source: "platform" },
    { type: "invoice.approved", description: null, schema: { type: "object" }, example: null, source: "tenant" },
  ];

  it("lists the types and shows a platform type's schema without edit for anyone", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/event-types": { status: 200, body: { items: TYPES } },
      "GET /api/v1/event-types/execution.failed": { status: 200, body: TYPES[0] },
    });
    renderApp("/webhooks/event-types");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("link", { name: "execution.failed" }));
    expect(await screen.findByText(/"executionId": "x"/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
  });

  it("declares a type of the tenant's own, checking its schema is JSON first", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/event-types": { status: 200, body: { items: TYPES } },
      "PUT /api/v1/event-types/order.shipped": { status: 201, body: { ...TYPES[1], type: "order.shipped" } },
      "GET /api/v1/event-types/order.shipped": { status: 200, body: { ...TYPES[1], type: "order.shipped" } },
    });
    renderApp("/webhooks/event-types");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New event type" }));
    await user.type(screen.getByLabelText("Type"), "order.shipped");
    const schema = screen.getByLabelText("JSON Schema of its payloads");
    await user.clear(schema);
    await user.type(schema, "{{not json");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByRole("alert").textContent).toMatch(/The schema is not valid JSON/);

    await user.clear(schema);
    await user.type(schema, '{{"type": "object"}');
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("heading", { name: "order.shipped" })).toBeTruthy();
    expect(screen.getByText("The event type order.shipped was created.")).toBeTruthy();
    expect(http.seen.find((r) => r.method === "PUT")?.body).toEqual({ schema: { type: "object" }, description: null });
  });

  it("refuses a new type whose name is already in the catalog, rather than replacing it", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/event-types": { status: 200, body: { items: TYPES } },
      "PUT /api/v1/event-types/invoice.approved": { status: 200, body: TYPES[1] },
    });
    renderApp("/webhooks/event-types");
    const user = userEvent.setup();

    await screen.findByRole("link", { name: "invoice.approved" });
    await user.click(screen.getByRole("button", { name: "New event type" }));
    await user.type(screen.getByLabelText("Type"), "invoice.approved");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(screen.getByRole("alert").textContent).toContain("invoice.approved already exists (one of this tenant's own)");
    expect(http.seen.some((r) => r.method === "PUT")).toBe(false);
  });

  it("deletes a type of the tenant's own and says so on the catalog", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_EDITOR },
      "GET /api/v1/event-types": { status: 200, body: { items: [TYPES[0]] } },
      "GET /api/v1/event-types/invoice.approved": { status: 200, body: TYPES[1] },
      "DELETE /api/v1/event-types/invoice.approved": { status: 204 },
    });
    renderApp("/webhooks/event-types/invoice.approved");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await user.click(screen.getByRole("button", { name: "Yes, delete" }));

    expect(await screen.findByText("The event type invoice.approved was deleted.")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Event types" })).toBeTruthy();
    expect(http.seen.some((r) => r.method === "DELETE")).toBe(true);
  });

  it("shows a viewer no way to declare or change types", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: WEBHOOK_VIEWER },
      "GET /api/v1/event-types": { status: 200, body: { items: TYPES } },
      "GET /api/v1/event-types/invoice.approved": { status: 200, body: TYPES[1] },
    });
    renderApp("/webhooks/event-types/invoice.approved");
    await screen.findByText("One of this tenant's own types.");

    expect(screen.queryByRole("button", { name: "Edit" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
  });
});

