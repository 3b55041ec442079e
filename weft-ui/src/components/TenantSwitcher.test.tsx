import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeHttp, VIEWER } from "../test/http";
import { renderApp } from "../test/render";
import { browserPage } from "./TenantSwitcher";

const TENANTS = [
  { id: "default", name: "default", status: "active" },
  { id: "beta", name: "Beta", status: "active" },
  { id: "old", name: "Old", status: "suspended" },
];
const PLATFORM = { ...VIEWER, actor: "api-key:kp", role: "platform-admin", kind: "api-key", switchTenants: true, tenants: TENANTS };
const LIST = { status: 200, body: { executions: [], nextCursor: null } };

describe("the tenant switcher", () => {
  it("shows everyone else the tenant they act in, without a choice", async () => {
    fakeHttp({ "GET /api/v1/auth/session": { status: 200, body: VIEWER }, "GET /api/v1/executions": LIST });
    renderApp("/");
    expect((await screen.findByTitle("The tenant this session acts in")).textContent).toBe("tenant default");
    expect(screen.queryByLabelText("Tenant this session acts in")).toBeNull();
  });

  it("moves a platform administrator's session to another tenant and starts the app again", async () => {
    const open = vi.spyOn(browserPage, "open").mockImplementation(() => {});
    let tenant = "default";
    const http = fakeHttp({
      "GET /api/v1/auth/session": () => ({ status: 200, body: { ...PLATFORM, tenant } }),
      "GET /api/v1/executions": LIST,
      "POST /api/v1/auth/tenant": (req) => {
        tenant = (req.body as { tenant: string }).tenant;
        return { status: 200, body: { tenant, actor: "api-key:kp", role: "admin", csrfToken: "csrf-2", expiresAt: "2026-12-08T00:00:00Z" } };
      },
    });
    renderApp("/");
    const user = userEvent.setup();

    const select = (await screen.findByLabelText("Tenant this session acts in")) as HTMLSelectElement;
    expect(select.value).toBe("default");
    expect((screen.getByRole("option", { name: "tenant old (suspended)" }) as HTMLOptionElement).disabled).toBe(true);
    await user.selectOptions(select, "beta");

    await waitFor(() => expect(open).toHaveBeenCalledWith("/"));
    expect(http.seen.find((r) => r.method === "POST")?.body).toEqual({ tenant: "beta" });
    open.mockRestore();
  });

  it("says why in the API's words when the switch is refused", async () => {
    fakeHttp({
      "GET /api/v1/auth/session": { status: 200, body: PLATFORM },
      "GET /api/v1/executions": LIST,
      "POST /api/v1/auth/tenant": { status: 403, body: { error: "tenant.suspended", message: "tenant beta is suspended", details: [] } },
    });
    renderApp("/");
    const user = userEvent.setup();

    await user.selectOptions(await screen.findByLabelText("Tenant this session acts in"), "beta");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("tenant beta is suspended");
  });
});
