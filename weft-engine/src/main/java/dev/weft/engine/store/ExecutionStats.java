package dev.weft.engine.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a tenant's executions created in a window add up to: how many of each status per time bucket, the
 * flows that failed most often, and the steps that took longest. Immutable.
 *
 * @param buckets executions created in each bucket by their status now, in bucket then status order; buckets
 *     with no execution are left out
 * @param failingFlows the flows with at least one failed execution, highest failure rate first
 * @param slowSteps the steps (by flow and step id) whose longest run was longest, longest first, among the steps
 *     of the window's newest {@link #SLOW_STEPS_OF} executions
 */
public record ExecutionStats(List<StatusCount> buckets, List<FlowOutcomes> failingFlows,
        List<StepDurations> slowSteps) {

    /**
     * The slowest steps are looked for among the steps of at most this many executions, the window's newest:
     * one look-up per execution, so that the answer stays quick however many the window holds.
     */
    public static final int SLOW_STEPS_OF = 50_000;

    public ExecutionStats {
        buckets = List.copyOf(buckets);
        failingFlows = List.copyOf(failingFlows);
        slowSteps = List.copyOf(slowSteps);
    }

    /**
     * The window and sizes asked for.
     *
     * @param from the window's start, inclusive (by {@code createdAt})
     * @param to the window's end, exclusive
     * @param bucket the width of a bucket; bucket {@code i} starts at {@code from + i * bucket}
     * @param top at most this many failing flows and slow steps
     */
    public record Query(String tenantId, Instant from, Instant to, Duration bucket, int top) {
        public Query {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(bucket, "bucket");
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("from must be before to, but was " + from + " and " + to);
            }
            if (bucket.toMillis() < 1) {
                throw new IllegalArgumentException("bucket must be at least 1ms, but was " + bucket);
            }
            if (top < 1) {
                throw new IllegalArgumentException("top must be at least 1, but was " + top);
            }
        }
    }

    /** How many executions created in bucket {@code bucket} (from 0) have {@code status}. */
    public record StatusCount(long bucket, ExecutionStatus status, long count) {
    }

    /**
     * One flow's executions created in the window: all of them, and those that ended each way. Its failure
     * rate is {@code failed / (succeeded + failed + cancelled)}: of those that ended.
     */
    public record FlowOutcomes(String namespace, String flowId, long total, long succeeded, long failed,
            long cancelled) {
        public double failureRate() {
            long ended = succeeded + failed + cancelled;
            return ended == 0 ? 0 : (double) failed / ended;
        }
    }

    /** How long one step of one flow took, over its finished runs in executions created in the window. */
    public record StepDurations(String namespace, String flowId, String stepId, long runs, long averageMillis,
            long maxMillis) {
    }
}
