import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { Pager } from "./Pager";
import { usePagedList } from "./paging";

/** A list of three pages whose cursors are "c2" and "c3"; the filter "key" starts it again on the first page. */
function List({ loading = false }: { loading?: boolean }) {
  const [key, setKey] = useState("a");
  const paging = usePagedList(key);
  const next = { none: "c2", c2: "c3", c3: null }[paging.cursor ?? "none"];
  return (
    <>
      <p>cursor {paging.cursor ?? "none"}</p>
      <button type="button" onClick={() => setKey(key === "a" ? "b" : "a")}>
        Change filters
      </button>
      <button type="button" onClick={paging.reset}>
        Reset
      </button>
      <Pager paging={paging} nextCursor={next} loading={loading} />
    </>
  );
}

const back = () => screen.getByRole("button", { name: "Back" }) as HTMLButtonElement;
const next = () => screen.getByRole("button", { name: "Next" }) as HTMLButtonElement;

describe("the cursor pager", () => {
  it("goes on by the API's cursors and back by the ones it kept, disabled at both ends", async () => {
    render(<List />);
    expect(screen.getByRole("navigation", { name: "Pages" })).toBeTruthy();
    expect(screen.getByText("Page 1")).toBeTruthy();
    expect(screen.getByText("cursor none")).toBeTruthy();
    expect(back().disabled).toBe(true);

    await userEvent.click(next());
    expect(screen.getByText("Page 2")).toBeTruthy();
    expect(screen.getByText("cursor c2")).toBeTruthy();
    await userEvent.click(next());
    expect(screen.getByText("Page 3")).toBeTruthy();
    expect(screen.getByText("cursor c3")).toBeTruthy();
    expect(next().disabled).toBe(true);

    await userEvent.click(back());
    expect(screen.getByText("Page 2")).toBeTruthy();
    expect(screen.getByText("cursor c2")).toBeTruthy();
    expect(back().disabled).toBe(false);
  });

  it("starts again on the first page when the filters change or on reset", async () => {
    render(<List />);
    await userEvent.click(next());
    await userEvent.click(next());
    await userEvent.click(screen.getByRole("button", { name: "Change filters" }));
    expect(screen.getByText("Page 1")).toBeTruthy();
    expect(screen.getByText("cursor none")).toBeTruthy();

    await userEvent.click(next());
    await userEvent.click(screen.getByRole("button", { name: "Reset" }));
    expect(screen.getByText("Page 1")).toBeTruthy();
    expect(screen.getByText("cursor none")).toBeTruthy();
  });

  it("disables both buttons while a page is loading", () => {
    render(<List loading />);
    expect(back().disabled).toBe(true);
    expect(next().disabled).toBe(true);
  });
});
