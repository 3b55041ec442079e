import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeHttp, VIEWER } from "../../test/http";
import { renderApp } from "../../test/render";
import { PERMISSIONS, namespaceRoles } from "./access";

const ADMIN = {
  ...VIEWER,
  actor: "api-key:kadmin",
  role: "admin",
  login: undefined,
  kind: "api-key",
  tenant: "acme",
  permissions: PERMISSIONS.filter((p) => !p.startsWith("tenants.")),
};
const PLATFORM = { ...ADMIN, tenant: "default", role: "platform-admin", permissions: [...PERMISSIONS] };

const ENTRY = {
  seq: 42,
  tenant: "acme",
  at: "2026-12-01T10:00:00Z",
  actor: "api-key:kadmin",
  action: "rotateWebhookSecret",
  resource: "/api/v1/webhooks/endpoints/ep_1/rotate-secret",
  outcome: "success",
  status: 0,
  clientAddress: "127.0.0.1",
  userAgent: "test",
  before: "aa11",
  after: "bb22",
  previousHash: "prev0",
  hash: "hash42",
};

describe("the audit log", () => {
  it("filters through the address, pages by cursor and opens an entry's every field", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/audit": (req) => ({
        status: 200,
        body: req.query.get("cursor") ? { items: [{ ...ENTRY, seq: 41 }], next: null } : { items: [ENTRY], next: "n1" },
      }),
    });
    renderApp("/audit?action=rotateWebhookSecret");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "42" }));
    const detail = screen.getByRole("region", { name: "Audit entry 42" });
    expect(detail.textContent).toContain("hash42");
    expect(detail.textContent).toContain("committed with the change");
    expect(document.activeElement).toBe(detail);
    expect(http.seen.find((r) => r.path === "/api/v1/audit")?.query.get("action")).toBe("rotateWebhookSecret");

    await user.type(screen.getByLabelText("Actor"), "api-key:kadmin");
    await user.selectOptions(screen.getByLabelText("Outcome"), "failure");
    await user.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() => expect(http.seen.at(-1)?.query.get("outcome")).toBe("failure"));
    expect(http.seen.at(-1)?.query.get("actor")).toBe("api-key:kadmin");

    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByRole("button", { name: "41" })).toBeTruthy();
    expect(http.seen.at(-1)?.query.get("cursor")).toBe("n1");
  });

  it("links the export of a range and shows its report", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/audit": { status: 200, body: { items: [], next: null } },
      "GET /api/v1/audit/report": {
        status: 200,
        body: { entries: 7, failures: 2, byAction: { login: 5, deleteUser: 2 }, byActor: { "user:u1": 7 }, failedLoginBursts: [], massDeletions: [] },
      },
    });
    renderApp("/audit");
    const user = userEvent.setup();

    const from = await screen.findByLabelText("From (required)");
    await user.clear(from);
    await user.type(from, "7d");
    await user.click(screen.getByRole("button", { name: "Report" }));

    expect(await screen.findByText("deleteUser")).toBeTruthy();
    expect(screen.getByText("entries,", { exact: false }).textContent).toContain("7 entries, 2 failures");
    expect(http.seen.at(-1)?.query.get("from")).toBe("7d");
  });

  it("exports a range as a file fetched with the session, and shows a refusal instead of saving it", async () => {
    const NDJSON = '{"seq":1}\n{"seq":2}\n';
    const asked: URLSearchParams[] = [];
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/audit": { status: 200, body: { items: [], next: null } },
    });
    // The export answers JSON lines (a refusal is the API's JSON error body).
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const url = new URL(request.url);
      if (url.pathname !== "/api/v1/audit/export") return http.fetch(input, init);
      asked.push(url.searchParams);
      return url.searchParams.get("from") === "yesterday"
        ? new Response(JSON.stringify({ error: "query.invalid", message: "from: not an instant or a duration", details: [] }), {
            status: 400,
            headers: { "Content-Type": "application/json" },
          })
        : new Response(NDJSON, { status: 200, headers: { "Content-Type": "application/x-ndjson" } });
    });
    const saved: Blob[] = [];
    const downloads: string[] = [];
    URL.createObjectURL = (b: Blob) => {
      saved.push(b);
      return "blob:audit";
    };
    URL.revokeObjectURL = () => {};
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`);
    });
    try {
      renderApp("/audit");
      const user = userEvent.setup();
      const from = await screen.findByLabelText("From (required)");

      await user.clear(from);
      await user.type(from, "yesterday");
      await user.click(screen.getByRole("button", { name: "Export (JSON lines)" }));
      const alert = await screen.findByRole("alert");
      expect(alert.textContent).toContain("from: not an instant or a duration");
      expect(saved).toHaveLength(0);
      expect(downloads).toHaveLength(0);

      await user.clear(from);
      await user.type(from, "7d");
      await user.click(screen.getByRole("button", { name: "Export (JSON lines)" }));
      expect(await screen.findByText(`The export (${NDJSON.length} bytes) was saved as audit.jsonl.`)).toBeTruthy();
      expect(await saved[0]!.text()).toBe(NDJSON);
      expect(downloads).toEqual(["audit.jsonl blob:audit"]);
      expect(asked.at(-1)?.get("from")).toBe("7d");
    } finally {
      click.mockRestore();
      delete (URL as { createObjectURL?: unknown }).createObjectURL;
      delete (URL as { revokeObjectURL?: unknown }).revokeObjectURL;
    }
  });

  it("shows the API's refusal in its own words", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/audit": { status: 400, body: { error: "query.invalid", message: "since: not an instant or a duration", details: [] } },
    });
    renderApp("/audit?since=yesterday");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("since: not an instant or a duration");
  });
});

const USER = {
  id: "u7",
  tenant: "acme",
  login: "ann",
  role: "viewer",
  namespaces: [],
  namespaceRoles: {},
  signIn: "password",
  createdAt: "2026-12-01T10:00:00Z",
  lastLoginAt: null,
};
const ROLES = {
  roles: [
    { name: "viewer", builtIn: true, permissions: ["flows.read"] },
    { name: "operator", builtIn: true, permissions: ["flows.read", "executions.start"] },
    { name: "auditor", builtIn: false, description: "reads the log", permissions: ["audit.read"] },
  ],
};

describe("users", () => {
  it("adds a user with a role and roles in namespaces, and never keeps the password", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "GET /api/v1/tenants/acme/users": { status: 200, body: { users: [] } },
      "POST /api/v1/tenants/acme/users": { status: 201, body: USER },
    });
    renderApp("/admin");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New user" }));
    await user.type(screen.getByLabelText("Login"), "ann");
    await user.type(screen.getByLabelText(/^Password/), "short");
    await user.selectOptions(screen.getByLabelText("Role"), "viewer");
    await user.type(screen.getByLabelText(/^Roles in namespaces/), "finance: operator");
    await user.click(screen.getByRole("button", { name: "Add the user" }));
    expect(screen.getByRole("alert").textContent).toContain("at least 12 characters");

    await user.type(screen.getByLabelText(/^Password/), "-long-enough");
    await user.click(screen.getByRole("button", { name: "Add the user" }));

    expect(await screen.findByText("The user ann was added to tenant acme.")).toBeTruthy();
    expect(http.seen.find((r) => r.method === "POST")?.body).toEqual({
      login: "ann",
      password: "short-long-enough",
      role: "viewer",
      namespaces: [],
      namespaceRoles: { finance: "operator" },
    });
    expect(document.body.innerHTML).not.toContain("short-long-enough");
  });

  it("changes a user's role and removes a user after a confirmation", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "GET /api/v1/tenants/acme/users": { status: 200, body: { users: [USER] } },
      "PATCH /api/v1/tenants/acme/users/u7": { status: 200, body: { ...USER, role: "operator" } },
      "DELETE /api/v1/tenants/acme/users/u7": { status: 204 },
    });
    renderApp("/admin/users");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Change ann" }));
    await user.selectOptions(screen.getByLabelText("Role"), "operator");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The user ann was changed.")).toBeTruthy();
    expect(http.seen.find((r) => r.method === "PATCH")?.body).toEqual({ role: "operator", namespaces: [], namespaceRoles: {} });

    await user.click(screen.getByRole("button", { name: "Remove" }));
    await user.click(screen.getByRole("button", { name: "Yes, remove" }));
    expect(await screen.findByText("The user ann was removed.")).toBeTruthy();
  });

  it("lets a platform administrator manage another tenant's users, the choice in the address", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: PLATFORM },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "GET /api/v1/tenants": {
        status: 200,
        body: {
          tenants: [
            { id: "default", name: "default", status: "active", createdAt: "", updatedAt: "" },
            { id: "beta", name: "Beta Corp", status: "active", createdAt: "", updatedAt: "" },
          ],
        },
      },
      "GET /api/v1/tenants/default/users": { status: 200, body: { users: [] } },
      "GET /api/v1/tenants/beta/users": { status: 200, body: { users: [{ ...USER, tenant: "beta", login: "bea" }] } },
    });
    renderApp("/admin/users");
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByLabelText("Tenant managed here"), "beta");

    expect(await screen.findByText("bea")).toBeTruthy();
    expect(http.seen.some((r) => r.path === "/api/v1/tenants/beta/users")).toBe(true);
    expect(screen.getByRole("link", { name: "API keys" }).getAttribute("href")).toBe("/admin/keys?tenant=beta");
  });
});

describe("users: the form and the rows", () => {
  const BOB = { ...USER, id: "u8", login: "bob", role: "editor" };

  it("hides every row's buttons while a form is open, and opens a user's own values each time", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "GET /api/v1/tenants/acme/users": { status: 200, body: { users: [USER, BOB] } },
      "PATCH /api/v1/tenants/acme/users/u8": { status: 200, body: BOB },
    });
    renderApp("/admin/users");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New user" }));
    expect(screen.queryByRole("button", { name: "Change bob" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Remove" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    await user.click(screen.getByRole("button", { name: "Change ann" }));
    await user.selectOptions(screen.getByLabelText("Role"), "operator");
    await user.type(screen.getByLabelText(/^New password/), "anns-new-password");
    expect(screen.queryByRole("button", { name: "Change bob" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    await user.click(screen.getByRole("button", { name: "Change bob" }));
    expect((screen.getByLabelText(/^New password/) as HTMLInputElement).value).toBe("");
    await user.selectOptions(screen.getByLabelText("Role"), "viewer");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The user bob was changed.")).toBeTruthy();
    expect(http.seen.find((r) => r.method === "PATCH")?.body).toEqual({ role: "viewer", namespaces: [], namespaceRoles: {} });
  });

  for (const page of [
    { path: "/admin/users", list: "users", field: "users", row: (login: string) => ({ ...USER, login }) },
    { path: "/admin/keys", list: "api-keys", field: "apiKeys", row: (login: string) => ({ ...USER, name: login, createdAt: "", expiresAt: null, lastUsedAt: null, createdBy: null }) },
  ]) {
    it(`${page.path}: drops an answer for the tenant managed before, arriving after the new tenant's`, async () => {
      let release: () => void = () => {};
      const held = new Promise<void>((r) => (release = r));
      const http = fakeHttp({
        "GET /api/v1/auth/session": { status: 200, body: PLATFORM },
        "GET /api/v1/roles": { status: 200, body: ROLES },
        "GET /api/v1/tenants": {
          status: 200,
          body: {
            tenants: [
              { id: "default", name: "default", status: "active", createdAt: "", updatedAt: "" },
              { id: "beta", name: "Beta Corp", status: "active", createdAt: "", updatedAt: "" },
            ],
          },
        },
        [`GET /api/v1/tenants/default/${page.list}`]: { status: 200, body: { [page.field]: [page.row("dora-of-default")] } },
        [`GET /api/v1/tenants/beta/${page.list}`]: { status: 200, body: { [page.field]: [page.row("bea-of-beta")] } },
      });
      // The default tenant's list answers only after beta's.
      vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = input instanceof Request ? input : new Request(input, init);
        if (new URL(request.url).pathname === `/api/v1/tenants/default/${page.list}`) await held;
        return http.fetch(input, init);
      });
      renderApp(page.path);
      const user = userEvent.setup();

      await user.selectOptions(await screen.findByLabelText("Tenant managed here"), "beta");
      expect(await screen.findByText("bea-of-beta")).toBeTruthy();
      release();
      await waitFor(() => expect(http.seen.some((r) => r.path === `/api/v1/tenants/default/${page.list}`)).toBe(true));
      await new Promise<void>((r) => queueMicrotask(r));
      await waitFor(() => expect(screen.getByText("bea-of-beta")).toBeTruthy());
      expect(screen.queryByText("dora-of-default")).toBeNull();
    });
  }
});

