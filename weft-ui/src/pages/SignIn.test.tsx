import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { api, unwrap } from "../api/client";
import { fakeHttp, OPERATOR, type Seen } from "../test/http";
import { renderApp } from "../test/render";

const NOBODY = { status: 401, body: { error: "auth.required", message: "sign in first", details: [] } };

/** The session answers 401 until a sign-in succeeded, then the operator. */
function server(loginAnswer: (req: Seen) => { status: number; body?: unknown }) {
  let signedIn = false;
  return fakeHttp({
    "GET /api/v1/auth/session": () => (signedIn ? { status: 200, body: OPERATOR } : NOBODY),
    "POST /api/v1/auth/login": (req) => {
      const answer = loginAnswer(req);
      signedIn = answer.status === 200;
      return answer;
    },
    "GET /api/v1/executions": { status: 200, body: { executions: [], nextCursor: null } },
    "POST /api/v1/auth/logout": { status: 204 },
  });
}

const SIGNED_IN = { status: 200, body: { tenant: "acme", csrfToken: "csrf-1", expiresAt: "2026-12-08T00:00:00Z" } };

describe("the sign-in form", () => {
  it("signs in with a login and password, then asks who is signed in, and keeps the CSRF token", async () => {
    const http = server(() => SIGNED_IN);
    renderApp("/");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText(/Tenant/), "acme");
    await user.type(screen.getByLabelText("Login"), "otto");
    await user.type(screen.getByLabelText("Password"), "s3cret-pass");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Executions" })).toBeTruthy();
    const login = http.seen.find((r) => r.path === "/api/v1/auth/login");
    expect(login?.body).toEqual({ tenant: "acme", login: "otto", password: "s3cret-pass" });
    const afterLogin = http.seen.slice(http.seen.indexOf(login!) + 1);
    expect(afterLogin[0]?.path).toBe("/api/v1/auth/session");
    expect(screen.getByText("otto")).toBeTruthy();
    expect(screen.getByTitle("The tenant this session acts in").textContent).toBe("tenant default");
    expect(document.body.textContent).not.toContain("csrf-1");
    expect(localStorage.length + sessionStorage.length).toBe(0);

    await unwrap(api.POST("/api/v1/auth/logout"));
    expect(http.seen.at(-1)?.headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("leaves the tenant out when none is given", async () => {
    const http = server(() => SIGNED_IN);
    renderApp("/");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Login"), "otto");
    await user.type(screen.getByLabelText("Password"), "pw");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    await screen.findByRole("heading", { name: "Executions" });
    expect(http.seen.find((r) => r.path === "/api/v1/auth/login")?.body).toEqual({ login: "otto", password: "pw" });
  });

  it("signs in with an API key and clears the key's field", async () => {
    const http = server(() => SIGNED_IN);
    renderApp("/");
    const user = userEvent.setup();

    await user.click(await screen.findByLabelText("API key", { selector: "input[type=radio]" }));
    await user.type(screen.getByLabelText("API key", { selector: "input[name=apiKey]" }), "weft_abc");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    await screen.findByRole("heading", { name: "Executions" });
    expect(http.seen.find((r) => r.path === "/api/v1/auth/login")?.body).toEqual({ apiKey: "weft_abc" });
    expect(document.body.innerHTML).not.toContain("weft_abc");
  });

  it("shows the API's own message and code when the sign-in is refused, and clears the password", async () => {
    server(() => ({
      status: 401,
      body: { error: "login.failed", message: "the tenant, login or password is wrong", details: [] },
    }));
    renderApp("/");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Login"), "otto");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("the tenant, login or password is wrong");
    expect(alert.textContent).toContain("login.failed");
    await waitFor(() => expect((screen.getByLabelText("Password") as HTMLInputElement).value).toBe(""));
    expect((screen.getByLabelText("Login") as HTMLInputElement).value).toBe("otto");
  });

  it("signs out through the API and comes back to the form", async () => {
    const http = server(() => SIGNED_IN);
    renderApp("/");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Login"), "otto");
    await user.type(screen.getByLabelText("Password"), "pw");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    await user.click(await screen.findByRole("button", { name: "Sign out" }));

    expect(await screen.findByRole("heading", { name: "Sign in to Weft" })).toBeTruthy();
    const logout = http.seen.find((r) => r.path === "/api/v1/auth/logout");
    expect(logout?.headers.get("X-CSRF-Token")).toBe("csrf-1");
  });

  it("offers single sign-on when the server says it is configured, and not otherwise", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": NOBODY,
      "GET /api/v1/auth/methods": { status: 200, body: { password: true, apiKey: true, oidc: true, oidcLoginPath: "/auth/oidc/login" } },
    });
    renderApp("/");
    const sso = await screen.findByRole("link", { name: "Sign in with single sign-on" });
    expect(sso.getAttribute("href")).toMatch(/^\/auth\/oidc\/login/);
  });

  it("shows no single sign-on when the server has none", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": NOBODY,
      "GET /api/v1/auth/methods": { status: 200, body: { password: true, apiKey: true, oidc: false } },
    });
    renderApp("/");
    await screen.findByLabelText("Login");
    await waitFor(() => expect(http.seen.some((r) => r.path === "/api/v1/auth/methods")).toBe(true));
    expect(screen.queryByRole("link", { name: "Sign in with single sign-on" })).toBeNull();
  });

  it("fills the tenant in from the address, for a person with users in several tenants", async () => {
    const http = server(() => SIGNED_IN);
    window.history.pushState({}, "", "/?tenant=beta");
    try {
      renderApp("/");
      const user = userEvent.setup();
      expect(((await screen.findByLabelText(/Tenant/)) as HTMLInputElement).value).toBe("beta");
      await user.type(screen.getByLabelText("Login"), "otto");
      await user.type(screen.getByLabelText("Password"), "pw");
      await user.click(screen.getByRole("button", { name: "Sign in" }));
      await screen.findByRole("heading", { name: "Executions" });
      expect(http.seen.find((r) => r.path === "/api/v1/auth/login")?.body).toEqual({ tenant: "beta", login: "otto", password: "pw" });
    } finally {
      window.history.pushState({}, "", "/");
    }
  });
});
