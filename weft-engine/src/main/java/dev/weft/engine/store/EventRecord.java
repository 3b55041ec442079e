package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of the feed: a typed fact written in the same commit as the change it reports. Before it is
 * written its {@code position} is null; read back, it has one, and its {@link #id()} derives from it.
 * Immutable.
 *
 * @param position where it is in the feed; null until written
 * @param tenantId the tenant it belongs to
 * @param type {@code execution.succeeded}, {@code flow.deployed}, or a custom type such as {@code invoice.approved}
 * @param executionId the execution it is about, or null
 * @param payload what happened, as JSON (never a secret)
 * @param occurredAt when the change was made, by the writer's clock
 */
public record EventRecord(EventPosition position, String tenantId, String type, String executionId,
        JsonNode payload, Instant occurredAt) {

    public static final String EXECUTION_STARTED = "execution.started";
    public static final String EXECUTION_SUCCEEDED = "execution.succeeded";
    public static final String EXECUTION_FAILED = "execution.failed";
    public static final String EXECUTION_CANCELLED = "execution.cancelled";
    public static final String EXECUTION_WAITING = "execution.waiting";
    public static final String STEP_FAILED = "step.failed";
    public static final String FLOW_DEPLOYED = "flow.deployed";
    public static final String FLOW_DELETED = "flow.deleted";
    /** A system's circuit breaker opened: its calls fail fast for a while. */
    public static final String SYSTEM_BREAKER_OPENED = "system.breaker_opened";
    /** A system's circuit breaker closed again after its trial calls succeeded. */
    public static final String SYSTEM_BREAKER_CLOSED = "system.breaker_closed";
    /** An existing credential's value was replaced (never the value itself). */
    public static final String CREDENTIAL_ROTATED = "credential.rotated";
    /** An outbound webhook endpoint was disabled (it answered 410, or failed for too long). */
    public static final String ENDPOINT_DISABLED = "endpoint.disabled";

    public EventRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
    }

    /** A new event, not yet written. */
    public static EventRecord of(String tenantId, String type, String executionId, JsonNode payload,
            Instant occurredAt) {
        return new EventRecord(null, tenantId, type, executionId, payload, occurredAt);
    }

    /**
     * The event of an execution's change: its id, flow, version and status, its parent when it is a
     * subflow's child, and the code and message of its error when it has one (never its input or output,
     * which may be large; read the execution for them).
     */
    public static EventRecord ofExecution(String type, ExecutionRecord e, Instant at) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("executionId", e.id());
        payload.put("flow", e.namespace() + "/" + e.flowId());
        payload.put("version", e.flowVersion());
        payload.put("status", e.status().wireName());
        if (e.parentId() != null) {
            payload.put("parentId", e.parentId());
            payload.put("parentStep", e.parentStepPath());
        }
        if (e.error() != null) {
            ObjectNode error = payload.putObject("error");
            error.set("code", e.error().get("code"));
            error.set("message", e.error().get("message"));
            if (e.error().hasNonNull("step")) {
                error.set("step", e.error().get("step"));
            }
        }
        return of(e.tenantId(), type, e.id(), payload, at);
    }

    /** The event of a deployed or deleted flow. */
    public static EventRecord ofFlow(String type, String tenantId, String namespace, String flowId,
            Integer version, Instant at) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("flow", namespace + "/" + flowId);
        payload.put("namespace", namespace);
        payload.put("flowId", flowId);
        if (version != null) {
            payload.put("version", version);
        }
        return of(tenantId, type, null, payload, at);
    }

    /** The event's stable id, {@code evt_} and its sequence number; null until written. */
    public String id() {
        return position == null ? null : "evt_" + position.seq();
    }

    /** The same event at the position it was written to. */
    public EventRecord at(EventPosition written) {
        return new EventRecord(written, tenantId, type, executionId, payload, occurredAt);
    }
}
