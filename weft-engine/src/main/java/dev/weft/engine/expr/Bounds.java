package dev.weft.engine.expr;

import com.dashjoin.jsonata.Jsonata;
import java.util.List;

/**
 * The limits of one evaluation, enforced from JSONata's evaluate entry and exit callbacks: a deadline, a
 * nesting depth, and the size of every intermediate string or sequence. The callbacks run around every
 * node of the expression, so a loop, a runaway recursion or a doubling string is stopped within one step
 * of crossing a bound. Built-ins that can make a large value from small arguments ({@code $pad},
 * {@code $join}, {@code $string}, {@code $replace}) are checked before they run, by {@link Builtins}.
 * One instance per evaluation; not thread-safe.
 */
final class Bounds {
    static final long TIME_LIMIT_NANOS = 1_000_000_000L;
    /** Nested evaluations (AST nodes, not only function calls); a recursive function uses several per call. */
    static final int DEPTH_LIMIT = 500;
    /** Characters of a string, items of a sequence, and (roughly) characters of a result's JSON text. */
    static final int MAX_STRING_LENGTH = 1_000_000;
    static final int MAX_SEQUENCE_SIZE = 1_000_000;
    static final long MAX_RESULT_SIZE = 4_000_000;

    private final long deadline = System.nanoTime() + TIME_LIMIT_NANOS;
    private int depth;

    /** Installs the limits into an evaluation frame. */
    static void install(Jsonata.Frame frame) {
        Bounds bounds = new Bounds();
        frame.setEvaluateEntryCallback((expr, input, env) -> bounds.enter());
        frame.setEvaluateExitCallback((expr, input, env, result) -> bounds.exit(result));
    }

    private void enter() {
        if (++depth > DEPTH_LIMIT) {
            throw new Violation("expression nested too deeply (more than " + DEPTH_LIMIT
                    + " levels; a recursive function that does not end?)");
        }
        checkTime();
    }

    private void exit(Object result) {
        depth--;
        if (result instanceof String s && s.length() > MAX_STRING_LENGTH) {
            throw tooLarge("a string of " + s.length() + " characters");
        }
        if (result instanceof List<?> l && l.size() > MAX_SEQUENCE_SIZE) {
            throw tooLarge("a sequence of " + l.size() + " items");
        }
        checkTime();
    }

    private void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw new Violation("expression ran longer than " + TIME_LIMIT_NANOS / 1_000_000
                    + " ms (an endless loop or recursion?)");
        }
    }

    static Violation tooLarge(String what) {
        return new Violation("expression made " + what + ", more than the limit (" + MAX_STRING_LENGTH
                + " characters per string, " + MAX_SEQUENCE_SIZE + " items per sequence, " + MAX_RESULT_SIZE
                + " characters per result)");
    }

    /**
     * A bound was crossed or a forbidden function called. Not a JException, so JSONata's own error
     * handling cannot mistake it for a data error; built-ins may wrap it, {@link Sandbox} unwraps it.
     */
    static final class Violation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message, null, false, false); // no stack trace: thrown on purpose, caught one level up
        }
    }
}
