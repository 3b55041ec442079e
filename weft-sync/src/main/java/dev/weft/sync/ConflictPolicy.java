package dev.weft.sync;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A job's conflict rules: one for the record, and optionally one per field (named as the right side's
 * fields, the names {@code mapping.toRight} writes). Immutable.
 *
 * @param skew how close two modified-at times may be for {@code newest_wins} to call it a tie (held for
 *     review): clocks of two systems are never quite the same
 */
public record ConflictPolicy(ConflictRule rule, Duration skew, Map<String, ConflictRule> fields) {
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(1);

    public ConflictPolicy {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(skew, "skew");
        fields = Map.copyOf(fields);
        if (skew.isNegative()) {
            throw new IllegalArgumentException("skew must not be negative, but was " + skew);
        }
    }

    /** The rule of a field: its own, or the record's. */
    public ConflictRule of(String field) {
        return fields.getOrDefault(field, rule);
    }
}
