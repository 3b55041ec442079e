import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { SchemaForm, type FormResult } from "./SchemaForm";

const SCHEMA = {
  type: "object",
  required: ["baseUrl"],
  properties: {
    baseUrl: { type: "string", format: "uri", description: "where requests go" },
    token: { type: "string", writeOnly: true },
    mode: { enum: ["fast", "safe"] },
    verbose: { type: "boolean" },
    hosts: { type: "array", items: { type: "string" } },
    retry: { type: "object", properties: { attempts: { type: "integer", minimum: 1, default: 3 } } },
    extra: { anyOf: [{ type: "string" }, { type: "object" }] },
  },
};

/** A page holding the value, as a page using the form would. */
function Host({ initial, showErrors = false, log }: { initial?: unknown; showErrors?: boolean; log: FormResult[] }) {
  const [value, setValue] = useState<unknown>(initial);
  return (
    <>
      <SchemaForm
        schema={SCHEMA}
        value={value}
        showErrors={showErrors}
        onChange={(r) => {
          log.push(r);
          if (r.ok) setValue(r.value);
        }}
      />
      <button type="button" onClick={() => setValue({ baseUrl: "https://other.example.com" })}>
        Load another
      </button>
    </>
  );
}

describe("SchemaForm", () => {
  it("labels every field, marks the required ones, hints with the description, and hides a secret as it is typed", () => {
    render(<Host log={[]} />);
    expect(screen.getByLabelText("baseUrl (required)")).toBeTruthy();
    expect(screen.getByLabelText("baseUrl (required)").getAttribute("aria-describedby")).toBeTruthy();
    expect(screen.getByText(/where requests go/)).toBeTruthy();
    expect((screen.getByLabelText("token") as HTMLInputElement).type).toBe("password");
    expect(screen.getByRole("group", { name: "retry" })).toBeTruthy();
    expect(screen.getByLabelText(/extra/).tagName).toBe("TEXTAREA");
    expect((screen.getByLabelText("attempts") as HTMLInputElement).placeholder).toBe("3");
  });

  it("reports the JSON value its fields make, rows of a list and a nested object included", async () => {
    const log: FormResult[] = [];
    render(<Host log={log} />);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("baseUrl (required)"), "https://crm.example.com");
    await user.selectOptions(screen.getByLabelText("mode"), "safe");
    await user.click(screen.getByLabelText("verbose"));
    await user.click(screen.getByRole("button", { name: "Add to hosts" }));
    await user.type(screen.getByLabelText("hosts item 1"), "a.example.com");
    await user.click(screen.getByRole("button", { name: "Add to hosts" }));
    await user.type(screen.getByLabelText("hosts item 2"), "b.example.com");
    await user.click(screen.getByRole("button", { name: "Remove hosts item 1" }));
    await user.type(screen.getByLabelText("attempts"), "4");
    await user.type(screen.getByLabelText(/extra/), '{{"a": 1}');

    expect(log.at(-1)).toEqual({
      ok: true,
      value: {
        baseUrl: "https://crm.example.com",
        mode: "safe",
        verbose: true,
        hosts: ["b.example.com"],
        retry: { attempts: 4 },
        extra: { a: 1 },
      },
    });
  });

  it("shows what it is given, and a value given afresh from elsewhere", async () => {
    render(<Host log={[]} initial={{ baseUrl: "https://crm.example.com", hosts: ["x"], retry: { attempts: 2 } }} />);
    const user = userEvent.setup();
    expect((screen.getByLabelText("baseUrl (required)") as HTMLInputElement).value).toBe("https://crm.example.com");
    expect((screen.getByLabelText("hosts item 1") as HTMLInputElement).value).toBe("x");
    expect((screen.getByLabelText("attempts") as HTMLInputElement).value).toBe("2");

    await user.click(screen.getByRole("button", { name: "Load another" }));

    expect((screen.getByLabelText("baseUrl (required)") as HTMLInputElement).value).toBe("https://other.example.com");
    expect(screen.queryByLabelText("hosts item 1")).toBeNull();
  });

  it("reports every wrong field and, when asked, shows each error at its field", async () => {
    const log: FormResult[] = [];
    const { rerender } = render(<Host log={log} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("attempts"), "0");

    expect(log.at(-1)).toEqual({
      ok: false,
      errors: [
        { path: "baseUrl", message: "baseUrl is required: fill it in." },
        { path: "retry.attempts", message: "retry.attempts must be at least 1, not 0." },
      ],
    });
    expect(screen.queryByText("retry.attempts must be at least 1, not 0.")).toBeNull();

    rerender(<Host log={log} showErrors />);
    const attempts = screen.getByLabelText("attempts");
    expect(attempts.getAttribute("aria-invalid")).toBe("true");
    const errorId = attempts.getAttribute("aria-describedby")!.split(" ").at(-1)!;
    expect(document.getElementById(errorId)?.textContent).toBe("retry.attempts must be at least 1, not 0.");
  });

  it("is one JSON field for a schema a form cannot show", async () => {
    const log: FormResult[] = [];
    render(<SchemaForm schema={{ type: "array" }} value={[1]} label="Items" onChange={(r) => log.push(r)} />);
    const field = screen.getByLabelText(/Items/);
    expect((field as HTMLTextAreaElement).value).toBe("[\n  1\n]");
    const user = userEvent.setup();
    await user.clear(field);
    await user.type(field, "[[2]");
    expect(log.at(-1)).toEqual({ ok: true, value: [2] });
  });
});
