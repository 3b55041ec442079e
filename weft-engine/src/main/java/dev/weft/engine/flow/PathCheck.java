package dev.weft.engine.flow;

import dev.weft.connector.Suggestions;

import dev.weft.engine.flow.StepLists.StepList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Checks the paths through one step list: every {@code next}, {@code onError}, case and default names a
 * step of that list, and every step is reached by the rule of {@link StepPaths}.
 */
final class PathCheck {
    private final StepList list;
    private final Problems problems;
    private final StepPaths paths;
    private final Map<String, Integer> index;
    private boolean dangling;

    private PathCheck(StepList list, Problems problems) {
        this.list = list;
        this.problems = problems;
        this.paths = new StepPaths(list);
        this.index = paths.index();
    }

    static void check(StepList list, Problems problems) {
        PathCheck check = new PathCheck(list, problems);
        check.references();
        // An unresolved name leaves its target looking unreachable; reporting that too would only repeat it.
        if (!check.dangling) {
            check.reachability();
        }
    }

    private void references() {
        for (int i = 0; i < list.steps().size(); i++) {
            Step step = list.steps().get(i);
            String pointer = list.stepPointer(i);
            String owner = step.id() != null ? "step '" + step.id() + "'" : "step " + pointer;
            reference(Pointers.child(pointer, "next"), owner, "next", step.common().next(), true);
            String onError = step.common().onError();
            if (onError != null && onError.equals(step.id())) {
                problems.at(Pointers.child(pointer, "onError"),
                        owner + ": a step cannot be its own error handler");
            } else {
                reference(Pointers.child(pointer, "onError"), owner, "onError", onError, false);
            }
            if (step instanceof Step.Switch s) {
                for (int c = 0; c < s.cases().size(); c++) {
                    String casePointer = Pointers.child(Pointers.child(pointer, "cases"), c);
                    reference(Pointers.child(casePointer, "next"), owner + " case " + (c + 1), "next",
                            s.cases().get(c).next(), true);
                }
                reference(Pointers.child(pointer, "default"), owner, "default", s.defaultNext(), true);
            }
        }
        reference("/onError", "flow", "onError", list.flowOnError(), false);
    }

    private void reference(String pointer, String owner, String field, String target, boolean endAllowed) {
        if (target == null || index.containsKey(target) || endAllowed && StepBinder.END.equals(target)) {
            return;
        }
        dangling = true;
        String expected = String.join(", ", index.keySet()) + (endAllowed ? ", or end" : "");
        String why = StepBinder.END.equals(target)
                ? "'end' only applies to next, case next and default; " + field + " must name a step"
                : field + " names '" + target + "', which is not a step of " + list.label()
                        + Suggestions.didYouMean(target, index.keySet());
        problems.at(pointer, owner + ": " + why + ". Expected one of: " + expected);
    }

    private void reachability() {
        List<Step> steps = list.steps();
        if (steps.isEmpty()) {
            return;
        }
        boolean[] reached = new boolean[steps.size()];
        Deque<Integer> work = new ArrayDeque<>(paths.entries());
        while (!work.isEmpty()) {
            int i = work.poll();
            if (reached[i]) {
                continue;
            }
            reached[i] = true;
            work.addAll(paths.successors(i));
        }
        for (int i = 0; i < steps.size(); i++) {
            if (!reached[i]) {
                Step step = steps.get(i);
                String pointer = list.stepPointer(i);
                problems.at(step.id() != null ? Pointers.child(pointer, "id") : pointer,
                        (step.id() != null ? "step '" + step.id() + "'" : "step " + pointer)
                                + " is never reached: no next, case, default or onError names it, and "
                                + whyNotFallingThrough(i, reached));
            }
        }
    }

    private String whyNotFallingThrough(int i, boolean[] reached) {
        if (i == 0) {
            return "it is not the first step"; // not reachable for i == 0; kept total for safety
        }
        Step before = list.steps().get(i - 1);
        String name = before.id() == null
                ? "the step before it"
                : "the step before it, '" + before.id() + "',";
        if (!reached[i - 1]) {
            return name + " is not reached either";
        }
        if (before instanceof Step.Switch) {
            return name + " is a switch whose default goes elsewhere";
        }
        return name + " continues with next: " + before.common().next();
    }
}
