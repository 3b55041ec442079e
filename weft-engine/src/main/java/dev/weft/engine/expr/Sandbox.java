package dev.weft.engine.expr;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compiles and evaluates JSONata (dashjoin's implementation) under {@link Bounds} and with the
 * {@link Builtins} overrides. JSONata reaches no Java class, file, environment variable or network address:
 * its input is plain maps, lists and scalars, and its functions are the standard library, which has no
 * reflective or I/O function; the tests in {@code SandboxEscapeTest} try.
 */
final class Sandbox {
    // A trivial expression compiled after each real one; see compile().
    private static final String DECOY = "0";

    private Sandbox() {
    }

    /** How deeply brackets may nest in one expression: far beyond what a flow needs, far below a stack's end. */
    static final int MAX_NESTING = 64;

    static Jsonata compile(String expression, int offset) throws ExpressionException {
        int nesting = nesting(expression);
        if (nesting > MAX_NESTING) {
            throw new ExpressionException(
                    "the expression nests brackets " + nesting + " levels deep; at most "
                            + MAX_NESTING + " are allowed: split it into steps or variables",
                    offset, null);
        }
        Jsonata compiled;
        try {
            compiled = Jsonata.jsonata(expression);
        } catch (JException e) {
            throw new ExpressionException(e.getMessage(), offset + Math.max(0, e.getLocation()), e);
        } catch (StackOverflowError e) {
            // A long chain of operators can still nest the parser deeply
            throw new ExpressionException("the expression is nested too deeply to read: split it into steps"
                    + " or variables", offset, null);
        } catch (RuntimeException e) {
            throw new ExpressionException("invalid expression: " + e.getMessage(), offset, e);
        }
        // dashjoin makes the last expression constructed on a thread that thread's evaluation state (a
        // thread-local "current" instance whose environment field changes during every evaluation on it).
        // Another thread evaluating that same compiled expression would then start from a frame of the
        // first thread's evaluation and could see its variables. Constructing a decoy leaves the decoy,
        // which nobody evaluates directly, as the per-thread state instead.
        Jsonata.jsonata(DECOY);
        // Input comes from Jackson trees, so it is valid JSON; validating walks the whole scope, which would
        // load every lazy value.
        compiled.setValidateInput(false);
        Builtins.install(compiled);
        return compiled;
    }

    /** The deepest nesting of (), [] and {} in the expression, outside string literals. */
    static int nesting(String expression) {
        int depth = 0;
        int deepest = 0;
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++; // the escaped character
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '(', '[', '{' -> deepest = Math.max(deepest, ++depth);
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
        }
        return deepest;
    }

    static Object evaluate(Jsonata expression, int offset, Scope scope) throws ExpressionException {
        Jsonata.Frame frame = expression.createFrame();
        Bounds.install(frame);
        Builtins.bindClock(frame, scope);
        try {
            return expression.evaluate(scope.javaView(), frame);
        } catch (JException e) {
            Bounds.Violation violation = violation(e);
            if (violation != null) {
                throw new ExpressionException(violation.getMessage(), offset, null);
            }
            throw new ExpressionException(e.getMessage(), offset + Math.max(0, e.getLocation()), e);
        } catch (StackOverflowError e) {
            throw new ExpressionException("expression nested too deeply", offset, null);
        } catch (OutOfMemoryError e) {
            // a last resort: the explicit bounds should stop a large value before it is made
            throw new ExpressionException("expression needed more memory than is available", offset, null);
        } catch (RuntimeException e) {
            Bounds.Violation violation = violation(e);
            if (violation != null) {
                throw new ExpressionException(violation.getMessage(), offset, null);
            }
            if (rootCause(e) instanceof StackOverflowError) {
                throw new ExpressionException("expression nested too deeply", offset, null);
            }
            if (rootCause(e) instanceof OutOfMemoryError) {
                throw new ExpressionException("expression needed more memory than is available", offset,
                        null);
            }
            throw new ExpressionException("expression failed: " + rootCause(e).getMessage(), offset, e);
        }
    }

    /** Converts a result to JSON under the result size bound. */
    static JsonNode toJson(Object value, int offset) throws ExpressionException {
        try {
            return Values.toJson(value);
        } catch (Bounds.Violation e) {
            throw new ExpressionException(e.getMessage(), offset, null);
        }
    }

    static String toText(Object value, int offset) throws ExpressionException {
        try {
            return Values.toText(value);
        } catch (Bounds.Violation e) {
            throw new ExpressionException(e.getMessage(), offset, null);
        }
    }

    // built-ins wrap what the callbacks throw (JFunction.call wraps any Throwable in a RuntimeException)
    private static Bounds.Violation violation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Bounds.Violation v) {
                return v;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
