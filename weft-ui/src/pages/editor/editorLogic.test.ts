import { describe, expect, it } from "vitest";
import { keySuggestions, pathAt, valueSuggestions } from "./completion";
import { addStep, moveStep, removeStep, renameStep, setStepField } from "./flowEdits";
import { locate, parseFlow } from "./flowModel";
import { edgesOf, layoutFlow, NODE_H } from "./layout";
import { lineDiff } from "./lineDiff";
import { checkSchema } from "./schemaCheck";

const FLOW = `# The order flow: keep this comment
id: orders
namespace: shop

steps:
  # first we check
  - id: check
    type: transform
    output: "{{ input }}"   # trailing comment
  - { id: ship, type: call, operation: http.request, with: { method: POST, url: "https://x" } }

  - id: done
    type: transform
    output: ok
onError: done
`;

const ids = (text: string) => parseFlow(text).model!.steps.steps.map((s) => s.id);

describe("the graph's edits rewrite the YAML", () => {
  it("adds a step and keeps every comment, blank line and flow-style step", () => {
    const { text, id } = addStep(FLOW, ["steps"], 1, "wait", ["check", "ship", "done"]);
    expect(id).toBe("wait");
    expect(ids(text)).toEqual(["check", "wait", "ship", "done"]);
    for (const kept of ["# The order flow: keep this comment", "# first we check", "# trailing comment", '{ id: ship, type: call, operation: http.request, with: { method: POST, url: "https://x" } }']) {
      expect(text).toContain(kept);
    }
    // Only the new step's lines differ: even the spaces before the trailing comment stay.
    const d = lineDiff(FLOW, text);
    expect(d.removed).toBe(0);
    expect(d.lines.filter((l) => l.kind === "added").map((l) => l.text.trim())).toEqual(["- id: wait", "type: wait", "duration: 1m"]);
  });

  it("removes and moves steps, their comments with them", () => {
    const removed = removeStep(FLOW, ["steps"], 1);
    expect(ids(removed)).toEqual(["check", "done"]);
    expect(removed).toContain("# first we check");
    const moved = moveStep(FLOW, ["steps"], 0, 2);
    expect(ids(moved)).toEqual(["ship", "done", "check"]);
    expect(moved).toContain('output: "{{ input }}"   # trailing comment');
    expect(moved.indexOf("# first we check")).toBeGreaterThan(moved.indexOf("id: done"));
    expect(moved.indexOf("# first we check")).toBeLessThan(moved.indexOf("id: check"));
  });

  it("renames a step and every reference to it in its list, and refuses a taken or bad id", () => {
    const renamed = renameStep(FLOW, ["steps"], 2, "finish", ["check", "ship", "done"]);
    expect(ids(renamed)).toEqual(["check", "ship", "finish"]);
    expect(renamed).toContain("onError: finish");
    expect(renamed).toContain("# trailing comment");
    expect(() => renameStep(FLOW, ["steps"], 0, "ship", ["check", "ship", "done"])).toThrow(/exists already/);
    expect(() => renameStep(FLOW, ["steps"], 0, "end", [])).toThrow(/cannot be a step id/);
  });

  it("sets a step's with, keeping a flow-style step in flow style", () => {
    const changed = setStepField(FLOW, ["steps", 1], "with", { method: "GET", url: "https://y" });
    expect(parseFlow(changed).doc.toJS().steps[1].with).toEqual({ method: "GET", url: "https://y" });
    expect(changed).toMatch(/\{ id: ship, type: call, operation: http.request, with: \{ method: GET, url: "?https:\/\/y"? \} \}/);
    expect(changed).toContain("# first we check");
  });

  it("refuses to edit a text that does not parse, saying so", () => {
    expect(() => addStep("steps: [", ["steps"], 0, "wait", [])).toThrow(/does not parse/);
  });
});

