package dev.weft.engine.expr;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;
import com.dashjoin.jsonata.Jsonata.JFunctionCallable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Replacements for dashjoin's built-in functions that would make evaluation depend on the host (clock,
 * randomness, time zone), evaluate code built at run time, or build a huge value from small arguments
 * before {@link Bounds} could see it. Every other built-in is standard JSONata and stays as it is; none of
 * them reaches Java classes, files, the environment or the network. Stateless; thread-safe.
 */
final class Builtins {
    private Builtins() {
    }

    /** Overrides installed once per compiled expression. */
    static void install(Jsonata expression) {
        expression.registerFunction("random", refused("$random()", "it is not repeatable"));
        expression.registerFunction("shuffle", refused("$shuffle()", "it is not repeatable"));
        expression.registerFunction("eval", refused("$eval()",
                "expressions are compiled once and checked before a flow runs; write the expression itself"));
        // dashjoin's $pad grows its padding by string concatenation (quadratic) and interns its arguments
        expression.registerFunction("pad", fn("<s-ns?:s>", args -> {
            Number width = (Number) arg(args, 1);
            if (width != null && Math.abs(width.doubleValue()) > Bounds.MAX_STRING_LENGTH) {
                throw Bounds.tooLarge("a $pad() of width " + width.longValue());
            }
            return pad((String) arg(args, 0), width == null ? 0 : width.intValue(), (String) arg(args, 2));
        }));
        expression.registerFunction("join", fn("<a<s>s?:s>", args -> {
            @SuppressWarnings("unchecked")
            List<String> strings = (List<String>) arg(args, 0);
            String separator = (String) arg(args, 1);
            if (strings != null) {
                long length = (long) strings.size() * (separator == null ? 0 : separator.length());
                for (String s : strings) {
                    length += s == null ? 0 : s.length();
                }
                checkLength("$join()", length);
            }
            return Functions.join(strings, separator);
        }));
        expression.registerFunction("string", fn("<x-b?:s>", args -> {
            checkLength("$string()", jsonSize(arg(args, 0), Bounds.MAX_STRING_LENGTH + 1L));
            return Functions.string(arg(args, 0), (Boolean) arg(args, 1));
        }));
        // $clone serializes and parses; the transform operator (~> | |) calls it too
        expression.registerFunction("clone", fn("<(oa)-:o>", args -> {
            checkLength("$clone()", jsonSize(arg(args, 0), Bounds.MAX_RESULT_SIZE + 1L));
            return Functions.functionClone(arg(args, 0));
        }));
        // The functions that take a regular expression look for its matches once, bounded, before they run
        expression.registerFunction("match", fn("<s-f<s:o>n?:a<o>>", args -> {
            String text = (String) arg(args, 0);
            Number limit = (Number) arg(args, 2);
            boundedRegex(text, arg(args, 1), limit == null || limit.longValue() < 0 ? -1 : limit.longValue());
            List<?> found = Functions.match(text, (Pattern) arg(args, 1),
                    limit == null ? null : limit.intValue());
            // dashjoin returns one match more than the limit; JSONata returns at most the limit
            return found != null && limit != null && limit.intValue() >= 0 && found.size() > limit.intValue()
                    ? cut(found, limit.intValue())
                    : found;
        }));
        expression.registerFunction("contains", fn("<s-(sf):b>", args -> {
            String text = (String) arg(args, 0);
            if (text != null && arg(args, 1) instanceof Pattern regex) {
                return Regexes.check(Bounds.current(), regex, text, 1) > 0; // one match answers it
            }
            return Functions.contains(text, arg(args, 1));
        }));
        expression.registerFunction("split", fn("<s-(sf)n?:a<s>>", args -> {
            String text = (String) arg(args, 0);
            boundedRegex(text, arg(args, 1), -1);
            return Functions.split(text, arg(args, 1), (Number) arg(args, 2));
        }));
        expression.registerFunction("replace", fn("<s-(sf)(sf)n?:s>", args -> {
            String text = (String) arg(args, 0);
            Number limit = (Number) arg(args, 3);
            long found = boundedRegex(text, arg(args, 1),
                    limit == null || limit.longValue() < 0 ? -1 : limit.longValue());
            if (text != null && arg(args, 2) instanceof String replacement && !replacement.isEmpty()) {
                long matches = arg(args, 1) instanceof Pattern
                        ? found
                        : matches(text, arg(args, 1), limit == null ? Long.MAX_VALUE : limit.longValue());
                checkLength("$replace()", text.length() + matches * replacement.length());
            }
            return Functions.replace(text, arg(args, 1), arg(args, 2),
                    limit == null ? null : limit.intValue());
        }));
        // dashjoin reads a date-time without offset in the host's time zone; Weft reads it as UTC
        expression.registerFunction("toMillis", fn("<s-s?:n>", args -> {
            String timestamp = (String) arg(args, 0);
            String picture = (String) arg(args, 1);
            if (timestamp != null && picture == null) {
                try {
                    return LocalDateTime.parse(timestamp).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException notLocal) {
                    // has an offset, or is a plain date: dashjoin's parsing does not depend on the host
                }
            }
            return Functions.dateTimeToMillis(timestamp, picture);
        }));
    }

