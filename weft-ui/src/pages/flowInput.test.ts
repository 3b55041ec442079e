import { describe, expect, it } from "vitest";
import { fieldsOf, inputOf, inputSchemaOf } from "./flowInput";

describe("the run form's fields", () => {
  it("come from the properties of an object input schema", () => {
    const fields = fieldsOf(inputSchemaOf("input:\n  type: object\n  required: [a]\n  properties:\n    a: {type: string}\n    b: {type: array}\n"));
    expect(fields).toEqual([
      { name: "a", kind: "text", required: true, description: undefined },
      { name: "b", kind: "json", required: false, description: undefined },
    ]);
  });

  it("are none for a flow without an input schema or with one a form cannot show", () => {
    expect(fieldsOf(inputSchemaOf("id: x\nsteps: []\n"))).toBeUndefined();
    expect(fieldsOf(inputSchemaOf("input:\n  type: object\n  required: [invoice]\n"))).toBeUndefined();
    expect(fieldsOf(inputSchemaOf("input: [unclosed"))).toBeUndefined();
  });

  it("make an input without the empty optional fields", () => {
    const fields = fieldsOf({ type: "object", properties: { a: { type: "string" }, n: { type: "number" } } })!;
    expect(inputOf(fields, { a: "", n: "1.5" })).toEqual({ ok: true, value: { n: 1.5 } });
  });
});
