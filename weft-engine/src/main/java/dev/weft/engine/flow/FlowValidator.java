package dev.weft.engine.flow;

import dev.weft.connector.Suggestions;

import dev.weft.engine.flow.StepLists.PlacedStep;
import dev.weft.engine.flow.StepLists.StepList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a bound flow for what binding alone cannot see: duplicate step ids, names of steps that do
 * not exist, unreachable steps, expressions that do not parse, an invalid input schema and, when the
 * known operations are given, unknown operations. {@link FlowReader} runs it on every file it reads.
 * Immutable and thread-safe.
 */
public final class FlowValidator {
    private final Set<String> knownOperations;
    private final CallCheck callCheck;

    private FlowValidator(Set<String> knownOperations, CallCheck callCheck) {
        this.knownOperations = Set.copyOf(knownOperations);
        this.callCheck = callCheck;
    }

    /** As {@link #of(Set)}, also running {@code callCheck} on each call of a known operation. */
    public static FlowValidator of(Set<String> knownOperations, CallCheck callCheck) {
        return new FlowValidator(knownOperations, callCheck);
    }

    /**
     * A validator that also rejects a {@code call} whose operation is not in {@code knownOperations}; an
     * empty set skips that check (for example when no connectors are loaded).
     */
    public static FlowValidator of(Set<String> knownOperations) {
        return new FlowValidator(knownOperations, CallCheck.NONE);
    }

    /** A validator that accepts any well-formed operation name. */
    public static FlowValidator anyOperation() {
        return new FlowValidator(Set.of(), CallCheck.NONE);
    }

    /**
     * Problems of a flow built in code rather than read from a file. Their locations are line 0, column 0
     * of the flow's qualified name; their paths are exact.
     */
    public List<Problem> validate(Flow flow) {
        Problems problems = new Problems(Locator.unknown(flow.qualifiedName()));
        validate(flow, problems);
        return problems.sorted();
    }

    void validate(Flow flow, Problems problems) {
        StepLists lists = StepLists.of(flow);
        duplicateIds(lists, problems);
        for (StepList list : lists.lists()) {
            PathCheck.check(list, problems);
        }
        Set<String> stepIds = new TreeSet<>();
        for (PlacedStep placed : lists.steps()) {
            if (placed.step().id() != null) {
                stepIds.add(placed.step().id());
            }
        }
        ExpressionCheck expressions = new ExpressionCheck(problems, stepIds);
        for (PlacedStep placed : lists.steps()) {
            expressions.check(placed);
            operation(placed, problems);
            agent(placed, problems);
        }
        approvalSignals(lists, problems);
        InputSchemaCheck.check(flow.inputSchema(), problems);
    }

    /** An await may not wait for an agent's approval signal: it would take the approvals meant for the agent. */
    private static void approvalSignals(StepLists lists, Problems problems) {
        Map<String, String> agents = new HashMap<>();
        for (PlacedStep placed : lists.steps()) {
            if (placed.step() instanceof Step.Agent a && a.id() != null && a.needsApproval()) {
                agents.put(a.approvalSignal(), a.id());
            }
        }
        for (PlacedStep placed : lists.steps()) {
            if (placed.step() instanceof Step.Await a && agents.containsKey(a.signal())) {
                problems.at(Pointers.child(placed.pointer(), "signal"), placed.owner() + ": signal '"
                        + a.signal()
                        + "' is how agent step '" + agents.get(a.signal()) + "' is told its tool calls are"
                        + " approved; an await of it would take those approvals: choose another signal name");
            }
        }
    }

    private static void duplicateIds(StepLists lists, Problems problems) {
        Map<String, String> firstAt = new HashMap<>();
        for (PlacedStep placed : lists.steps()) {
            String id = placed.step().id();
            if (id == null) {
                continue;
            }
            String idPointer = Pointers.child(placed.pointer(), "id");
            String first = firstAt.putIfAbsent(id, idPointer);
            if (first != null) {
                SourceLocation where = problems.locator().at(first);
                problems.at(idPointer, "step id '" + id + "' is already used by the step at "
                        + (where.line() > 0 ? "line " + where.line() : Pointers.parent(first))
                        + "; step ids must be unique in the whole flow, nested steps included");
            }
        }
    }

