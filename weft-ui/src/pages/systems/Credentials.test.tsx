import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeHttp, type Seen } from "../../test/http";
import { renderApp } from "../../test/render";
import { CREDENTIALS, EDITOR, READER } from "./fixtures";

const SECRET = "p4ssw0rd-never-shown";

function server(who: unknown, routes: Record<string, { status: number; body?: unknown } | ((r: Seen) => { status: number; body?: unknown })> = {}) {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: who },
    "GET /api/v1/credentials": { status: 200, body: { credentials: CREDENTIALS } },
    ...routes,
  });
}

/** Nothing of the secret in the page, in an input's value, or in the browser's storage. */
function secretNowhere() {
  expect(document.body.innerHTML).not.toContain(SECRET);
  for (const input of document.querySelectorAll("input, textarea")) {
    expect((input as HTMLInputElement).value).not.toContain(SECRET);
  }
  expect(JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie).not.toContain(SECRET);
}

describe("the credentials page", () => {
  it("lists credentials by name and type, and shows a viewer no action", async () => {
    server(READER);
    renderApp("/credentials");
    const row = (await screen.findByText("erp-basic", {}, { timeout: 5_000 })).closest("tr")!;
    expect(within(row).getByText("basic")).toBeTruthy();
    expect(within(row).getByText("erp,erp-test")).toBeTruthy();
    expect(within(row).getByText("v3")).toBeTruthy();
    for (const name of ["New credential", "Connect OAuth 2.0 by consent", "Replace erp-basic", "Delete"]) {
      expect(screen.queryByRole("button", { name })).toBeNull();
    }
  }, 20_000);

  it("creates a credential through its type's write-only form, then forgets the secret", async () => {
    const http = server(EDITOR, {
      "PUT /api/v1/credentials/crm-basic": {
        status: 201,
        body: { name: "crm-basic", type: "basic", version: 1, fields: { username: "svc" }, createdAt: "2026-12-07T04:00:00Z", updatedAt: "2026-12-07T04:00:00Z" },
      },
    });
    renderApp("/credentials");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New credential" }));
    const form = screen.getByRole("form", { name: "New credential" });
    await user.type(within(form).getByLabelText("Name (required)"), "crm-basic");
    await user.selectOptions(within(form).getByLabelText("Type (required)"), "basic");
    await user.type(within(form).getByLabelText("username (required)"), "svc");
    const password = within(form).getByLabelText("password (required)") as HTMLInputElement;
    expect(password.type).toBe("password");
    expect(password.autocomplete).toBe("new-password");
    await user.type(password, SECRET);
    await user.type(within(form).getByLabelText("systems"), "crm");
    await user.click(within(form).getByRole("button", { name: "Create" }));

    await screen.findByText("Created credential crm-basic (basic).");
    expect(http.seen.find((r) => r.method === "PUT")?.body).toEqual({ type: "basic", username: "svc", password: SECRET, systems: "crm" });
    expect(screen.queryByRole("form", { name: "New credential" })).toBeNull();
    secretNowhere();
  }, 20_000);

  it("names what is missing before sending, and shows the API's refusal in its words", async () => {
    const http = server(EDITOR, {
      "PUT /api/v1/credentials/k": {
        status: 400,
        body: { error: "credential.invalid", message: "apiKey credential: name is not a valid header name", details: [] },
      },
    });
    renderApp("/credentials");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New credential" }));
    const form = screen.getByRole("form", { name: "New credential" });
    await user.type(within(form).getByLabelText("Name (required)"), "erp-basic");
    await user.selectOptions(within(form).getByLabelText("Type (required)"), "apiKey");
    await user.click(within(form).getByRole("button", { name: "Create" }));
    const alert = await within(form).findByRole("alert");
    expect(alert.textContent).toContain("a credential erp-basic exists already");
    expect(alert.textContent).toContain("in is required: fill it in.");
    expect(alert.textContent).toContain("value is required: fill it in.");
    expect(http.seen.some((r) => r.method === "PUT")).toBe(false);

    await user.clear(within(form).getByLabelText("Name (required)"));
    await user.type(within(form).getByLabelText("Name (required)"), "k");
    await user.selectOptions(within(form).getByLabelText("in (required)"), "header");
    await user.type(within(form).getByLabelText("name (required)"), "X Key");
    await user.type(within(form).getByLabelText("value (required)"), SECRET);
    await user.click(within(form).getByRole("button", { name: "Create" }));
    expect((await screen.findByText("apiKey credential: name is not a valid header name")).closest("[role=alert]")?.textContent).toContain(
      "credential.invalid",
    );
    // Still in the form to be mended, but never shown as text.
    expect(document.body.textContent).not.toContain(SECRET);
  }, 20_000);

  it("replaces a credential starting from its non-secret fields, every secret written again", async () => {
    const http = server(EDITOR, {
      "PUT /api/v1/credentials/erp-basic": { status: 200, body: { ...CREDENTIALS[1], version: 4 } },
    });
    renderApp("/credentials");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Replace erp-basic" }));
    const form = screen.getByRole("form", { name: "Replace credential erp-basic" });
    expect((within(form).getByLabelText("username (required)") as HTMLInputElement).value).toBe("svc");
    expect((within(form).getByLabelText("systems") as HTMLInputElement).value).toBe("erp,erp-test");
    expect((within(form).getByLabelText("password (required)") as HTMLInputElement).value).toBe("");
    await user.type(within(form).getByLabelText("password (required)"), SECRET);
    await user.click(within(form).getByRole("button", { name: "Replace" }));

    await screen.findByText("Replaced credential erp-basic: it is at version 4 now.");
    expect(http.seen.find((r) => r.method === "PUT")?.body).toEqual({ type: "basic", username: "svc", password: SECRET, systems: "erp,erp-test" });
    secretNowhere();
  }, 20_000);

  it("deletes a credential after a confirmation", async () => {
    let deleted = false;
    const http = server(EDITOR, {
      "GET /api/v1/credentials": () => ({ status: 200, body: { credentials: deleted ? CREDENTIALS.slice(1) : CREDENTIALS } }),
      "DELETE /api/v1/credentials/crm-token": () => {
        deleted = true;
        return { status: 204 };
      },
    });
    renderApp("/credentials");
    const user = userEvent.setup();
    const row = (await screen.findByText("crm-token")).closest("tr")!;
    await user.click(within(row).getByRole("button", { name: "Delete" }));
    expect(http.seen.some((r) => r.method === "DELETE")).toBe(false);
    await user.click(within(row).getByRole("button", { name: "Delete it" }));
    await screen.findByText("Deleted credential crm-token.");
    await waitFor(() => expect(screen.queryByText("crm-token")).toBeNull());
  }, 20_000);

  it("starts an OAuth 2.0 connection by consent and gives the consent page to open", async () => {
    const http = server(EDITOR, {
      "POST /api/v1/credentials/hubspot/oauth2/authorize": {
        status: 200,
        body: {
          authorizeUrl: "https://app.hubspot.com/oauth/authorize?client_id=app&state=s1",
          redirectUri: "http://localhost:8080/oauth2/callback",
          expiresAt: "2026-12-07T04:10:00Z",
        },
      },
    });
    renderApp("/credentials");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Connect OAuth 2.0 by consent" }));
    const form = screen.getByRole("form", { name: "Connect an OAuth 2.0 credential" });
    await user.type(within(form).getByLabelText("Credential name (required)"), "hubspot");
    await user.type(within(form).getByLabelText("authorizationUrl (required)"), "https://app.hubspot.com/oauth/authorize");
    await user.type(within(form).getByLabelText("tokenUrl (required)"), "https://api.hubapi.com/oauth/v1/token");
    await user.type(within(form).getByLabelText("clientId (required)"), "app");
    const secret = within(form).getByLabelText("clientSecret") as HTMLInputElement;
    expect(secret.type).toBe("password");
    await user.type(secret, SECRET);
    await user.type(within(form).getByLabelText(/parameters/), '{{"access_type": "offline"}');
    await user.click(within(form).getByRole("button", { name: "Start" }));

    const link = await screen.findByRole("link", { name: "Open the provider's consent page" });
    expect(link.getAttribute("href")).toBe("https://app.hubspot.com/oauth/authorize?client_id=app&state=s1");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(http.seen.find((r) => r.method === "POST")?.body).toEqual({
      authorizationUrl: "https://app.hubspot.com/oauth/authorize",
      tokenUrl: "https://api.hubapi.com/oauth/v1/token",
      clientId: "app",
      clientSecret: SECRET,
      parameters: { access_type: "offline" },
    });
    secretNowhere();
  }, 20_000);

  it("connects an oauth2RefreshToken credential again, starting from its token endpoint and client", async () => {
    const refresh = {
      name: "hubspot",
      type: "oauth2RefreshToken",
      version: 2,
      fields: { tokenUrl: "https://api.hubapi.com/oauth/v1/token", clientId: "app", systems: "hubspot" },
      createdAt: "2026-12-01T10:00:00Z",
      updatedAt: "2026-12-02T10:00:00Z",
    };
    const http = server(EDITOR, {
      "GET /api/v1/credentials": { status: 200, body: { credentials: [...CREDENTIALS, refresh] } },
      "POST /api/v1/credentials/hubspot/oauth2/authorize": {
        status: 200,
        body: { authorizeUrl: "https://app.hubspot.com/oauth/authorize?state=s2", redirectUri: "http://localhost:8080/oauth2/callback", expiresAt: "2026-12-07T04:10:00Z" },
      },
    });
    renderApp("/credentials");
    const user = userEvent.setup();
    // Only the credential of the type a consent gives out.
    expect((await screen.findAllByRole("button", { name: /again by consent/ })).map((b) => b.getAttribute("aria-label"))).toEqual([
      "Connect hubspot again by consent",
    ]);
    await user.click(screen.getByRole("button", { name: "Connect hubspot again by consent" }));
    const form = screen.getByRole("form", { name: "Connect an OAuth 2.0 credential" });
    expect((within(form).getByLabelText("tokenUrl (required)") as HTMLInputElement).value).toBe("https://api.hubapi.com/oauth/v1/token");
    await user.type(within(form).getByLabelText("authorizationUrl (required)"), "https://app.hubspot.com/oauth/authorize");
    await user.click(within(form).getByRole("button", { name: "Start" }));

    await screen.findByRole("link", { name: "Open the provider's consent page" });
    expect(http.seen.find((r) => r.method === "POST")?.body).toEqual({
      authorizationUrl: "https://app.hubspot.com/oauth/authorize",
      tokenUrl: "https://api.hubapi.com/oauth/v1/token",
      clientId: "app",
      systems: "hubspot",
    });
  }, 20_000);
});
