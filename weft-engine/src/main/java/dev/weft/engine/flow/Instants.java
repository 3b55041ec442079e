package dev.weft.engine.flow;

import dev.weft.connector.Durations;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Points in time as a query writes them: an ISO-8601 instant ({@code 2026-11-22T10:00:00Z}, or with an
 * offset such as {@code +01:00}), or a {@link Durations duration} meaning that long before now
 * ({@code 1h}, {@code 7d}, {@code PT30M}). Used by the executions API and the command line. Stateless.
 */
public final class Instants {
    public static final String EXPECTED = "an ISO-8601 instant such as 2026-11-22T10:00:00Z, or a duration"
            + " before now such as 15m, 1h, 7d or PT30M";

    private Instants() {
    }

    /** The instant {@code text} names, durations counted back from {@code now}; empty when it names none. */
    public static Optional<Instant> parse(String text, Instant now) {
        String s = text.strip();
        boolean iso8601Duration = s.startsWith("P") || s.startsWith("p");
        if (!iso8601Duration && (s.indexOf('T') > 0 || s.indexOf('t') > 0)) {
            try {
                return Optional.of(Instant.parse(s));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Optional<Duration> ago = Durations.parse(s);
        if (ago.isEmpty() || ago.get().isNegative()) {
            return Optional.empty();
        }
        try {
            return Optional.of(now.minus(ago.get()));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty(); // before the earliest instant: not meant
        }
    }
}