describe("the tenant managed", () => {
  it("is the caller's own for a tenant administrator, whatever ?tenant= says", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "GET /api/v1/tenants/acme/users": { status: 200, body: { users: [USER] } },
      "GET /api/v1/tenants/beta/users": { status: 403, body: { error: "auth.forbidden", message: "not your tenant", details: [] } },
    });
    renderApp("/admin/users?tenant=beta");

    expect(await screen.findByText("ann")).toBeTruthy();
    expect(http.seen.some((r) => r.path.startsWith("/api/v1/tenants/beta"))).toBe(false);
    expect(screen.getByRole("link", { name: "API keys" }).getAttribute("href")).toBe("/admin/keys");
  });

  it("has its roles typed, with a note, when a platform administrator manages another tenant", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: PLATFORM },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "GET /api/v1/tenants": { status: 200, body: { tenants: [] } },
      "GET /api/v1/tenants/beta/users": { status: 200, body: { users: [] } },
    });
    renderApp("/admin/users?tenant=beta");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New user" }));
    const role = screen.getByLabelText("Role");
    expect(role.tagName).toBe("INPUT");
    expect(screen.getByText(/lists only your own tenant's roles/).textContent).toContain("beta");
    expect(screen.getByRole("link", { name: "Roles (of your own tenant)" })).toBeTruthy();
  });
});

