package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The durable row of one execution.
 *
 * @param dueAt when a {@link ExecutionStatus#WAITING} execution must be picked up again (timer, retry
 *     backoff, await timeout); null when it waits for a signal only
 * @param leaseOwner the worker that holds it, null when nobody does
 * @param leaseVersion the fencing token: incremented by every claim; a write that names an older
 *     version is refused
 * @param parentId the execution that started this one as a subflow, or null
 * @param trigger what started it, as expressions see it under {@code trigger}: at least {@code type}
 *     ({@code manual}, {@code webhook}, {@code schedule}, {@code flow}, {@code subflow}); null is read
 *     as manual
 */
public record ExecutionRecord(
        String tenantId,
        String id,
        String namespace,
        String flowId,
        int flowVersion,
        ExecutionStatus status,
        JsonNode input,
        JsonNode trigger,
        JsonNode output,
        JsonNode error,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        Instant dueAt,
        String leaseOwner,
        Instant leaseUntil,
        long leaseVersion,
        String parentId,
        String parentStepPath) {
}
