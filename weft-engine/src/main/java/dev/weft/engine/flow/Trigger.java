package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What starts an execution: {@code manual}, {@code webhook}, {@code schedule} or {@code flow}. The
 * engine only records triggers; the server (issue 3) serves them. {@code config} is the whole trigger
 * object as written.
 */
public record Trigger(String type, JsonNode config) {
}
