package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference to a blob in the platform's blob store ({@link Blobs}): a value kept out of line by its
 * content hash and passed between steps in its place. Its JSON form, which steps output and accept as
 * input, is {@code {"$blob": "sha256:<64 hex digits>", "size": 123, "contentType": "application/pdf"}}.
 * Immutable.
 *
 * @param hash {@code sha256:} and the lower-case hex SHA-256 of the bytes
 * @param size the number of bytes
 * @param contentType the media type the bytes were stored with, for example {@code application/pdf}
 */
public record BlobRef(String hash, long size, String contentType) {
    /** The field that marks a JSON object as a blob reference. */
    public static final String FIELD = "$blob";
    /** The content type of bytes stored without one. */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    public BlobRef {
        Objects.requireNonNull(hash, "hash");
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException(
                    "a blob hash is 'sha256:' and 64 lower-case hex digits, but was '" + abbreviated(hash)
                            + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("a blob's size must not be negative, but was " + size);
        }
        contentType = contentType == null || contentType.isBlank()
                ? DEFAULT_CONTENT_TYPE
                : contentType.strip();
        if (contentType.length() > 255 || contentType.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    "a blob's content type is a media type such as application/pdf,"
                            + " at most 255 characters and without control characters, but was '"
                            + abbreviated(contentType.replaceAll("\\p{Cntrl}", "?")) + "'");
        }
    }

    /** Whether {@code hash} is a blob hash: {@code sha256:} and 64 lower-case hex digits. */
    public static boolean isHash(String hash) {
        return hash != null && HASH.matcher(hash).matches();
    }

    /** The JSON form: {@code {"$blob": hash, "size": size, "contentType": contentType}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put(FIELD, hash);
        if (size <= Integer.MAX_VALUE) {
            json.put("size", (int) size); // as JSON read back holds it, so that the two compare equal
        } else {
            json.put("size", size);
        }
        json.put("contentType", contentType);
        return json;
    }

    /** Whether {@code node} is meant as a blob reference: an object with a {@code $blob} field. */
    public static boolean isRef(JsonNode node) {
        return node != null && node.isObject() && node.has(FIELD);
    }

    /**
     * Reads the JSON form. {@code contentType} may be left out (it is then {@link #DEFAULT_CONTENT_TYPE});
     * other fields are refused, so that a mistyped reference is not taken for data.
     *
     * @throws IllegalArgumentException saying what is wrong with it and what a reference looks like
     */
    public static BlobRef fromJson(JsonNode node) {
        if (!isRef(node)) {
            throw new IllegalArgumentException(
                    "a blob reference is an object such as {\"$blob\": \"sha256:…\","
                            + " \"size\": 123, \"contentType\": \"application/pdf\"}, but was " + kind(node));
        }
        for (String name : (Iterable<String>) node::fieldNames) {
            if (!name.equals(FIELD) && !name.equals("size") && !name.equals("contentType")) {
                throw new IllegalArgumentException("a blob reference has the fields $blob, size and"
                        + " contentType only, but has '" + name + "'");
            }
        }
        JsonNode hash = node.get(FIELD);
        if (!hash.isTextual() || !HASH.matcher(hash.textValue()).matches()) {
            throw new IllegalArgumentException(
                    "$blob must be 'sha256:' and 64 lower-case hex digits, but was "
                            + abbreviated(hash.toString()));
        }
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw new IllegalArgumentException("size must be the blob's number of bytes, as the step that"
                    + " stored it gave it, but was " + (size == null ? "missing" : size.toString()));
        }
        JsonNode type = node.get("contentType");
        if (type != null && !type.isNull() && !type.isTextual()) {
            throw new IllegalArgumentException("contentType must be a string, but was " + type.getNodeType());
        }
        return new BlobRef(hash.textValue(), size.longValue(), type == null || type.isNull()
                ? null
                : type.textValue());
    }

    private static String kind(JsonNode node) {
        return node == null || node.isMissingNode()
                ? "missing"
                : node.getNodeType().toString().toLowerCase(
                        java.util.Locale.ROOT);
    }

    private static String abbreviated(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
