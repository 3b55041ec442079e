import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { VIEWER } from "../../test/http";
import { EDITOR, server, SOURCE, V2 } from "./editorFixture";
import { renderApp } from "../../test/render";

// CodeMirror is in the editor's shadow root (see YamlEditor).
const editorRoot = () => document.querySelector(".yaml-editor")?.shadowRoot;
const source = () => editorRoot()?.querySelector(".cm-content")?.textContent ?? "";

describe("the flow editor", () => {
  // The page is a lazy chunk (CodeMirror in it): loaded once before the tests, so that no test waits for it.
  beforeAll(async () => {
    await import("./FlowEditor");
  });

  it("draws the graph of the flow's YAML, and the graph's edits rewrite the YAML keeping its comment", async () => {
    server(EDITOR);
    renderApp("/flows/shop/orders/edit");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "check transform" }));
    expect(screen.getByRole("button", { name: "ship http.request" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "check transform" }).getAttribute("aria-pressed")).toBe("true");

    await user.selectOptions(screen.getByLabelText("Type of the new step"), "wait");
    await user.click(screen.getByRole("button", { name: "Add a step after" }));
    await screen.findByText("Added a wait step after check.");
    await screen.findByRole("button", { name: "wait wait" });
    expect(source()).toContain("id: wait");
    expect(source()).toContain("# shipping, step by step");

    await user.click(screen.getByRole("button", { name: "ship http.request" }));
    const id = screen.getByLabelText("Step id");
    await user.clear(id);
    await user.type(id, "dispatch");
    await user.click(screen.getByRole("button", { name: "Rename" }));
    await screen.findByRole("button", { name: "dispatch http.request" });
    expect(source()).toContain("id: dispatch");

    await user.click(screen.getByRole("button", { name: "Move up" }));
    await screen.findByText("Moved step dispatch up.");
    expect(source().indexOf("id: dispatch")).toBeLessThan(source().indexOf("id: wait"));

    await user.click(screen.getByRole("button", { name: "Remove step" }));
    await screen.findByText("Removed step dispatch.");
    expect(screen.queryByRole("button", { name: /^dispatch/ })).toBeNull();
  });

  it("edits a call step's with in the form made from its operation's input schema, keeping the step's flow style", async () => {
    server(EDITOR);
    renderApp("/flows/shop/orders/edit");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "ship http.request" }));
    const form = await screen.findByRole("form", { name: "with of step ship" });
    expect((within(form).getByLabelText("url (required)") as HTMLInputElement).value).toBe("https://carrier.example");
    await user.selectOptions(within(form).getByLabelText("method"), "PUT");
    const url = within(form).getByLabelText("url (required)");
    await user.clear(url);
    await user.click(within(form).getByRole("button", { name: "Apply with" }));
    expect((await within(form).findByRole("alert")).textContent).toContain("url");
    await user.type(url, "https://other.example");
    await user.click(within(form).getByRole("button", { name: "Apply with" }));
    await screen.findByText("Changed the with of step ship.");
    expect(source()).toMatch(/ {4}with: \{ method: PUT, url: "?https:\/\/other\.example"? \}/);
    expect(source()).toContain("# shipping, step by step");
  });

  it("offers JSON for a with holding an expression where the form wants a choice", async () => {
    server(EDITOR, {
      "GET /api/v1/flows/shop/orders": { status: 200, body: { ...V2, source: SOURCE.replace("method: POST", 'method: "{{ input.verb }}"') } },
    });
    renderApp("/flows/shop/orders/edit");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "ship http.request" }));
    expect(await screen.findByText(/holds values the form cannot show/)).toBeTruthy();
    expect((screen.getByLabelText("with (JSON)") as HTMLTextAreaElement).value).toContain("{{ input.verb }}");
  });

  it("shows the server validator's problems at their line, and a problem's button moves the cursor there", async () => {
    server(EDITOR, {
      "POST /api/v1/flows/validate": {
        status: 200,
        body: { valid: false, problems: [{ line: 9, column: 11, path: "/steps/1/type", message: "step 'ship': no operation http.nothing" }] },
      },
    });
    renderApp("/flows/shop/orders/edit");
    const user = userEvent.setup();
    const problems = await screen.findByRole("region", { name: "Problems" }, { timeout: 3000 });
    expect(problems.textContent).toContain("step 'ship': no operation http.nothing");
    await user.click(within(problems).getByRole("button", { name: "Line 9, column 11" }));
    await waitFor(() => expect(editorRoot()?.activeElement?.classList.contains("cm-content")).toBe(true));
  });

  it("deploys after showing the diff from the latest version, and confirms the new version", async () => {
    const http = server(EDITOR, {
      "PUT /api/v1/flows/shop/orders": { status: 201, body: { ...V2, version: 3, created: true } },
    });
    renderApp("/flows/shop/orders/edit");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "check transform" }));
    await user.click(screen.getByRole("button", { name: "Add a step after" }));
    await user.click(screen.getByRole("button", { name: "Deploy…" }));

    const diff = await screen.findByRole("figure");
    expect(diff.textContent).toContain("version 2 and the editor's text: 3 lines added, 0 removed");
    expect(diff.textContent).toMatch(/8 \+ {3}- id: transform/);
    expect(http.seen.some((r) => r.method === "PUT")).toBe(false);

    await user.click(screen.getByRole("button", { name: "Deploy these changes" }));
    await screen.findByText("Deployed shop/orders as version 3.");
    const put = http.seen.find((r) => r.method === "PUT")!;
    expect(put.headers.get("Content-Type")).toBe("application/yaml");
  });

  it("shows a refused deploy in the API's own words", async () => {
    server(EDITOR, {
      "PUT /api/v1/flows/shop/orders": {
        status: 409,
        body: { error: "webhook.path_taken", message: "the webhook path shop/orders is taken by flow shop/other", details: [] },
      },
    });
    renderApp("/flows/shop/orders/edit");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Deploy…" }));
    await user.click(await screen.findByRole("button", { name: "Deploy these changes" }));
    expect((await screen.findByRole("alert")).textContent).toContain("the webhook path shop/orders is taken by flow shop/other");
  });

  it("diffs any two versions", async () => {
    server(EDITOR);
    renderApp("/flows/shop/orders/edit");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Versions" }));
    await screen.findByText("v1");
    await user.selectOptions(screen.getByLabelText("Compare"), "1");
    await user.selectOptions(screen.getByLabelText("with"), "2");
    const diff = await screen.findByRole("figure");
    expect(diff.textContent).toContain("version 1 and version 2: 1 line added, 0 removed");
    expect(diff.textContent).toContain("+ # shipping, step by step");
  });

  it("starts a new flow from a template, deploys it as version 1 and moves to its own address", async () => {
    const NEW = { namespace: "default", id: "my-flow", version: 1, sha256: "c".repeat(64), createdAt: "2026-12-01T10:00:00Z" };
    const http = server(EDITOR, {
      "GET /api/v1/flows/default/my-flow": () =>
        http.seen.some((r) => r.method === "PUT")
          ? { status: 200, body: { ...NEW, source: http.seen.find((r) => r.method === "PUT")!.body } }
          : { status: 404, body: { error: "not_found", message: "no flow default/my-flow", details: [] } },
      "PUT /api/v1/flows/default/my-flow": { status: 201, body: { ...NEW, created: true } },
    });
    renderApp("/flows");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("link", { name: "New flow" }));
    await screen.findByRole("heading", { name: "New flow" });
    await screen.findByRole("button", { name: "hello transform" });

    await user.click(screen.getByRole("button", { name: "Deploy…" }));
    await screen.findByText("There is no flow default/my-flow yet: this deploys its version 1.");
    expect((await screen.findByRole("figure")).textContent).toContain("a new flow: 7 lines added, 0 removed");
    await user.click(screen.getByRole("button", { name: "Deploy these changes" }));
    await screen.findByRole("heading", { name: "Edit default/my-flow" });
    await screen.findByText("Deployed default/my-flow as version 1.");
  });

  it("gives a viewer no edit link and a read-only editor", async () => {
    server(VIEWER);
    renderApp("/flows/shop/orders");
    await screen.findByRole("heading", { name: "Source" });
    expect(screen.queryByRole("link", { name: "Edit" })).toBeNull();
    renderApp("/flows/shop/orders/edit");
    await screen.findByText(/the editor is read-only/);
    expect(screen.queryByRole("button", { name: "Deploy…" })).toBeNull();
  });
});
