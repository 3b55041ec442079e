import { CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { completions } from "./YamlEditor";

const CATALOG = { operations: [{ name: "http.request" }, { name: "mail.send" }], systems: [{ id: "crm", connector: "http" }], stepIds: ["fetch", "done"] };

/** What the editor offers with the cursor at the "|" of a text. */
function offered(textWithCursor: string): string[] {
  const pos = textWithCursor.indexOf("|");
  const state = EditorState.create({ doc: textWithCursor.replace("|", "") });
  const result = completions(() => CATALOG)(new CompletionContext(state, pos, true)) as CompletionResult | null;
  return result ? result.options.map((o) => o.label) : [];
}

describe("the editor's completion", () => {
  it("offers a call step's fields it does not have yet, and a wait step's own", () => {
    const call = offered("id: x\nsteps:\n  - id: fetch\n    type: call\n    |\n");
    expect(call).toEqual(expect.arrayContaining(["operation", "with", "system", "retry", "next"]));
    expect(call).not.toContain("type");
    expect(call).not.toContain("duration");
    expect(offered("id: x\nsteps:\n  - id: pause\n    type: wait\n    dur|\n")).toContain("duration");
  });

  it("offers operation names, systems, step types and step ids as values", () => {
    expect(offered("id: x\nsteps:\n  - id: fetch\n    type: call\n    operation: ht|\n")).toEqual(["http.request", "mail.send"]);
    expect(offered("id: x\nsteps:\n  - id: fetch\n    type: call\n    system: |\n")).toEqual(["crm"]);
    expect(offered("id: x\nsteps:\n  - id: fetch\n    type: |\n")).toEqual(expect.arrayContaining(["call", "transform", "await"]));
    expect(offered("id: x\nsteps:\n  - id: fetch\n    type: call\n    next: |\n")).toEqual(["fetch", "done", "end"]);
    expect(offered("id: x\nsteps:\n  - id: f\n    type: call\n    retry:\n      backoff: |\n")).toEqual(["fixed", "exponential"]);
  });

  it("offers the flow's own fields at the top", () => {
    expect(offered("id: x\n|\n")).toEqual(expect.arrayContaining(["namespace", "steps", "triggers", "input"]));
  });
});
