package dev.weft.cli;

/** Exit codes of every command, documented in {@code weft --help}. */
final class ExitCodes {
    static final int OK = 0;
    /** The execution ended failed or cancelled. */
    static final int EXECUTION_FAILED = 1;
    /**
     * An operation on a server or a store failed ({@code weft deploy}, {@code weft vault}): the server
     * could not be reached or refused the API key, the store failed. What was done is printed.
     */
    static final int FAILED = 1;
    /** Bad usage, an invalid flow or invalid input; for {@code weft deploy}, a flow the server refused. */
    static final int INVALID = 2;
    /** The command stopped while the execution still waits (a signal, or --timeout passed). */
    static final int STILL_WAITING = 3;

    private ExitCodes() {
    }
}
