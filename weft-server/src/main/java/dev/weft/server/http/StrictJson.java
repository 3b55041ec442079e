package dev.weft.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a request's JSON body strictly: one value and nothing after it, no key twice in an object (a
 * lenient reader keeps the last one, so two readers of the same body could disagree on what it says), and
 * only finite numbers ({@code 1e999999999} would otherwise become Infinity). Thread-safe.
 */
public final class StrictJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {
    }

    /** What is wrong with a body: a message for the caller, without the reader's internals. */
    public static final class InvalidJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /** The body's JSON value; throws {@link InvalidJsonException} saying what is wrong and where. */
    public static JsonNode read(byte[] body) throws InvalidJsonException {
        JsonNode value;
        try (JsonParser parser = MAPPER.createParser(body)) {
            value = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidJsonException(
                        "something follows the JSON value" + where(parser.currentLocation())
                                + "; send one JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException(firstLine(e.getOriginalMessage()) + where(e.getLocation()));
        } catch (IOException e) {
            throw new InvalidJsonException(firstLine(e.getMessage()));
        }
        String infinite = nonFinite(value, "");
        if (infinite != null) {
            throw new InvalidJsonException("the number at " + (infinite.isEmpty() ? "the top" : infinite)
                    + " is too large to be read as a number; send it as a string");
        }
        return value;
    }

    private static String where(JsonLocation location) {
        return location == null
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The JSON pointer of the first number that is not finite, or null. */
    private static String nonFinite(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isFloatingPointNumber()) {
            return Double.isFinite(node.doubleValue()) ? null : path;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String found = nonFinite(e.getValue(),
                        path + "/" + e.getKey().replace("~", "~0").replace("/", "~1"));
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nonFinite(node.get(i), path + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
