package dev.weft.engine;

/**
 * The result of an idempotent start.
 *
 * @param created false when an execution with the same idempotency key already existed, whose id this is
 */
public record StartedExecution(String id, boolean created) {
}