    /** Binds {@code $now()} and {@code $millis()} to the execution's recorded start for one evaluation. */
    static void bindClock(Jsonata.Frame frame, Scope scope) {
        LongSupplier start = () -> startedAt(scope);
        frame.bind("now", fn("<s?s?:s>", args -> Functions.dateTimeFromMillis(start.getAsLong(),
                (String) arg(args, 0), (String) arg(args, 1))));
        frame.bind("millis", fn("<:n>", args -> start.getAsLong()));
    }

    private static long startedAt(Scope scope) {
        if (scope.javaView().get("execution") instanceof Map<?, ?> execution
                && execution.get("startedAt") instanceof String startedAt) {
            try {
                return Instant.parse(startedAt).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new Bounds.Violation("$now() and $millis() return execution.startedAt, which is not an"
                        + " ISO-8601 instant: '" + startedAt + "'");
            }
        }
        throw new Bounds.Violation("$now() and $millis() return execution.startedAt, which is not in scope"
                + " (the clock is not read during evaluation so that replays decide the same way)");
    }

    /** JSONata's $pad: widths count code points, a negative width pads on the left, pad text repeats. */
    static String pad(String text, int width, String with) {
        if (text == null) {
            return null;
        }
        int[] padding = (with == null || with.isEmpty() ? " " : with).codePoints().toArray();
        int missing = Math.abs(width) - text.codePointCount(0, text.length());
        if (missing <= 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + missing * 2);
        if (width > 0) {
            out.append(text);
        }
        for (int i = 0; i < missing; i++) {
            out.appendCodePoint(padding[i % padding.length]);
        }
        if (width < 0) {
            out.append(text);
        }
        return out.toString();
    }

    /** The first {@code n} items of a sequence, as a sequence of the same kind. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<?> cut(List<?> sequence, int n) {
        List out = com.dashjoin.jsonata.Utils.createSequence();
        for (int i = 0; i < n; i++) {
            out.add(sequence.get(i));
        }
        return out;
    }

    /** Looks for a regular expression's matches under the evaluation's bounds ({@link Regexes}). */
    private static long boundedRegex(String text, Object pattern, long limit) {
        return pattern instanceof Pattern regex ? Regexes.check(Bounds.current(), regex, text, limit) : 0;
    }

    private static JFunction refused(String name, String why) {
        return fn(null, args -> {
            throw new Bounds.Violation(name + " is not available in Weft expressions: " + why);
        });
    }

    private interface Body {
        Object apply(List<?> args) throws Throwable;
    }

    private static JFunction fn(String signature, Body body) {
        JFunctionCallable callable = (input, args) -> body.apply(args == null ? List.of() : args);
        return new JFunction(callable, signature);
    }

    private static Object arg(List<?> args, int i) {
        Object value = i < args.size() ? args.get(i) : null;
        return value == Jsonata.NULL_VALUE ? null : value;
    }

    private static void checkLength(String function, long length) {
        if (length > Bounds.MAX_STRING_LENGTH) {
            throw Bounds.tooLarge(function + " of " + (length > Bounds.MAX_RESULT_SIZE
                    ? "more than "
                            + Bounds.MAX_RESULT_SIZE
                    : Long.toString(length)) + " characters");
        }
    }

    private static long matches(String text, Object pattern, long limit) {
        long count = 0;
        if (pattern instanceof String literal && !literal.isEmpty()) {
            for (int at = text.indexOf(literal); at >= 0 && count < limit; at = text.indexOf(literal,
                    at + literal.length())) {
                count++;
            }
        }
        return count;
    }

    /** The length of a value's JSON text, counted until it passes {@code limit}. */
    static long jsonSize(Object value, long limit) {
        long[] left = {limit};
        jsonSize(value, left);
        return limit - left[0];
    }

    private static void jsonSize(Object value, long[] left) {
        if (left[0] < 0) {
            return;
        }
        if (value instanceof String s) {
            left[0] -= s.length() + 2;
        } else if (value instanceof Map<?, ?> map) {
            left[0] -= 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                left[0] -= String.valueOf(e.getKey()).length() + 4;
                jsonSize(e.getValue(), left);
                if (left[0] < 0) {
                    return;
                }
            }
        } else if (value instanceof List<?> list) {
            left[0] -= 2;
            for (Object item : list) {
                jsonSize(item, left);
                if (left[0] < 0) {
                    return;
                }
            }
        } else {
            left[0] -= 8; // numbers, booleans, null
        }
    }
}
