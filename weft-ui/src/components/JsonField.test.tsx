import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { JsonField, readJsonField } from "./JsonField";

describe("a JSON field", () => {
  it("reads a value, leaves an empty text out, and names the field and the fix when it is wrong", () => {
    expect(readJsonField(' {"a": 1} ', "The input", "object")).toEqual({ ok: true, value: { a: 1 } });
    expect(readJsonField("  ", "The input", "object")).toEqual({ ok: true, value: undefined });
    expect(readJsonField("[1]", "The payload")).toEqual({ ok: true, value: [1] });

    const broken = readJsonField("{a: 1}", "The payload", "object", '{"approved": true}');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(
      /^The payload is not valid JSON \(.+\)\. Quote every key and text in double quotes, with no trailing comma, such as \{"approved": true\}\.$/,
    );
    expect(readJsonField("[1]", "The input", "object")).toEqual({
      ok: false,
      message: 'The input must be a JSON object in braces, such as {"orderId": "42"}.',
    });
  });

  it("is labelled, and points to its error when it has one", () => {
    const { rerender } = render(<JsonField label="Payload (JSON object)" name="payload" value="{" onChange={() => {}} />);
    const field = screen.getByLabelText("Payload (JSON object)");
    expect(field.getAttribute("aria-invalid")).toBeNull();

    rerender(
      <JsonField label="Payload (JSON object)" name="payload" value="{" onChange={() => {}} error="The payload is not valid JSON" />,
    );
    expect(field.getAttribute("aria-invalid")).toBe("true");
    const error = screen.getByRole("alert");
    expect(field.getAttribute("aria-describedby")).toBe(error.id);
  });
});
