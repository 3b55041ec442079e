import { describe, expect, it } from "vitest";
import type { Step } from "../api/client";
import { barsOf, failedWithin, placeOf, spanOf, timelineOf } from "./timeline";

const step = (path: string, status = "succeeded", more: Partial<Step> = {}): Step => ({ path, status, ...more });

describe("the timeline's grouping", () => {
  it("places parallel branches and foreach items under their step, nested as deep as they go", () => {
    expect(placeOf("fetch")).toBeNull();
    expect(placeOf("fan/left/a")).toEqual({ parent: "fan", kind: "branch", label: "left", name: "a" });
    expect(placeOf("each[12]/ship")).toEqual({ parent: "each", kind: "item", label: "12", name: "ship" });
    expect(placeOf("each[0]/fan/left/a")).toEqual({ parent: "each[0]/fan", kind: "branch", label: "left", name: "a" });
    expect(placeOf("fan/left/each[3]/b")).toEqual({ parent: "fan/left/each", kind: "item", label: "3", name: "b" });
  });

  it("builds one tree: branches in the order they ran, items by index, a failure found from the top", () => {
    const tree = timelineOf([
      step("fetch"),
      step("fan", "running"),
      step("fan/right/b"),
      step("fan/left/a"),
      step("each[10]/ship"),
      step("each[2]/ship", "failed"),
      step("each[2]/notify", "skipped"),
      step("each"),
      step("each#items"),
    ]);

    expect(tree.map((n) => n.path)).toEqual(["fetch", "fan", "each", "each#items"]);
    const fan = tree[1]!;
    expect(fan.groups.map((g) => [g.kind, g.label, g.nodes.map((n) => n.name)])).toEqual([
      ["branch", "right", ["b"]],
      ["branch", "left", ["a"]],
    ]);
    const each = tree[2]!;
    expect(each.step?.path).toBe("each");
    expect(each.groups.map((g) => [g.label, g.nodes.map((n) => n.path)])).toEqual([
      ["2", ["each[2]/ship", "each[2]/notify"]],
      ["10", ["each[10]/ship"]],
    ]);
    expect(failedWithin(each)).toBe(true);
    expect(failedWithin(fan)).toBe(false);
  });

  it("keeps a container whose row is on a later page, and prefers the current run's row to an earlier run's", () => {
    const tree = timelineOf([
      step("fan/left/a", "failed", { fromEarlierRun: true }),
      step("fan/left/a", "succeeded"),
    ]);

    expect(tree).toHaveLength(1);
    expect(tree[0]!.step).toBeUndefined();
    expect(tree[0]!.groups[0]!.nodes[0]!.step?.status).toBe("succeeded");
    expect(failedWithin(tree[0]!)).toBe(false);
  });

  it("draws a bar per timed attempt, else one for the step, running ones up to now", () => {
    const now = Date.parse("2026-12-01T10:00:10Z");
    const charge = step("charge", "failed", {
      history: [
        { number: 1, outcome: "failed", startedAt: "2026-12-01T10:00:00Z", durationMillis: 500 },
        { number: 2, outcome: "failed", startedAt: "2026-12-01T10:00:02Z", finishedAt: "2026-12-01T10:00:03Z" },
        { number: 3, outcome: "running", startedAt: "2026-12-01T10:00:05Z" },
      ],
    });
    const plain = step("done", "succeeded", { startedAt: "2026-12-01T09:59:59Z", durationMillis: 100 });

    expect(barsOf(charge, now).map((b) => [b.label, b.end - b.start, b.open])).toEqual([
      ["attempt 1", 500, false],
      ["attempt 2", 1000, false],
      ["attempt 3", 5000, true],
    ]);
    expect(barsOf(plain, now)).toEqual([
      { label: "step", outcome: "succeeded", start: now - 11_000, end: now - 10_900, open: false },
    ]);
    expect(barsOf(step("later", "queued"), now)).toEqual([]);
    expect(spanOf([charge, plain], now)).toEqual({ start: now - 11_000, end: now });
    expect(spanOf([step("later", "queued")], now)).toBeNull();
  });
});