describe("roles", () => {
  it("hides the other roles' buttons while a role is edited, and opens each role's own values", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": {
        status: 200,
        body: { roles: [...ROLES.roles, { name: "deployer", builtIn: false, permissions: ["flows.write"] }] },
      },
    });
    renderApp("/admin/roles");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Edit auditor" }));
    expect((screen.getByLabelText("audit.read") as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole("button", { name: "Edit deployer" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    await user.click(screen.getByRole("button", { name: "Edit deployer" }));
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("deployer");
    expect((screen.getByLabelText("audit.read") as HTMLInputElement).checked).toBe(false);
  });

  it("creates a role from the permissions the caller holds, never a platform one", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "PUT /api/v1/roles/reader": { status: 201, body: { name: "reader", builtIn: false, permissions: ["flows.read", "audit.read"] } },
    });
    renderApp("/admin/roles");
    const user = userEvent.setup();

    expect(within(await screen.findByRole("article", { name: /viewer/ })).queryByRole("button")).toBeNull();
    await user.click(screen.getByRole("button", { name: "New role" }));
    expect(screen.queryByLabelText("tenants.write")).toBeNull();
    await user.type(screen.getByLabelText("Name"), "reader");
    await user.click(screen.getByLabelText("audit.read"));
    await user.click(screen.getByLabelText("flows.read"));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("The role reader was saved.")).toBeTruthy();
    expect(http.seen.find((r) => r.method === "PUT")?.body).toEqual({ permissions: ["flows.read", "audit.read"] });
  });

  it("shows the API's refusal to delete a role still held", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "DELETE /api/v1/roles/auditor": { status: 409, body: { error: "role.in_use", message: "role auditor is held by 2 keys", details: [] } },
    });
    renderApp("/admin/roles");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await user.click(screen.getByRole("button", { name: "Yes, delete" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("role auditor is held by 2 keys");
    expect(alert.textContent).toContain("role.in_use");
  });
});

