package dev.weft.connector.kit.odata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * An OData request's query options ({@code $filter}, {@code $select}, ...) and key predicates, encoded as
 * OData services read them: a space as {@code %20} (never {@code +}, which some servers keep as a plus),
 * and the characters of OData's own syntax ({@code $ ' ( ) , : /}) left as they are. Options keep the order
 * they were added in. Not thread-safe; build one per request.
 */
public final class ODataQuery {
    private static final Pattern GUID = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final Map<String, String> options = new LinkedHashMap<>();

    /** Adds {@code name=value}; a null or empty value adds nothing. */
    public ODataQuery option(String name, String value) {
        if (value != null && !value.isEmpty()) {
            options.put(name, value);
        }
        return this;
    }

    /** Adds {@code name} as the names of a list joined by commas ({@code $select=a,b}); empty adds nothing. */
    public ODataQuery list(String name, List<String> values) {
        return values == null || values.isEmpty() ? this : option(name, String.join(",", values));
    }

    /** {@code ?a=1&b=x%20y}, or "" with no options. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner("&", "?", "").setEmptyValue("");
        options.forEach((name, value) -> out.add(encode(name) + "=" + encode(value)));
        return out.toString();
    }

    /** Percent-encodes a query name or value, keeping OData's syntax characters readable. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$")
                .replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%2C", ",")
                .replace("%3A", ":").replace("%2F", "/");
    }

    /** A string literal: {@code 'O''Brien'} (a quote doubled inside quotes). */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * A key predicate for a path, with its parentheses: {@code ('1000123')} for a string,
     * {@code (00000000-0000-0000-0000-000000000001)} for a GUID in v4 ({@code (guid'...')} in v2),
     * {@code (42)} for a number, and {@code (SalesOrder='1',SalesOrderItem='10')} or
     * {@code (accountnumber='A1')} for an object of named key properties (a compound or alternate key).
     *
     * @param inputs names the field in errors
     * @param field the input field the key came from
     * @throws ConnectorException {@code <connector>.input} naming the field when the key is not one of these
     */
    public static String key(JsonNode key, ODataVersion version, Inputs inputs, String field)
            throws ConnectorException {
        if (key == null || key.isNull() || key.isTextual() && key.textValue().isEmpty()) {
            throw inputs.invalid(field, "is required: the record's key, such as \"1000123\" or"
                    + " {\"SalesOrder\": \"1\", \"SalesOrderItem\": \"10\"}");
        }
        if (key.isObject()) {
            if (key.isEmpty()) {
                throw inputs.invalid(field, "must name at least one key property, such as"
                        + " {\"accountnumber\": \"A1\"}");
            }
            List<String> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = key.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> p = it.next();
                if (!NAME.matcher(p.getKey()).matches()) {
                    throw inputs.invalid(field, "has '" + p.getKey() + "', which is not a property name");
                }
                parts.add(p.getKey() + "=" + value(p.getValue(), version, inputs, field));
            }
            return "(" + String.join(",", parts) + ")";
        }
        return "(" + value(key, version, inputs, field) + ")";
    }

    private static String value(JsonNode v, ODataVersion version, Inputs inputs, String field)
            throws ConnectorException {
        if (v.isIntegralNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isTextual()) {
            String text = v.textValue();
            if (GUID.matcher(text).matches()) {
                return version == ODataVersion.V2 ? "guid'" + text + "'" : text;
            }
            return segment(literal(text));
        }
        throw inputs.invalid(field, "holds " + v + ": a key value is a string, a whole number or a boolean");
    }

    /** Percent-encodes text for a path segment, keeping OData's syntax characters; a slash is encoded. */
    public static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$")
                .replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%2C", ",")
                .replace("%3D", "=").replace("%3A", ":");
    }

    /**
     * An entity set, navigation or operation name from an input, checked: letters, digits, {@code _} and
     * {@code .} (a namespace), so that it cannot reach outside the service's root.
     */
    public static String name(String text, Inputs inputs, String field, String example)
            throws ConnectorException {
        if (text == null || text.isEmpty()) {
            throw inputs.invalid(field, "is required, for example \"" + example + "\"");
        }
        if (!NAME.matcher(text).matches()) {
            throw inputs.invalid(field, "must be a name of letters, digits, '_' and '.', such as \"" + example
                    + "\", but was '" + text + "'");
        }
        return text;
    }
}
