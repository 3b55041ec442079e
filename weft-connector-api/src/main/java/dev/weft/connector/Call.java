package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;

/**
 * One call of an operation by a step (or through the gateway's API).
 *
 * @param operation the full operation name, for example {@code http.request}
 * @param input the step's {@code with}, every expression evaluated, valid against the input schema
 * @param idempotencyKey stable across re-runs of the same step of the same execution; connectors pass it
 *     on to the target ({@code Idempotency-Key} header, upsert keys) so that a re-run has one effect
 * @param timeout how long the call may take in all; connectors apply it to their own I/O
 * @param cancellation set when the execution is cancelled or the step's time is up
 * @param trace the trace this call belongs to, or null for none; connectors pass
 *     {@link TraceContext#traceparent()} on where the system takes one (the {@code traceparent} header)
 */
public record Call(String operation, JsonNode input, String idempotencyKey, Duration timeout,
        Cancellation cancellation, TraceContext trace) {
    public Call {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** A call outside any trace. */
    public Call(String operation, JsonNode input, String idempotencyKey, Duration timeout,
            Cancellation cancellation) {
        this(operation, input, idempotencyKey, timeout, cancellation, null);
    }

    /** The same call with at most {@code limit} to run in. */
    public Call cappedAt(Duration limit) {
        return limit.compareTo(timeout) >= 0
                ? this
                : new Call(operation, input, idempotencyKey, limit, cancellation, trace);
    }

    /** The same call as a span of its own (another attempt); unchanged outside a trace. */
    public Call nextSpan() {
        return trace == null
                ? this
                : new Call(operation, input, idempotencyKey, timeout, cancellation, trace.nextSpan());
    }
}