describe("API keys", () => {
  const KEY = {
    id: "k1",
    tenant: "acme",
    name: "ci deploy",
    role: "editor",
    namespaces: [],
    namespaceRoles: {},
    createdAt: "2026-12-01T10:00:00Z",
    expiresAt: null,
    lastUsedAt: "2026-12-02T10:00:00Z",
    createdBy: "api-key:kadmin",
  };
  const SECRET_KEY = "weft_" + "A".repeat(43);

  it("creates a key and shows it once, kept nowhere, then revokes one after a confirmation", async () => {
    const http = fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "GET /api/v1/tenants/acme/api-keys": { status: 200, body: { apiKeys: [KEY] } },
      "POST /api/v1/tenants/acme/api-keys": { status: 201, body: { ...KEY, id: "k2", name: "bot", key: SECRET_KEY } },
      "DELETE /api/v1/tenants/acme/api-keys/k1": { status: 204 },
    });
    renderApp("/admin/keys");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "New key" }));
    await user.type(screen.getByLabelText(/^Name \(/), "bot");
    await user.selectOptions(screen.getByLabelText("Role"), "operator");
    await user.click(screen.getByRole("button", { name: "Create the key" }));

    const shown = await screen.findByRole("region", { name: "The key bot" });
    expect((within(shown).getByRole("textbox") as HTMLInputElement).value).toBe(SECRET_KEY);
    expect(http.seen.find((r) => r.method === "POST")?.body).toEqual({ name: "bot", role: "operator" });
    expect(localStorage.length + sessionStorage.length).toBe(0);
    await user.click(within(shown).getByRole("button", { name: /hide it/ }));
    expect(document.body.innerHTML).not.toContain(SECRET_KEY);

    await user.click(screen.getByRole("button", { name: "Revoke" }));
    await user.click(screen.getByRole("button", { name: "Yes, revoke" }));
    expect(await screen.findByText("The key ci deploy was revoked.")).toBeTruthy();
    expect(http.seen.some((r) => r.method === "DELETE" && r.path.endsWith("/k1"))).toBe(true);
  });

  it("puts the focus on the page's heading when the secret is hidden and when a revoked key's row goes", async () => {
    let revoked = false;
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: ADMIN },
      "GET /api/v1/roles": { status: 200, body: ROLES },
      "GET /api/v1/tenants/acme/api-keys": () => ({ status: 200, body: { apiKeys: revoked ? [] : [KEY] } }),
      "POST /api/v1/tenants/acme/api-keys": { status: 201, body: { ...KEY, id: "k2", name: "bot", key: SECRET_KEY } },
      "DELETE /api/v1/tenants/acme/api-keys/k1": () => {
        revoked = true;
        return { status: 204 };
      },
    });
    renderApp("/admin/keys");
    const user = userEvent.setup();
    const heading = await screen.findByRole("heading", { name: "API keys", level: 1 });

    await user.click(await screen.findByRole("button", { name: "New key" }));
    await user.type(screen.getByLabelText(/^Name \(/), "bot");
    await user.selectOptions(screen.getByLabelText("Role"), "operator");
    await user.click(screen.getByRole("button", { name: "Create the key" }));
    const shown = await screen.findByRole("region", { name: "The key bot" });
    await user.click(within(shown).getByRole("button", { name: /hide it/ }));
    await waitFor(() => expect(document.activeElement).toBe(heading));

    await user.click(await screen.findByRole("button", { name: "Revoke" }));
    await user.click(screen.getByRole("button", { name: "Yes, revoke" }));
    expect(await screen.findByText("No keys in this tenant.")).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute("tabindex")).toBe("-1");
  });
});

describe("what a viewer sees", () => {
  it("no link to the audit log or to users and keys, and no action on those pages", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: VIEWER },
      "GET /api/v1/executions": { status: 200, body: { executions: [], nextCursor: null } },
    });
    renderApp("/");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Audit log" })).toBeNull();
    expect(within(nav).queryByRole("link", { name: "Users and keys" })).toBeNull();
  });

  it("a reader of users gets the list without buttons", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: { ...VIEWER, tenant: "acme", permissions: [...VIEWER.permissions, "users.read"] } },
      "GET /api/v1/tenants/acme/users": { status: 200, body: { users: [USER] } },
    });
    renderApp("/admin");
    expect(await screen.findByText("ann")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "New user" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Change ann" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Remove" })).toBeNull();
  });
});

describe("roles in namespaces", () => {
  it("reads 'namespace: role' pairs and names the part that is not one", () => {
    expect(namespaceRoles("finance: editor, hr:viewer")).toEqual({ ok: true, value: { finance: "editor", hr: "viewer" } });
    expect(namespaceRoles("")).toEqual({ ok: true, value: {} });
    expect(namespaceRoles("finance editor")).toMatchObject({ ok: false, message: expect.stringContaining('"finance editor"') });
  });
});
