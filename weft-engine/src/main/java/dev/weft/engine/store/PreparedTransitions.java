package dev.weft.engine.store;

import java.util.List;

/**
 * Transitions made ready for their commit by the store that will write them ({@link ExecutionStore#prepare}),
 * on the thread that asks for the commit rather than on the writer that every execution waits for. What
 * a store prepares (the JDBC stores encode the rows' JSON) is its own affair; the engine only hands the
 * prepared transitions back to the same store's {@link ExecutionStore#applyPrepared}.
 */
public interface PreparedTransitions {

    /** The transitions, in order. */
    List<Transition> transitions();

    /** Transitions with nothing prepared. */
    static PreparedTransitions none(List<Transition> transitions) {
        List<Transition> copy = List.copyOf(transitions);
        return () -> copy;
    }
}
