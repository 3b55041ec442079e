import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation, useNavigate } from "react-router";
import { describe, expect, it } from "vitest";
import { useUrlFilters } from "./urlFilters";

const KEYS = ["actor", "action"] as const;

function Filters() {
  const { key, filters, draft, setDraft, apply, clear } = useUrlFilters(KEYS);
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <form onSubmit={apply}>
      <label>
        Actor
        <input value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
      </label>
      <label>
        Action
        <input value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} />
      </label>
      <button type="submit">Apply</button>
      <button type="button" onClick={clear}>
        Clear
      </button>
      <button type="button" onClick={() => navigate("/?action=login")}>
        Follow a link
      </button>
      <p>address {location.search}</p>
      <p>key {key}</p>
      <p>applied {JSON.stringify(filters)}</p>
    </form>
  );
}

describe("filters kept in the address", () => {
  it("applies the draft trimmed, leaving the empty ones out, and takes a new address back into the draft", async () => {
    render(
      <MemoryRouter initialEntries={["/?actor=user:ada&other=x"]}>
        <Filters />
      </MemoryRouter>,
    );
    const actor = screen.getByLabelText("Actor") as HTMLInputElement;
    const action = screen.getByLabelText("Action") as HTMLInputElement;
    expect(actor.value).toBe("user:ada");
    expect(screen.getByText(`applied ${JSON.stringify({ actor: "user:ada", action: "" })}`)).toBeTruthy();

    await userEvent.clear(actor);
    await userEvent.type(action, "  rotateWebhookSecret ");
    // The draft is not applied until the form is.
    expect(screen.getByText("address ?actor=user:ada&other=x")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(screen.getByText("address ?action=rotateWebhookSecret")).toBeTruthy();
    expect(screen.getByText("key action=rotateWebhookSecret")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Follow a link" }));
    expect(action.value).toBe("login");
    expect(actor.value).toBe("");

    await userEvent.click(screen.getByRole("button", { name: "Clear" }));
    expect(screen.getByText("address")).toBeTruthy();
    expect(action.value).toBe("");
  });
});
