package dev.weft.engine;

/**
 * A cancel, retry or replay that cannot be done in the execution's present state (a retry of an
 * execution that did not fail, a replay from a step it never ran). The message says why and what to do.
 */
public final class ExecutionControlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    public ExecutionControlException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable, dotted reason: {@code execution.not_found}, {@code retry.not_failed}, ... */
    public String code() {
        return code;
    }
}
