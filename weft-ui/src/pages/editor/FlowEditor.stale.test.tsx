import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { App } from "../../App";
import { SessionProvider } from "../../auth/session";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeHttp } from "../../test/http";
import { EDITOR, server, SOURCE, V1, V2 } from "./editorFixture";
import { held } from "../../test/held";
import { DeployPanel } from "./DeployPanel";
import { renderApp } from "../../test/render";



describe("the flow editor, while answers arrive", () => {
  beforeAll(async () => {
    await import("./FlowEditor");
  });

  it("keeps what is typed in a step's with (JSON) when the page draws again (the validator answers)", async () => {
    const checks = held<{ status: number; body: unknown }>();
    server(EDITOR, {
      "GET /api/v1/flows/shop/orders": { status: 200, body: { ...V2, source: SOURCE.replace("method: POST", 'method: "{{ input.verb }}"') } },
      "POST /api/v1/flows/validate": () => checks.next(),
    });
    renderApp("/flows/shop/orders/edit");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "ship http.request" }));
    const json = (await screen.findByLabelText("with (JSON)")) as HTMLTextAreaElement;
    await waitFor(() => expect(checks.count).toBeGreaterThan(0));
    await user.clear(json);
    await user.type(json, '{{"url": "https://typed.example"');

    await act(async () => {
      for (let i = 0; i < checks.count; i++) {
        checks.release(i, { status: 200, body: { valid: true, problems: [], namespace: "shop", id: "orders" } });
      }
    });
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect((screen.getByLabelText("with (JSON)") as HTMLTextAreaElement).value).toBe('{"url": "https://typed.example"');
  });

  it("shows the deploy's confirmation passed along once: a reload of the flow's address does not show it again", async () => {
    server(EDITOR);
    let state: unknown = "unread";
    function Probe() {
      state = useLocation().state;
      return null;
    }
    render(
      <SessionProvider>
        <MemoryRouter initialEntries={[{ pathname: "/flows/shop/orders/edit", state: { notice: "Deployed shop/orders as version 1." } }]}>
          <App />
          <Probe />
        </MemoryRouter>
      </SessionProvider>,
    );
    await screen.findByText("Deployed shop/orders as version 1.");
    await waitFor(() => expect(state).toBeNull());
    expect(screen.getByText("Deployed shop/orders as version 1.")).toBeTruthy();
  });

  it("diffs against the flow the deploy goes to, though an older read of another id lands last", async () => {
    const reads = new Map<string, ReturnType<typeof held<{ status: number; body: unknown }>>>([
      ["ord", held()],
      ["orders", held()],
    ]);
    fakeHttp({
      "GET /api/v1/flows/shop/ord": () => reads.get("ord")!.next(),
      "GET /api/v1/flows/shop/orders": () => reads.get("orders")!.next(),
    });
    const props = { text: SOURCE, onCancel() {}, onDeployed() {}, onInvalid() {} };
    const { rerender } = render(<DeployPanel target={{ namespace: "shop", id: "ord" }} {...props} />);
    rerender(<DeployPanel target={{ namespace: "shop", id: "orders" }} {...props} />);
    await waitFor(() => expect(reads.get("orders")!.count).toBe(1));
    await act(async () => reads.get("orders")!.release(0, { status: 200, body: V2 }));
    await screen.findByText(/The changes from version 2, the latest/);
    await act(async () => reads.get("ord")!.release(0, { status: 200, body: { ...V1, id: "ord", version: 7 } }));
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(screen.getByText(/The changes from version 2, the latest/)).toBeTruthy();
    expect(screen.queryByText(/version 7/)).toBeNull();
  });
});
