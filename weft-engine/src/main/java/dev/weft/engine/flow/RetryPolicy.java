package dev.weft.engine.flow;

import java.time.Duration;

/**
 * How a failed step is tried again: up to {@code maxAttempts} attempts in all, waiting {@code initial}
 * before the second, then {@code initial * 2^(n-1)} for exponential backoff (capped at {@code max}), each
 * delay spread by up to {@code jitter} (a fraction, 0 to 1) so that retries do not arrive together.
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration initial, Duration max, double jitter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(5);
    public static final double DEFAULT_JITTER = 0.2;

    /** No retry: one attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Backoff.FIXED, Duration.ZERO, Duration.ZERO, 0);

    public enum Backoff {
        FIXED, EXPONENTIAL
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, but was " + jitter);
        }
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException(
                    "initial and max must not be negative, but were " + initial + ", " + max);
        }
    }

    /**
     * The delay before attempt {@code nextAttempt} (2 for the first retry), before jitter.
     */
    public Duration delayBefore(int nextAttempt) {
        if (backoff == Backoff.FIXED) {
            return initial;
        }
        int exponent = Math.min(Math.max(nextAttempt - 2, 0), 30);
        Duration d = initial.multipliedBy(1L << exponent);
        return max.isZero() || d.compareTo(max) <= 0 ? d : max;
    }
}
