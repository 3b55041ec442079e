package dev.weft.engine.flow;

import dev.weft.engine.flow.StepLists.StepList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The path rule of one step list, which the validator's reachability check follows exactly: a step
 * continues with its {@code next} (a switch with its chosen case, or its default); without one, with the
 * step listed after it, unless that step is an error handler of the list (named by an {@code onError}
 * in the list, or by the flow's {@code onError} for the top-level list) or there is none: then the path
 * ends. {@code next: end} ends it explicitly. Entry points are the first step and the error handlers.
 */
final class StepPaths {
    private final List<Step> steps;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final Set<String> handlers = new HashSet<>();

    StepPaths(StepList list) {
        this.steps = list.steps();
        for (int i = 0; i < steps.size(); i++) {
            String id = steps.get(i).id();
            if (id != null) {
                index.putIfAbsent(id, i);
            }
            String onError = steps.get(i).common().onError();
            if (onError != null) {
                handlers.add(onError);
            }
        }
        if (list.flowOnError() != null) {
            handlers.add(list.flowOnError());
        }
    }

    /** Step ids and their indexes, in list order (the first of duplicates). */
    Map<String, Integer> index() {
        return index;
    }

    /** Indexes of the first step and of every error handler that exists. */
    List<Integer> entries() {
        List<Integer> entries = new ArrayList<>();
        if (!steps.isEmpty()) {
            entries.add(0);
        }
        handlers.stream().map(index::get).filter(i -> i != null && i != 0).sorted().forEach(entries::add);
        return entries;
    }

    /** Indexes of the steps that can run right after step {@code i}; empty where the path ends. */
    List<Integer> successors(int i) {
        Step step = steps.get(i);
        List<Integer> next = new ArrayList<>();
        if (step instanceof Step.Switch s) {
            s.cases().forEach(c -> target(c.next(), next));
            if (s.defaultNext() != null) {
                target(s.defaultNext(), next);
                return next;
            }
            // no default: when no case holds, the switch goes on like any step without next
        } else if (step.common().next() != null) {
            target(step.common().next(), next);
            return next;
        }
        if (i + 1 < steps.size() && !handlers.contains(steps.get(i + 1).id())) {
            next.add(i + 1);
        }
        return next;
    }

    private void target(String id, List<Integer> into) {
        Integer i = id == null ? null : index.get(id);
        if (i != null && !into.contains(i)) {
            into.add(i);
        }
    }
}
