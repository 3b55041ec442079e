package dev.weft.engine;

import java.time.Duration;

/**
 * An engine's tuning, validated; every value has a default (the named constants), documented in
 * docs/design/engine.md. Immutable.
 *
 * @param lease how long a claim holds an execution without renewal
 * @param pollInterval how often the store is asked for due work another process may have made ready
 * @param maxConcurrentExecutions executions this worker drives at once
 * @param largeOutputBytes step outputs larger than this are stored out of line
 * @param defaultStepTimeout an attempt's timeout when the step names none
 * @param subflowPoll how often a parent looks whether its child execution finished
 * @param maxForeachItems the most items one {@code foreach} may run: each is durable work (step rows), so a
 *     range of a million would fill the store; more fails the step with {@code foreach.too_many_items}
 */
public record EngineSettings(
        Duration lease,
        Duration pollInterval,
        int maxConcurrentExecutions,
        int largeOutputBytes,
        Duration defaultStepTimeout,
        Duration subflowPoll,
        int maxForeachItems) {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_MAX_CONCURRENT_EXECUTIONS = 10_000;
    public static final int DEFAULT_LARGE_OUTPUT_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SUBFLOW_POLL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_FOREACH_ITEMS = 10_000;

    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_LEASE, DEFAULT_POLL_INTERVAL, DEFAULT_MAX_CONCURRENT_EXECUTIONS,
                DEFAULT_LARGE_OUTPUT_BYTES, DEFAULT_STEP_TIMEOUT, DEFAULT_SUBFLOW_POLL,
                DEFAULT_MAX_FOREACH_ITEMS);
    }

    public EngineSettings {
        positive("lease", lease);
        positive("pollInterval", pollInterval);
        positive("defaultStepTimeout", defaultStepTimeout);
        positive("subflowPoll", subflowPoll);
        if (maxConcurrentExecutions < 1) {
            throw new IllegalArgumentException("maxConcurrentExecutions must be at least 1, but was "
                    + maxConcurrentExecutions);
        }
        if (maxForeachItems < 1) {
            throw new IllegalArgumentException(
                    "maxForeachItems must be at least 1, but was " + maxForeachItems);
        }
        if (largeOutputBytes < 1024) {
            throw new IllegalArgumentException(
                    "largeOutputBytes must be at least 1024, but was " + largeOutputBytes);
        }
    }

    /** The same settings with another {@code largeOutputBytes}. */
    public EngineSettings withLargeOutputBytes(int bytes) {
        return new EngineSettings(lease, pollInterval, maxConcurrentExecutions, bytes, defaultStepTimeout,
                subflowPoll, maxForeachItems);
    }

    /** The same settings with another {@code subflowPoll}. */
    public EngineSettings withSubflowPoll(Duration poll) {
        return new EngineSettings(lease, pollInterval, maxConcurrentExecutions, largeOutputBytes,
                defaultStepTimeout, poll, maxForeachItems);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, but was " + d);
        }
    }
}
