package dev.weft.engine.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a flow file (YAML, or JSON when the name ends in {@code .json}), binds it to a {@link Flow} and
 * validates it, reporting every problem found with its file, line, column and JSON path. Stateless and
 * thread-safe.
 */
public final class FlowReader {
    /** Checks of trigger types the engine itself serves; a caller's check of the same type replaces it. */
    private static final java.util.Map<String, TriggerCheck> BUILT_IN_CHECKS = java.util.Map.of(
            dev.weft.engine.schedule.ScheduleTriggers.TYPE,
            dev.weft.engine.schedule.ScheduleTriggers.check());

    /**
     * What reading a flow file gave.
     *
     * @param flow the flow, or null when there is any problem
     * @param problems every problem found, in file order; empty when the flow is usable
     */
    public record Result(Flow flow, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private FlowReader() {
    }

    /** Reads a file; problems are located in {@code file} as given. */
    public static Result read(Path file) throws IOException {
        return read(file, Set.of());
    }

    /** Reads a file, also rejecting operations not in {@code knownOperations} unless it is empty. */
    public static Result read(Path file, Set<String> knownOperations) throws IOException {
        return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8), knownOperations);
    }

    /** Reads flow text; {@code fileName} chooses the syntax and names the file in problems. */
    public static Result read(String fileName, String text) {
        return read(fileName, text, Set.of());
    }

    /** Reads flow text, also rejecting operations not in {@code knownOperations} unless it is empty. */
    public static Result read(String fileName, String text, Set<String> knownOperations) {
        return read(fileName, text, knownOperations, java.util.Map.of());
    }

    /**
     * Reads flow text, also rejecting operations not in {@code knownOperations} unless it is empty, and
     * running {@code triggerChecks} (by trigger type) on each trigger.
     */
    public static Result read(String fileName, String text, Set<String> knownOperations,
            java.util.Map<String, TriggerCheck> triggerChecks) {
        return read(fileName, text, knownOperations, triggerChecks, CallCheck.NONE);
    }

    /** As {@link #read(String, String, Set, java.util.Map)}, also running {@code callCheck} on each call step. */
    public static Result read(String fileName, String text, Set<String> knownOperations,
            java.util.Map<String, TriggerCheck> triggerChecks, CallCheck callCheck) {
        List<Problem> syntax = new ArrayList<>();
        SourceTree tree = SourceTree.parse(fileName, text, syntax);
        if (tree.root() == null) {
            return new Result(null, syntax);
        }
        Problems problems = new Problems(tree);
        syntax.forEach(problems::add);
        java.util.Map<String, TriggerCheck> checks = new java.util.HashMap<>(BUILT_IN_CHECKS);
        checks.putAll(triggerChecks);
        Flow flow = new FlowBinder(problems, checks).bind(tree.root());
        if (flow != null) {
            FlowValidator.of(knownOperations, callCheck).validate(flow, problems);
        }
        return problems.isEmpty() ? new Result(flow, List.of()) : new Result(null, problems.sorted());
    }
}
