package dev.weft.cli;

import dev.weft.engine.flow.Instants;
import java.time.Instant;

/**
 * TIME options ({@code --since}, {@code --until}): an ISO-8601 instant, or a duration before now such as
 * {@code 1h} or {@code 7d}, in the years 0001 to 9999, read as the API reads them.
 */
final class Times {
    /** What a TIME option's help says it takes. */
    static final String HELP = "an ISO-8601 instant such as 2026-11-22T10:00:00Z, or a duration before now"
            + " such as 1h or 7d";

    /** The first and the last instant a TIME may name: the years 0001 to 9999, as the API takes. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Times() {
    }

    /**
     * The instant {@code value} names (null when it is null), durations counted back from {@code now};
     * throws {@link IllegalArgumentException} (exit 2) naming {@code option} otherwise, or when it is outside
     * the years 0001 to 9999.
     */
    static Instant instant(String option, String value, Instant now) {
        if (value == null) {
            return null;
        }
        Instant at = Instants.parse(value, now).orElseThrow(() -> new IllegalArgumentException(
                option + " must be " + Instants.EXPECTED + ", but was '" + value + "'"));
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            // As the API: the server would refuse it, and its stores cannot count that far.
            throw new IllegalArgumentException(option + " must be " + Instants.EXPECTED
                    + ", within the years 0001 to 9999, but was '" + value + "'");
        }
        return at;
    }

    /** Checks that {@code since} is not after {@code until} (either may be null). */
    static void checkRange(Instant since, Instant until) {
        if (since != null && until != null && since.isAfter(until)) {
            throw new IllegalArgumentException(
                    "--since (" + since + ") must not be after --until (" + until + ")");
        }
    }
}
