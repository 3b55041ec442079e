package dev.weft.engine.store;

import java.util.Set;

/**
 * Filters for listing executions, newest first. Null or empty means no filter.
 *
 * @param flow {@code namespace/id}
 * @param limit at most this many rows; 0 or less means no limit
 */
public record ExecutionQuery(String tenantId, String flow, Set<ExecutionStatus> statuses, int limit) {
    public static ExecutionQuery all(String tenantId) {
        return new ExecutionQuery(tenantId, null, Set.of(), 1000);
    }
}
