package dev.weft.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.PreparedTransitions;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * A transition with the JSON text of every value {@link TransitionWriter} binds for it, in the order it
 * binds them. The JDBC stores encode transitions ahead of the commit, on the thread that asks for it
 * ({@code ExecutionStore.prepare}), so that the one writer thread binds text instead of walking trees.
 * Immutable once made.
 *
 * @param transition what is written
 * @param input the execution's input (a CREATE only; null otherwise)
 * @param output the execution's output, or null
 * @param error the execution's error, or null
 * @param trigger the execution's trigger (a CREATE only; null otherwise)
 * @param steps for each step in order, its output, error and input (three entries per step, nulls included)
 * @param events each event's payload, in order
 */
record EncodedTransition(Transition transition, String input, String output, String error, String trigger,
        String[] steps, String[] events) {

    static EncodedTransition of(Transition t) {
        ExecutionRecord e = t.execution();
        boolean create = t.kind() == Transition.Kind.CREATE;
        String[] steps = new String[t.steps().size() * 3];
        int i = 0;
        for (StepRecord s : t.steps()) {
            steps[i++] = text(s.output());
            steps[i++] = text(s.error());
            steps[i++] = text(s.input());
        }
        String[] events = new String[t.events().size()];
        for (int k = 0; k < events.length; k++) {
            events[k] = text(t.events().get(k).payload());
        }
        return new EncodedTransition(t, create ? text(e.input()) : null, text(e.output()), text(e.error()),
                create ? text(e.trigger()) : null, steps, events);
    }

    static List<EncodedTransition> of(List<Transition> transitions) {
        List<EncodedTransition> encoded = new ArrayList<>(transitions.size());
        for (Transition t : transitions) {
            encoded.add(of(t));
        }
        return encoded;
    }

    private static String text(JsonNode value) {
        return value == null ? null : Rows.json(value);
    }

    /** Transitions encoded by {@link JdbcExecutionStore#prepare}. */
    record Prepared(List<Transition> transitions,
            List<EncodedTransition> encoded) implements PreparedTransitions {
    }
}
