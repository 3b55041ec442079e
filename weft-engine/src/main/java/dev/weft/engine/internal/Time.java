package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/** Instants from expressions, and retry delays with jitter. */
final class Time {
    private Time() {
    }

    /** An ISO-8601 instant ({@code 2026-01-01T09:00:00Z} or with an offset) or epoch milliseconds. */
    static Instant parseInstant(JsonNode value, String stepId) {
        if (value != null && value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        String text = value == null ? "" : value.asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'until' must be an ISO-8601 date-time with an offset, such as "
                            + "2026-01-01T09:00:00Z, or epoch milliseconds, but was '" + text + "'");
        }
    }

    /**
     * The delay spread at random by up to {@code jitter} of itself either way, so that retries of many
     * executions failing together do not arrive together. The result is recorded as a due time, so the
     * randomness never makes a decision differ on replay.
     */
    static Duration jittered(Duration delay, double jitter) {
        if (jitter <= 0 || delay.isZero()) {
            return delay;
        }
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
        return Duration.ofMillis(Math.max(0, Math.round(delay.toMillis() * factor)));
    }
}
