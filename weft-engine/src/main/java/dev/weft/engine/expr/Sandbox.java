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
        Regexes.checkPlacement(expression, offset);
        Jsonata compiled;
        try {
            compiled = Jsonata.jsonata(expression);
        } catch (JException e) {
            throw new ExpressionException(filled(e.getMessage()), offset + Math.max(0, e.getLocation()), e);
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
        try {
            Bounds.install(frame);
            Builtins.bindClock(frame, scope);
            return expression.evaluate(scope.javaView(), frame);
        } catch (JException e) {
            Bounds.Violation violation = violation(e);
            if (violation != null) {
                throw new ExpressionException(violation.getMessage(), offset, null);
            }
            throw new ExpressionException(filled(e.getMessage()), offset + Math.max(0, e.getLocation()), e);
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
            throw new ExpressionException("expression failed: " + inFlowTerms(rootCause(e)), offset, e);
        } finally {
            Bounds.clear();
        }
    }

    /**
     * A JSONata message with the placeholders its library left unfilled ({@code {{type}}}) put in words, so
     * that no template syntax reaches a flow's error.
     */
    static String filled(String message) {
        if (message == null) {
            return "the expression could not be evaluated";
        }
        return message.replace("{{type}}", "the type the function takes")
                .replace("{{value}}", "the value").replace("{{token}}", "the function")
                .replaceAll("\\{\\{\\w+}}", "(unknown)");
    }

    /** What went wrong, in the terms of the flow's values rather than Java's classes. */
    static String inFlowTerms(Throwable e) {
        String message = e.getMessage();
        if (e instanceof ClassCastException && message != null) {
            java.util.regex.Matcher m = CAST.matcher(message);
            if (m.find()) {
                return "a value is " + article(valueKind(m.group(1))) + " where "
                        + article(valueKind(m.group(2)))
                        + " is expected";
            }
            return "a value has the wrong type for this operation";
        }
        if (e instanceof NullPointerException) {
            return "a value it needs is missing (null or absent)";
        }
        if (e instanceof ArithmeticException) {
            return "arithmetic failed: " + (message == null ? "the result is not a number" : message);
        }
        if (message == null || message.isBlank()) {
            return "it could not be evaluated (" + e.getClass().getSimpleName().replaceAll("Exception$", "")
                    .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + ")";
        }
        return message;
    }

    private static final java.util.regex.Pattern CAST = java.util.regex.Pattern
            .compile("class ([\\w.$]+) cannot be cast to class ([\\w.$]+)");

    private static String valueKind(String javaClass) {
        String simple = javaClass.substring(javaClass.lastIndexOf('.') + 1);
        return switch (simple) {
            case "String", "Character" -> "text";
            case "Integer", "Long", "Double", "Float", "BigDecimal", "BigInteger", "Number", "Short",
                    "Byte" ->
                "number";
            case "Boolean" -> "boolean";
            default -> simple.endsWith("List") || simple.endsWith("Sequence") || simple.startsWith("JList")
                    ? "array"
                    : simple.endsWith("Map")
                            ? "object"
                            : simple.contains("Function") || simple.contains("Lambda")
                                    ? "function"
                                    : "value of another kind";
        };
    }

    private static String article(String kind) {
        return kind.equals("text")
                ? kind
                : (kind.startsWith("a") || kind.startsWith("o") ? "an " : "a ") + kind;
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
