package dev.weft.engine.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A signal sent to an execution; kept until an {@code await} step consumes it. */
public record SignalRecord(String executionId, long seq, String name, JsonNode payload, Instant receivedAt) {
}
