package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;

/**
 * One call of an operation by a step.
 *
 * @param operation the full operation name, for example {@code http.request}
 * @param input the step's {@code with}, with every expression already evaluated
 * @param idempotencyKey stable across re-runs of the same step of the same execution; connectors pass
 *     it on to the target ({@code Idempotency-Key} header, upsert keys) so a re-run has one effect
 * @param timeout how long the call may take in all; connectors apply it to their own I/O
 */
public record Invocation(String operation, JsonNode input, String idempotencyKey, Duration timeout) {
    public Invocation {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(timeout, "timeout");
    }
}
