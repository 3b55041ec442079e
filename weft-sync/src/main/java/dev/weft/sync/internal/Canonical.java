package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Canonical text of JSON values, so that the same content read twice, or from two databases, compares and
 * hashes the same: object members sorted by name, numbers without trailing zeros ({@code 100} and
 * {@code 100.00} are one number), no spaces. Keys of records are canonical arrays of their key fields'
 * values ({@code [42]}). Stateless.
 */
public final class Canonical {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final String UPPER_HEX = "0123456789ABCDEF";

    private Canonical() {
    }

    /** The canonical text of a value. */
    public static String text(JsonNode value) {
        StringBuilder out = new StringBuilder(64);
        write(value, out);
        return out.toString();
    }

    /** Whether two values have the same canonical text. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || a.isMissingNode()) {
            a = NODES.nullNode();
        }
        if (b == null || b.isMissingNode()) {
            b = NODES.nullNode();
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isValueNode() && b.isValueNode()) {
            return a.equals(b);
        }
        return text(a).equals(text(b));
    }

    /** The first 128 bits of the SHA-256 of a value's canonical text, in hex. */
    static String hash(JsonNode value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(text(value).getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** A record's key: the canonical array of the values of {@code fields}, or null when one is null or absent. */
    public static String key(JsonNode record, List<String> fields) {
        ArrayNode key = NODES.arrayNode();
        for (String f : fields) {
            JsonNode v = record.get(f);
            if (v == null || v.isNull()) {
                return null;
            }
            key.add(v);
        }
        return text(key);
    }

    /**
     * A canonical key with every value as text, for matching keys whose values two systems type differently
     * ({@code [42]} and {@code ["42"]} are one key).
     */
    static String loose(String key) {
        if (key == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode v : values(key)) {
            out.append(v.isTextual() ? v.textValue() : text(v)).append('\u0000');
        }
        return out.toString();
    }

    /** The values of a canonical key, in field order. */
    static JsonNode values(String key) {
        try {
            return Json.MAPPER.readTree(key);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored key is not JSON: " + key, e);
        }
    }

    private static void write(JsonNode v, StringBuilder out) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            out.append("null");
        } else if (v.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(v.size());
            v.properties().forEach(fields::add);
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(fields.get(i).getKey(), out);
                out.append(':');
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (v.isArray()) {
            out.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(v.get(i), out);
            }
            out.append(']');
        } else if (v.isNumber()) {
            BigDecimal d = v.decimalValue();
            out.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else if (v.isTextual()) {
            string(v.textValue(), out);
        } else if (v.isBoolean()) {
            out.append(v.booleanValue());
        } else {
            out.append(v.toString());
        }
    }

    /**
     * A JSON string as Jackson writes it (quote, backslash and control characters escaped, short forms where
     * JSON has them, the rest as is), so that stored hashes stay the same, without a generator per value:
     * making one for each name and value was most of a page's hashing time.
     */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                out.append(c);
                continue;
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default ->
                    out.append("\\u00").append(UPPER_HEX.charAt(c >> 4)).append(UPPER_HEX.charAt(c & 0xF));
            }
        }
        out.append('"');
    }
}
