package dev.weft.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sync runner works on a node: how often it looks for due runs, how long a claimed run's lease lasts
 * (a node that dies gives its runs up this long after its last renewal), how many runs go at once, and how
 * long ended runs are kept. Immutable.
 */
public record SyncSettings(Duration pollInterval, Duration lease, int maxConcurrentRuns, Duration retention) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 4;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public SyncSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(retention, "retention");
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "pollInterval must be more than zero, but was " + pollInterval);
        }
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("lease must be at least 3s, but was " + lease);
        }
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrentRuns must be at least 1, but was " + maxConcurrentRuns);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be more than zero, but was " + retention);
        }
    }

    public static SyncSettings defaults() {
        return new SyncSettings(DEFAULT_POLL_INTERVAL, DEFAULT_LEASE, DEFAULT_MAX_CONCURRENT_RUNS,
                DEFAULT_RETENTION);
    }

    public SyncSettings withLease(Duration lease) {
        return new SyncSettings(pollInterval, lease, maxConcurrentRuns, retention);
    }

    public SyncSettings withMaxConcurrentRuns(int maxConcurrentRuns) {
        return new SyncSettings(pollInterval, lease, maxConcurrentRuns, retention);
    }

    public SyncSettings withPollInterval(Duration pollInterval) {
        return new SyncSettings(pollInterval, lease, maxConcurrentRuns, retention);
    }
}
