package dev.weft.engine;

import java.util.List;

/**
 * A signal whose name no {@code await} step of the execution's pinned flow version declares: no step could
 * ever take it. {@link #declared} lists the names that one could. Immutable.
 */
public final class UnknownSignalException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> declared;

    public UnknownSignalException(String executionId, String flow, String name, List<String> declared) {
        super(declared.isEmpty()
                ? "execution " + executionId + " waits for no signal: flow " + flow + " has no await step,"
                        + " so signal '" + name + "' would never be taken"
                : "execution " + executionId + " has no await step for signal '" + name + "'; flow " + flow
                        + " awaits " + String.join(", ", declared.stream().map(n -> "'" + n + "'").toList()));
        this.declared = List.copyOf(declared);
    }

    /** The signal names the await steps of the execution's flow version declare, sorted. */
    public List<String> declared() {
        return declared;
    }
}
