import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeHttp, VIEWER } from "../test/http";
import { renderApp } from "../test/render";

function server() {
  return fakeHttp({
    "GET /api/v1/auth/session": { status: 200, body: VIEWER },
    "GET /api/v1/executions": { status: 200, body: { executions: [], nextCursor: null } },
    "GET /api/v1/flows": { status: 200, body: { flows: [] } },
  });
}

describe("the app's frame", () => {
  it("links the pages that exist and lists those to come without links", async () => {
    server();
    renderApp("/");
    const nav = await screen.findByRole("navigation", { name: "Main" });

    expect([...nav.querySelectorAll("a")].map((a) => a.textContent)).toEqual(["Dashboard", "Executions", "Flows"]);
    expect(nav.textContent).not.toContain("Webhooks");
    expect(screen.getByRole("link", { name: "Skip to content" }).getAttribute("href")).toBe("#main");
  });

  it("pins the other theme when toggled, and keeps only that choice in storage", async () => {
    server();
    renderApp("/");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: /Switch to the dark theme/ }));

    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(screen.getByRole("button", { name: /Switch to the light theme/ })).toBeTruthy();
    expect(Object.keys(localStorage)).toEqual(["weft.theme"]);
  });

  it("moves the focus to the new page's content when the page changes", async () => {
    server();
    renderApp("/executions");
    const user = userEvent.setup();
    await screen.findByRole("heading", { name: "Executions" });

    await user.click(screen.getByRole("link", { name: "Flows" }));

    await screen.findByRole("heading", { name: "Flows" });
    expect(document.activeElement?.id).toBe("main");
  });
});
