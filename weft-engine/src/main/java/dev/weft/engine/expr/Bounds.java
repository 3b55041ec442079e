package dev.weft.engine.expr;

import com.dashjoin.jsonata.Jsonata;
import java.util.List;

/**
 * The limits of one evaluation, enforced from JSONata's evaluate entry and exit callbacks: an amount of
 * work, a nesting depth, and the size of every intermediate string or sequence. The callbacks run around
 * every node of the expression, so a loop, a runaway recursion or a doubling string is stopped within one
 * step of crossing a bound. Built-ins that can make a large value from small arguments ({@code $pad},
 * {@code $join}, {@code $string}, {@code $replace}) are checked before they run, by {@link Builtins}.
 *
 * <p>Work, not time: every node evaluated counts one, and a long sequence it makes counts its items.
 * The same expression on the same data always
 * does the same work, so a pause of the process (a GC, a stopped process, a starved CPU, a slow read of a
 * stored output) cannot fail an evaluation that would succeed otherwise: the same rows plan the same
 * way (docs/design/expression-bounds.md). One instance per evaluation; not thread-safe.
 */
final class Bounds {
    /**
     * Units of work (see above) one evaluation may do: on the 2-core development machine an endless
     * recursion stops after about two seconds, a little later than the wall-clock second that this bound
     * replaces, and a lambda of a few steps mapped over a couple of hundred thousand items still fits.
     */
    static final long WORK_LIMIT = 3_000_000L;
    /** Nested evaluations (AST nodes, not only function calls); a recursive function uses several per call. */
    static final int DEPTH_LIMIT = 500;
    /** Characters of a string, items of a sequence, and (roughly) characters of a result's JSON text. */
    static final int MAX_STRING_LENGTH = 1_000_000;
    static final int MAX_SEQUENCE_SIZE = 1_000_000;
    static final long MAX_RESULT_SIZE = 4_000_000;

    /** Sequences at least this long count their items as work, once each. */
    private static final int COUNTED_SEQUENCE = 64;
    /** The long sequences counted so far; made when the first one is (most evaluations make none). */
    private java.util.Set<Object> counted;
    private long work;
    private int depth;
    /** Characters the regex engine may still read ({@link Regexes}). */
    private long regexSteps = Regexes.STEPS_PER_EVALUATION;

    /** The bounds of the evaluation running on this thread, for the built-ins ({@link Builtins}). */
    private static final ThreadLocal<Bounds> CURRENT = new ThreadLocal<>();

    /** Installs the limits into an evaluation frame; they are this thread's until {@link #clear}. */
    static void install(Jsonata.Frame frame) {
        Bounds bounds = new Bounds();
        frame.setEvaluateEntryCallback((expr, input, env) -> bounds.enter());
        frame.setEvaluateExitCallback((expr, input, env, result) -> bounds.exit(result));
        CURRENT.set(bounds);
    }

    /** The evaluation on this thread has ended. */
    static void clear() {
        CURRENT.remove();
    }

    /** The bounds of the evaluation on this thread; a fresh set when none was installed (a direct call). */
    static Bounds current() {
        Bounds bounds = CURRENT.get();
        return bounds != null ? bounds : new Bounds();
    }

    /** The regex engine read one more character. */
    void regexStep() {
        if (--regexSteps < 0) {
            throw new Violation("a regular expression took more than " + Regexes.STEPS_PER_EVALUATION
                    + " steps (it backtracks without end on this text: make its repetitions unambiguous, such"
                    + " as [^a]*a instead of .*a)");
        }
    }

    private void enter() {
        if (++depth > DEPTH_LIMIT) {
            throw new Violation("expression nested too deeply (more than " + DEPTH_LIMIT
                    + " levels; a recursive function that does not end?)");
        }
        charge(1);
    }

    private void exit(Object result) {
        depth--;
        if (result instanceof String s && s.length() > MAX_STRING_LENGTH) {
            throw tooLarge("a string of " + s.length() + " characters");
        }
        if (result instanceof List<?> l) {
            if (l.size() > MAX_SEQUENCE_SIZE) {
                throw tooLarge("a sequence of " + l.size() + " items");
            }
            // A node that makes a long sequence (a range, a path over many items) works in proportion to
            // its length; reading the same sequence again (a variable) does not, so each counts once.
            if (l.size() >= COUNTED_SEQUENCE) {
                if (counted == null) {
                    counted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                }
                if (counted.add(l)) {
                    charge(l.size());
                }
            }
        }
    }

    private void charge(long units) {
        work += units;
        if (work > WORK_LIMIT) {
            throw new Violation("expression did more than " + WORK_LIMIT + " units of work (steps evaluated"
                    + " and items made; an endless loop or recursion?)");
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
