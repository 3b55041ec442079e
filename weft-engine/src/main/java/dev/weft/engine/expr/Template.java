package dev.weft.engine.expr;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A string that may hold JSONata expressions between {@code {{ }}}. A string that is exactly one
 * expression ({@code "{{ a.b }}"}, nothing around it) yields the expression's typed value (undefined
 * becomes JSON null); any other string interpolates: strings as they are, numbers, booleans, objects and
 * arrays as JSON text, null and undefined as nothing.
 *
 * <p>Expressions see the names of a {@link Scope} as top-level fields: {@code input.amount},
 * {@code execution.startedAt}, a step's output by its id. A step id that is not a plain name, such as
 * {@code notify-finance}, is quoted with backquotes: {@code `notify-finance`.status}. {@code $now()} and
 * {@code $millis()} return {@code execution.startedAt}; {@code $random()}, {@code $shuffle()} and
 * {@code $eval()} are refused (see {@code Builtins}). Compiled once, evaluated many times; thread-safe.
 */
public final class Template {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private final String source;
    private final List<Object> parts; // String literals and Compiled expressions

    private Template(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    record Compiled(String text, int offset, int textOffset, Jsonata expression) {
    }

    /** One expression of a template as written, without its braces, and where it starts in the template. */
    public record Source(String text, int offset) {
    }

    /** The expressions of this template, in order. */
    public List<Source> expressions() {
        List<Source> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Compiled c) {
                all.add(new Source(c.text(), c.textOffset()));
            }
        }
        return all;
    }

    /** Parses {@code text}; fails with the offset of the first malformed or unclosed expression. */
    public static Template parse(String text) throws ExpressionException {
        List<Object> parts = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf(OPEN, pos);
            if (open < 0) {
                parts.add(text.substring(pos));
                break;
            }
            if (open > pos) {
                parts.add(text.substring(pos, open));
            }
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                throw new ExpressionException("expression opened with '{{' is not closed with '}}'", open,
                        null);
            }
            String expr = text.substring(open + OPEN.length(), close);
            int exprOffset = open + OPEN.length();
            if (expr.isBlank()) {
                throw new ExpressionException("empty expression '{{ }}'", open, null);
            }
            int lead = expr.length() - expr.stripLeading().length();
            parts.add(new Compiled(expr.strip(), exprOffset, exprOffset + lead,
                    Sandbox.compile(expr, exprOffset)));
            pos = close + CLOSE.length();
        }
        return new Template(text, List.copyOf(parts));
    }

    /** Whether a string contains an expression at all; plain strings need no template. */
    public static boolean hasExpression(String text) {
        return text.contains(OPEN);
    }

    public String source() {
        return source;
    }

    /**
     * Evaluates against a scope (top-level names such as {@code input} or a step id, each a JSON value
     * or a Java value as {@link Scope} holds them).
     */
    public JsonNode evaluate(Scope scope) throws ExpressionException {
        if (parts.size() == 1 && parts.get(0) instanceof Compiled only) {
            return Sandbox.toJson(Sandbox.evaluate(only.expression(), only.offset(), scope), only.offset());
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Compiled c) {
                Object value = Sandbox.evaluate(c.expression(), c.offset(), scope);
                out.append(Sandbox.toText(value, c.offset()));
                if (out.length() > Bounds.MAX_STRING_LENGTH) {
                    throw new ExpressionException(Bounds.tooLarge("a string of " + out.length()
                            + " characters").getMessage(), c.offset(), null);
                }
            } else {
                out.append((String) part);
            }
        }
        return TextNode.valueOf(out.toString());
    }

    /** Evaluates and tells whether the result is truthy in JSONata's sense. */
    public boolean test(Scope scope) throws ExpressionException {
        if (parts.size() == 1 && parts.get(0) instanceof Compiled only) {
            Object value = Sandbox.evaluate(only.expression(), only.offset(), scope);
            return value != null && value != Jsonata.NULL_VALUE && Jsonata.boolize(value);
        }
        JsonNode v = evaluate(scope);
        return !v.asText().isEmpty();
    }
}