    /**
     * Whether {@code operation} is declared, or is {@code <id>.<name>} of a connector listed as {@code <id>.*},
     * whose systems offer operations of their own (the system called says at run time whether it has it).
     */
    private boolean known(String operation) {
        if (knownOperations.contains(operation)) {
            return true;
        }
        int dot = operation.indexOf('.');
        return dot > 0 && dot < operation.length() - 1
                && knownOperations.contains(operation.substring(0, dot) + ".*");
    }

    /** An agent's model operation and tools must be ones the platform has. */
    private void agent(PlacedStep placed, Problems problems) {
        if (knownOperations.isEmpty() || !(placed.step() instanceof Step.Agent agent)) {
            return;
        }
        if (!knownOperations.contains(Step.Agent.CHAT)) {
            problems.at(Pointers.child(placed.pointer(), "system"), placed.owner() + ": an agent step calls '"
                    + Step.Agent.CHAT + "' of its system each turn, but this platform has no llm connector");
        }
        for (int i = 0; i < agent.tools().size(); i++) {
            String operation = agent.tools().get(i).operation();
            if (!knownOperations.contains(operation) && known(operation)) {
                problems.at(Pointers.child(Pointers.child(Pointers.child(placed.pointer(), "tools"), i),
                        "operation"),
                        placed.owner() + ": '" + operation + "' is an operation a system offers of"
                                + " its own, whose input schema only the system knows; an agent's tools are"
                                + " declared operations (such as openapi.call)");
            } else if (!known(operation)) {
                String hint = Suggestions.didYouMean(operation, knownOperations);
                problems.at(Pointers.child(Pointers.child(Pointers.child(placed.pointer(), "tools"), i),
                        "operation"),
                        placed.owner() + ": unknown operation '" + operation + "'"
                                + (hint.isEmpty() ? "." : hint) + " Known operations: "
                                + String.join(", ", new TreeSet<>(knownOperations)));
            }
        }
    }

    private void operation(PlacedStep placed, Problems problems) {
        if (knownOperations.isEmpty() || !(placed.step() instanceof Step.Call call)
                || call.operation() == null) {
            return;
        }
        if (!knownOperations.contains(call.operation()) && known(call.operation())) {
            // an operation a system offers of its own: the step must name the system, and the name be one
            String name = call.operation().substring(call.operation().indexOf('.') + 1);
            if (call.system() == null) {
                problems.at(Pointers.child(placed.pointer(), "operation"), placed.owner() + ": operation '"
                        + call.operation()
                        + "' is one a system offers of its own: name the system ('system')");
            } else if (!name.matches("[a-z][a-z0-9_]*")) {
                problems.at(Pointers.child(placed.pointer(), "operation"), placed.owner() + ": operation '"
                        + call.operation() + "' cannot be a system's operation: their names are lower case"
                        + " letters, digits and '_' (an OpenAPI operationId in snake case, such as"
                        + " openapi.get_pet_by_id)");
            }
            return;
        }
        if (known(call.operation())) {
            for (TriggerCheck.Finding f : callCheck.check(call.operation(), call.system(), call.with())) {
                problems.at(placed.pointer() + f.pointer(), placed.owner() + ": " + f.message());
            }
            return;
        }
        String hint = Suggestions.didYouMean(call.operation(), knownOperations);
        problems.at(Pointers.child(placed.pointer(), "operation"), placed.owner() + ": unknown operation '"
                + call.operation() + "'" + (hint.isEmpty() ? "." : hint) + " Known operations: "
                + String.join(", ", new TreeSet<>(knownOperations)));
    }
}
