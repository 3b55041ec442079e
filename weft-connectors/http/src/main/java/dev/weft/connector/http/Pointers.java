package dev.weft.connector.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;

/** JSON pointers (RFC 6901) that name where things are in a response: its items, a cursor. Stateless. */
final class Pointers {

    private Pointers() {
    }

    /** A pointer from a field, or {@code fallback} when the field is missing. */
    static JsonPointer of(Inputs inputs, JsonNode input, String field, String fallback)
            throws ConnectorException {
        String text = inputs.text(input, field, fallback);
        return text == null ? null : compile(inputs, field, text);
    }

    static JsonPointer compile(Inputs inputs, String field, String text) throws ConnectorException {
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw inputs.invalid(field, "must be a JSON pointer such as /data (\"\" for the whole value), but"
                    + " was '" + text + "'");
        }
    }

    /**
     * The array {@code pointer} names in a response's body; null there means no items.
     *
     * @param target the request, for messages
     * @param field the input field that holds the pointer, for messages
     */
    static ArrayNode items(JsonNode body, JsonPointer pointer, String target, String field)
            throws ConnectorException {
        JsonNode found = body.at(pointer);
        if (found.isArray()) {
            return (ArrayNode) found;
        }
        if (found.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        String what = found.isMissingNode()
                ? "has nothing at '" + field + "' (" + show(pointer) + ")"
                : "has " + found.getNodeType() + " at '" + field + "' (" + show(pointer) + "), not an array";
        throw ConnectorException.permanent("http.response", target + " answered a body that " + what
                + (body.isTextual() ? " (the body is text: is the response's Content-Type JSON?)" : "")
                + ": point '" + field + "' at the array of items", null, null);
    }

    static String show(JsonPointer pointer) {
        return pointer.toString().isEmpty() ? "the whole body" : pointer.toString();
    }
}
