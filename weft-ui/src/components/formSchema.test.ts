import { describe, expect, it } from "vitest";
import { draftOf, formable, kindOf, valueOf } from "./formSchema";

const POLICY = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", minLength: 2 },
    mode: { enum: ["fast", "safe", 3] },
    url: { type: "string", format: "uri" },
    size: { type: "integer", minimum: 1, maximum: 10, default: 5 },
    ratio: { type: ["number", "null"], exclusiveMaximum: 1 },
    on: { type: "boolean" },
    kind: { const: "fixed" },
    tags: { type: "array", items: { type: "string" }, maxItems: 2 },
    codes: { type: "array", items: { type: "integer" } },
    retry: {
      type: "object",
      required: ["attempts"],
      properties: { attempts: { type: "integer", default: 3 }, backoff: { type: "string", default: "1s" } },
    },
    either: { oneOf: [{ type: "string" }, { type: "integer" }] },
    rows: { type: "array", items: { type: "object", properties: { a: { type: "string" } } } },
    map: { type: "object", additionalProperties: { type: "string" } },
  },
};

describe("a JSON Schema's form", () => {
  it("edits each kind of property its own way, and what a form cannot show as JSON", () => {
    const p = POLICY.properties;
    expect([p.name, p.mode, p.size, p.ratio, p.on, p.kind, p.tags, p.retry].map(kindOf)).toEqual([
      "text",
      "enum",
      "integer",
      "number",
      "boolean",
      "const",
      "list",
      "object",
    ]);
    expect([p.either, p.rows, p.map, { $ref: "#/x" }, { type: ["string", "integer"] }, undefined].map(kindOf)).toEqual(
      Array(6).fill("json"),
    );
    expect(formable(POLICY)).toBe(true);
    expect(formable({ type: "object" })).toBe(false);
    expect(formable({ type: "array" })).toBe(false);
  });

  it("gives back the value it was given, the parts it does not know included", () => {
    const value = {
      name: "crm",
      mode: 3,
      url: "https://crm.example.com/api",
      size: 7,
      ratio: 0.5,
      on: false,
      kind: "fixed",
      tags: ["a", "b"],
      codes: [1, 2],
      retry: { attempts: 2, backoff: "5s" },
      either: 4,
      rows: [{ a: "x" }],
      map: { k: "v" },
      unknown: { kept: true },
    };
    expect(valueOf(POLICY, draftOf(POLICY, value))).toEqual({ ok: true, value });
  });

  it("fills in the defaults, leaves out empty optional fields and an optional object nobody filled in, and sends a const", () => {
    expect(valueOf(POLICY, draftOf(POLICY, undefined))).toEqual({
      ok: false,
      errors: [{ path: "name", message: "name is required: fill it in." }],
    });
    expect(valueOf(POLICY, draftOf(POLICY, { name: "crm" }))).toEqual({ ok: true, value: { name: "crm", size: 5, kind: "fixed" } });
  });

  it("names every field that is wrong and says how to mend it", () => {
    const draft = draftOf(POLICY, { name: "c", url: "crm.example.com", size: 11, ratio: 1, tags: ["a", "b", "c"] });
    const d = draft.kind === "object" ? draft : undefined;
    d!.fields.codes = { kind: "list", rows: ["1", "1.5"] };
    d!.fields.retry = { kind: "object", fields: { attempts: { kind: "text", text: "" }, backoff: { kind: "text", text: "2s" } }, extra: {} };
    d!.fields.either = { kind: "text", text: "{oops" };
    const r = valueOf(POLICY, draft);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(["name", "url", "size", "ratio", "tags", "codes[2]", "retry.attempts", "either"]);
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([
      "name must be at least 2 characters long.",
      'url must be an absolute URL such as https://api.example.com, not "crm.example.com".',
      "size must be at most 10, not 11.",
      "ratio must be less than 1, not 1.",
      "tags takes at most 2 items, not 3.",
      'codes[2] must be a whole number, not "1.5".',
      "retry.attempts is required: fill it in.",
      expect.stringMatching(/^either is not valid JSON: /),
    ]);
  });

  it("checks the formats it knows and a pattern", () => {
    const s = {
      type: "object",
      properties: {
        mail: { type: "string", format: "email" },
        day: { type: "string", format: "date" },
        at: { type: "string", format: "date-time" },
        code: { type: "string", pattern: "^[A-Z]{3}$" },
      },
    };
    const bad = valueOf(s, draftOf(s, { mail: "ops", day: "31/12/2026", at: "2026-12-31 09:30", code: "abc" }));
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(["mail", "day", "at", "code"]);
    const good = { mail: "ops@example.com", day: "2026-12-31", at: "2026-12-31T09:30:00Z", code: "ABC" };
    expect(valueOf(s, draftOf(s, good))).toEqual({ ok: true, value: good });
  });

  it("is one JSON field for a schema a form cannot show", () => {
    expect(valueOf({ type: "array" }, draftOf({ type: "array" }, [1, { a: 2 }]))).toEqual({ ok: true, value: [1, { a: 2 }] });
    expect(valueOf({}, { kind: "text", text: "" })).toEqual({
      ok: false,
      errors: [{ path: "", message: "The value is required: fill it in." }],
    });
  });
});
