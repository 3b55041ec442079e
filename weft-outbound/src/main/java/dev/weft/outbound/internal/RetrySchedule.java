package dev.weft.outbound.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * When a delivery's next attempt is due: the schedule's delay for the attempt (±10 % jitter on every delay
 * but a zero one), or the receiver's {@code Retry-After} on a 429, 502, 503 or 504, at most
 * {@code retryAfterMax}. Immutable and thread-safe.
 */
final class RetrySchedule {
    static final double JITTER = 0.10;

    private final List<Duration> delays;
    private final Duration retryAfterMax;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1): the jitter's source, fixed in tests */
    RetrySchedule(List<Duration> delays, Duration retryAfterMax, DoubleSupplier random) {
        this.delays = List.copyOf(delays);
        this.retryAfterMax = retryAfterMax;
        this.random = random;
    }

    /** How many attempts a delivery gets before it fails for good. */
    int attempts() {
        return delays.size();
    }

    /** The delay of the first attempt of a round (0 by default: at once). */
    Duration first() {
        return delays.getFirst();
    }

    /**
     * When the attempt after the {@code round}th (counted from 1) of a round is due, or null when the schedule
     * has no more attempts.
     *
     * @param retryAfter the receiver's {@code Retry-After}, or null
     */
    Instant next(int round, Instant now, Duration retryAfter) {
        if (round >= delays.size()) {
            return null;
        }
        if (retryAfter != null) {
            return now.plus(retryAfter.compareTo(retryAfterMax) > 0 ? retryAfterMax : retryAfter);
        }
        Duration delay = delays.get(round);
        if (delay.isZero()) {
            return now;
        }
        long millis = delay.toMillis();
        long jitter = Math.round(millis * JITTER * (random.getAsDouble() * 2 - 1));
        return now.plusMillis(Math.max(0, millis + jitter));
    }

    /** Whether a status lets the receiver say when to come back. */
    static boolean honoursRetryAfter(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /**
     * Reads a {@code Retry-After} value: seconds, or an HTTP date (the delay from {@code now}, never negative);
     * null when absent or unreadable.
     */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
