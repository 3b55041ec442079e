package dev.weft.cli;

import dev.weft.engine.flow.Instants;
import java.time.Instant;

/**
 * TIME options ({@code --since}, {@code --until}): an ISO-8601 instant, or a duration before now such as
 * {@code 1h} or {@code 7d}, read as the executions API reads them.
 */
final class Times {
    /** What a TIME option's help says it takes. */
    static final String HELP = "an ISO-8601 instant such as 2026-11-22T10:00:00Z, or a duration before now"
            + " such as 1h or 7d";

    private Times() {
    }

    /**
     * The instant {@code value} names (null when it is null), durations counted back from {@code now};
     * throws {@link IllegalArgumentException} (exit 2) naming {@code option} otherwise.
     */
    static Instant instant(String option, String value, Instant now) {
        if (value == null) {
            return null;
        }
        return Instants.parse(value, now).orElseThrow(() -> new IllegalArgumentException(
                option + " must be " + Instants.EXPECTED + ", but was '" + value + "'"));
    }

    /** Checks that {@code since} is not after {@code until} (either may be null). */
    static void checkRange(Instant since, Instant until) {
        if (since != null && until != null && since.isAfter(until)) {
            throw new IllegalArgumentException(
                    "--since (" + since + ") must not be after --until (" + until + ")");
        }
    }
}
