import { describe, expect, it } from "vitest";
import { formable } from "../components/SchemaForm";
import { inputSchemaOf } from "./flowInput";

describe("a flow's input schema", () => {
  it("is the source's input: when it declares one", () => {
    expect(inputSchemaOf("input:\n  type: object\n  required: [a]\n  properties:\n    a: {type: string}\n")).toEqual({
      type: "object",
      required: ["a"],
      properties: { a: { type: "string" } },
    });
  });

  it("is none for a flow without one or a source that cannot be read, and a form shows only an object with properties", () => {
    expect(inputSchemaOf("id: x\nsteps: []\n")).toBeUndefined();
    expect(inputSchemaOf("input: [unclosed")).toBeUndefined();
    expect(inputSchemaOf(undefined)).toBeUndefined();
    expect(formable(inputSchemaOf("input:\n  type: object\n  required: [invoice]\n"))).toBe(false);
    expect(formable(inputSchemaOf("input:\n  type: object\n  properties:\n    a: {type: string}\n"))).toBe(true);
  });
});