describe("the model and the layout", () => {
  const NESTED = `id: fan
steps:
  - id: route
    type: switch
    cases:
      - when: "{{ input.big }}"
        next: many
    default: one
  - id: one
    type: transform
    output: 1
    next: end
  - id: many
    type: parallel
    branches:
      - id: left
        steps: [{ id: l1, type: transform, output: 1 }, { id: l2, type: transform, output: 2 }]
      - id: right
        steps:
          - id: each
            type: foreach
            items: "{{ input.items }}"
            steps:
              - { id: r1, type: transform, output: 3 }
`;

  it("reads switches, parallel branches and foreach bodies with their paths and lines", () => {
    const m = parseFlow(NESTED).model!;
    const many = m.steps.steps[2]!;
    expect(many.branches.map((b) => b.id)).toEqual(["left", "right"]);
    expect(many.branches[0]!.list.steps.map((s) => s.path)).toEqual([
      ["steps", 2, "branches", 0, "steps", 0],
      ["steps", 2, "branches", 0, "steps", 1],
    ]);
    const each = many.branches[1]!.list.steps[0]!;
    expect(each.body!.steps[0]!.id).toBe("r1");
    expect(each.line).toBe(20);
    expect(edgesOf(m.steps, 0)).toEqual([
      { target: "many", kind: "case", label: "case 1" },
      { target: "one", kind: "case", label: "default" },
    ]);
    expect(edgesOf(m.steps, 1)).toEqual([]);
    const guarded = parseFlow("id: g\nsteps:\n  - { id: a, type: transform, output: 1, if: \"{{ input.x }}\", onError: h }\n  - { id: h, type: fail, message: no }\n").model!;
    expect(guarded.steps.steps[0]!.condition).toBe("{{ input.x }}");
    expect(guarded.steps.handlers.has("h")).toBe(true);
    // The handler is not entered by falling through: only the dashed error edge leads to it.
    expect(edgesOf(guarded.steps, 0)).toEqual([{ target: "h", kind: "error", label: "on error" }]);
  });

  it("lays out nested lists inside their step's box, each step below the one before", () => {
    const m = parseFlow(NESTED).model!;
    const layout = layoutFlow(m.steps);
    const at = (id: string) => layout.nodes.find((n) => n.step.id === id)!;
    expect(at("one").y).toBeGreaterThanOrEqual(at("route").y + NODE_H);
    const box = at("many").box!;
    for (const id of ["l1", "l2", "each", "r1"]) {
      expect(at(id).x).toBeGreaterThanOrEqual(box.x);
      expect(at(id).y + NODE_H).toBeLessThanOrEqual(box.y + box.h);
    }
    expect(at("l1").x).toBeLessThan(at("each").x);
    expect(at("l2").y).toBeGreaterThan(at("l1").y);
    expect(layout.edges.map((e) => e.kind).sort()).toEqual(["case", "case", "flow"]);
    expect(layoutFlow(m.steps)).toEqual(layout);
  });

  it("places a YAML syntax error and a JSON path at their line and column", () => {
    const broken = parseFlow("id: x\nsteps:\n  - id: a\n    type: [transform\n");
    expect(broken.model).toBeNull();
    expect(broken.errors[0]!.line).toBeGreaterThanOrEqual(4);
    const ok = parseFlow(FLOW);
    expect(locate(ok, "/steps/2/output")).toEqual({ line: 14, column: 13 });
    expect(locate(ok, "/steps/2/nothing")).toEqual({ line: 12, column: 5 });
  });
});

describe("the schema check and completion", () => {
  it("names a wrong step type with the closest one, and a misspelt field", () => {
    const problems = checkSchema({ id: "x", steps: [{ id: "a", type: "transfrom", output: 1 }, { id: "b", type: "wait", duraton: "1s" }] });
    expect(problems).toContainEqual({ path: "/steps/0/type", message: expect.stringContaining("did you mean 'transform'?") });
    expect(problems).toContainEqual({ path: "/steps/1/duraton", message: expect.stringContaining("did you mean 'duration'?") });
    expect(checkSchema({ id: "x", steps: [{ id: "a", type: "transform", output: 1 }] })).toEqual([]);
  });

  it("finds the place of the cursor from the indentation", () => {
    const lines = FLOW.split("\n");
    expect(pathAt(lines, 8)).toEqual(["steps", 0]);
    expect(pathAt(lines, 1)).toEqual([]);
    const typing = ["id: x", "steps:", "  - id: a", "    type: call", "    with:", "      me", "  - id: b", "    "];
    expect(pathAt(typing, 5)).toEqual(["steps", 0, "with"]);
    expect(pathAt(typing, 7)).toEqual(["steps", 1]);
  });

  it("offers the keys of the step's type, the step types, and the operations the server has", () => {
    const value = { id: "x", steps: [{ id: "a", type: "wait" }] };
    const keys = keySuggestions(["steps", 0], value, new Set(["id", "type"])).map((s) => s.label);
    expect(keys).toContain("duration");
    expect(keys).not.toContain("operation");
    expect(valueSuggestions(["steps", 0], "type", value, { operations: [], systems: [], stepIds: [] }).map((s) => s.label)).toEqual(
      expect.arrayContaining(["call", "transform", "switch", "parallel", "foreach"]),
    );
    const catalog = { operations: [{ name: "http.request" }], systems: [{ id: "crm", connector: "http" }], stepIds: ["a"] };
    expect(valueSuggestions(["steps", 0], "operation", value, catalog).map((s) => s.label)).toEqual(["http.request"]);
    expect(valueSuggestions(["steps", 0], "next", value, catalog).map((s) => s.label)).toEqual(["a", "end"]);
    expect(keySuggestions([], {}, new Set(["id"])).map((s) => s.label)).toContain("steps");
  });

  it("diffs two texts by lines, numbering each side", () => {
    const d = lineDiff("a\nb\nc\n", "a\nB\nc\nd\n");
    expect(d.added).toBe(2);
    expect(d.removed).toBe(1);
    expect(d.lines).toContainEqual({ kind: "removed", text: "b", oldLine: 2 });
    expect(d.lines).toContainEqual({ kind: "added", text: "d", newLine: 4 });
  });
});
