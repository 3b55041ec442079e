package dev.weft.cli;

/** Exit codes of every command, documented in {@code weft --help}. */
final class ExitCodes {
    static final int OK = 0;
    /** The execution ended failed or cancelled. */
    static final int EXECUTION_FAILED = 1;
    /** Bad usage, an invalid flow or invalid input. */
    static final int INVALID = 2;
    /** The command stopped while the execution still waits (a signal, or --timeout passed). */
    static final int STILL_WAITING = 3;

    private ExitCodes() {
    }
}
