package dev.weft.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.Transition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Large values stored out of line by content hash: a step output over the threshold is written once as
 * a payload and the step row keeps only its SHA-256, so executions carry references, not megabytes.
 */
public final class Payloads {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Payloads() {
    }

    record Stored(Transition.Payload payload) {
    }

    /** The payload to store when {@code value} serializes to more than {@code threshold} bytes, else null. */
    static Stored maybeOutOfLine(JsonNode value, int threshold) {
        if (!value.isContainerNode() && !value.isTextual()) {
            return null;
        }
        if (roughSize(value, threshold / 2) <= threshold / 2) {
            return null; // clearly small: no need to serialise it just to measure it
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (json.length <= threshold) {
            return null;
        }
        return new Stored(new Transition.Payload(sha256(json), json));
    }

    /**
     * An upper-bound estimate of the JSON size (every character of text counted as up to 6 bytes for
     * escapes, 16 bytes of punctuation and digits per node, numbers by their digits), computed without serialising and abandoned
     * once above {@code limit}.
     */
    static long roughSize(JsonNode value, long limit) {
        long size = 16;
        if (value.isTextual()) {
            return size + 6L * value.textValue().length();
        }
        if (value.isObject()) {
            for (var field : value.properties()) {
                size += 6L * field.getKey().length() + roughSize(field.getValue(), limit - size);
                if (size > limit) {
                    return size;
                }
            }
        } else if (value.isArray()) {
            for (JsonNode element : value) {
                size += roughSize(element, limit - size);
                if (size > limit) {
                    return size;
                }
            }
        } else if (value.isBinary() || value.isNumber()) {
            size += 2L * value.asText().length();
        }
        return size;
    }

    public static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored payload is not valid JSON", e);
        }
    }

    /**
     * An output stored out of line, read back for a person or a client (the API's view, the client's step
     * rows): its JSON, or a note that it is missing or unreadable. Never an exception: one broken payload
     * must not hide the rest of an execution.
     */
    public static JsonNode forReading(ExecutionStore store, String tenant, String hash) {
        return store.payload(tenant, hash).map(bytes -> {
            try {
                return MAPPER.readTree(bytes);
            } catch (IOException e) {
                return (JsonNode) MAPPER.getNodeFactory()
                        .textNode("(stored output " + hash + " is unreadable)");
            }
        }).orElseGet(() -> MAPPER.getNodeFactory().textNode("(stored output " + hash + " is missing)"));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
