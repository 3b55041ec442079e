package dev.weft.engine.flow;

import java.util.ArrayList;
import java.util.List;

/**
 * The step lists of a flow (the top-level steps, each parallel branch, each foreach body) and every
 * step with its JSON Pointer, in file order. Pointers are computed from list indexes, which match the
 * file because binding keeps one step per element.
 */
final class StepLists {

    /** One list of steps: the scope in which {@code next} and {@code onError} may name a step. */
    record StepList(String pointer, String label, List<Step> steps, String flowOnError) {

        String stepPointer(int index) {
            return Pointers.child(pointer, index);
        }
    }

    /** A step and where it is. */
    record PlacedStep(Step step, String pointer) {

        String owner() {
            return step.id() != null ? "step '" + step.id() + "'" : "step " + pointer;
        }
    }

    private final List<StepList> lists = new ArrayList<>();
    private final List<PlacedStep> steps = new ArrayList<>();

    private StepLists() {
    }

    static StepLists of(Flow flow) {
        StepLists all = new StepLists();
        all.addList(new StepList("/steps", "the flow's steps", flow.steps(), flow.onError()));
        return all;
    }

    List<StepList> lists() {
        return lists;
    }

    List<PlacedStep> steps() {
        return steps;
    }

    private void addList(StepList list) {
        lists.add(list);
        for (int i = 0; i < list.steps().size(); i++) {
            addStep(list.steps().get(i), list.stepPointer(i));
        }
    }

    private void addStep(Step step, String pointer) {
        steps.add(new PlacedStep(step, pointer));
        String name = step.id() == null ? pointer : "'" + step.id() + "'";
        switch (step) {
            case Step.Parallel p -> {
                for (int b = 0; b < p.branches().size(); b++) {
                    Step.Branch branch = p.branches().get(b);
                    String branchPointer = Pointers.child(Pointers.child(pointer, "branches"), b);
                    addList(new StepList(Pointers.child(branchPointer, "steps"),
                            "branch '" + branch.id() + "' of parallel step " + name, branch.steps(), null));
                }
            }
            case Step.Foreach f -> addList(new StepList(Pointers.child(pointer, "steps"),
                    "the steps of foreach step " + name, f.steps(), null));
            default -> {
            }
        }
        if (step.common().compensate() != null) {
            addStep(step.common().compensate(), Pointers.child(pointer, "compensate"));
        }
    }
}
