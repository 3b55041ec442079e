package dev.weft.server.api;

import dev.weft.engine.flow.Instants;
import dev.weft.connector.Suggestions;
import dev.weft.server.http.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of a request, checked: an unknown or repeated parameter, a bad instant (or one outside
 * the years 0001 to 9999) or a limit out of range is a 400 {@code query.invalid} naming the parameter and the
 * form it takes; a request that takes none is checked by {@link #none}. Immutable.
 */
final class QueryParams {
    /** The first and the last instant a parameter may name: the years 0001 to 9999. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** The parameters of a request that takes none. */
    static final Set<String> NONE = Set.of();

    private final Map<String, List<String>> params;

    private QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    /** Checks that a request that takes no query parameters was given none. */
    static void none(Map<String, List<String>> params) {
        check(params, NONE, NONE);
    }

    /**
     * Checks that every parameter is one of {@code allowed} and given once.
     *
     * @param listed the parameters that take a comma-separated list (the hint for a repeated one says so)
     */
    static QueryParams check(Map<String, List<String>> params, Set<String> allowed, Set<String> listed) {
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            if (!allowed.contains(p.getKey())) {
                String hint = allowed.isEmpty()
                        ? "; this request takes no query parameters"
                        : Suggestions.closest(p.getKey(), allowed)
                                .map(s -> "; did you mean " + s + "?")
                                .orElse("; parameters: " + String.join(", ", new TreeSet<>(allowed)));
                throw invalid("'" + p.getKey() + "' is not a parameter of this request" + hint);
            }
            if (p.getValue().size() > 1) {
                throw invalid(p.getKey() + " is given " + p.getValue().size() + " times; give it once"
                        + (listed.contains(p.getKey()) ? " (a comma-separated list)" : ""));
            }
        }
        return new QueryParams(params);
    }

    /** The parameter's value, or null when it is not given. */
    String one(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /**
     * An ISO-8601 instant, or a duration ago such as {@code 1h} counted back from {@code now}, in the years
     * 0001 to 9999 (the stores keep epoch milliseconds, which an instant far beyond them overflows); null when
     * absent.
     */
    Instant instant(String name, Instant now) {
        String value = one(name);
        if (value == null) {
            return null;
        }
        Instant at = Instants.parse(value, now).orElseThrow(() -> invalid(name + " must be "
                + Instants.EXPECTED + ", but was '" + value + "'"
                + (value.contains(" ") ? " (write '+' in an offset as %2B)" : "")));
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw invalid(
                    name + " must be " + Instants.EXPECTED + ", within the years 0001 to 9999, but was '"
                            + value + "'");
        }
        return at;
    }

    /** {@code limit}, from 1 to {@code max}; {@code otherwise} when absent. */
    int limit(int otherwise, int max) {
        return (int) integer("limit", otherwise, 1, max);
    }

    /** A whole number from {@code min} to {@code max}; {@code otherwise} when absent. */
    long integer(String name, long otherwise, long min, long max) {
        String value = one(name);
        if (value == null) {
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw invalid(name + " must be " + (max == Long.MAX_VALUE
                    ? "a whole number from " + min
                    : "from " + min + " to " + max) + ", but was '" + value + "'");
        }
        return n;
    }

    static ApiException invalid(String message) {
        return ApiException.badRequest("query.invalid", message);
    }
}
