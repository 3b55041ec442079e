package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One operation of a document that a system can call: where it goes, what it takes and what it answers,
 * with the JSON Schemas of its input (the call's {@code with}) and output. Immutable.
 *
 * @param server the operation's own server URL (its {@code servers}, or its path's), or null for the
 *     document's
 * @param security the names of the security schemes the operation accepts (any one of them)
 * @param responseHeaders the response headers the document declares for a success, lower case
 * @param accept the media type asked for in {@code Accept}
 */
public record ApiOperation(String operationId, String method, String path, String summary,
        List<Parameter> parameters, RequestBody body, JsonNode inputSchema, JsonNode outputSchema,
        String server, List<String> security, Set<String> responseHeaders, String accept) {

    public ApiOperation {
        parameters = List.copyOf(parameters);
        security = List.copyOf(security);
        responseHeaders = Set.copyOf(responseHeaders);
    }

    /**
     * A path, query or header parameter.
     *
     * @param key the field of the call's input that holds it: its name, or {@code <in>.<name>} when two
     *     parameters of the operation share the name or the name is {@code operationId} or {@code body}
     * @param style how its value is written (OpenAPI 3 styles; a Swagger 2.0 {@code collectionFormat} is
     *     read as the style that writes the same)
     */
    public record Parameter(String name, String in, String key, boolean required, JsonNode schema,
            String style, boolean explode, String description) {
    }

    /**
     * The JSON request body.
     *
     * @param properties the body's properties that may also be given beside the parameters in the call's
     *     input, without {@code body}: empty when the body is not an object with named properties, or when
     *     one of them has the name of a parameter
     */
    public record RequestBody(boolean required, String mediaType, JsonNode schema, List<String> properties) {
        public RequestBody {
            properties = List.copyOf(properties);
        }
    }

    /** GET, HEAD and OPTIONS change nothing (RFC 9110 9.2.1). */
    public boolean safe() {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    /** Safe methods, PUT and DELETE may be sent twice with one effect (RFC 9110 9.2.2). */
    public boolean idempotent() {
        return safe() || method.equals("PUT") || method.equals("DELETE");
    }

    /** The input's fields as a person reads them: {@code petId* (path, integer)}; * marks a required one. */
    public List<String> inputFields() {
        List<String> out = new ArrayList<>();
        for (Parameter p : parameters) {
            out.add(p.key() + (p.required() ? "*" : "") + " (" + p.in() + ", " + typeOf(p.schema()) + ")");
        }
        if (body != null) {
            String props = body.properties().isEmpty()
                    ? ""
                    : ", or its properties: " + String.join(", ", body.properties());
            out.add("body" + (body.required() ? "*" : "") + " (" + body.mediaType() + props + ")");
        }
        return out;
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("$ref") ? schema.get("$ref").asText().replace("#/$defs/", "") : "any";
        }
        if (type.isTextual() && type.asText().equals("array")) {
            return "array of " + typeOf(schema.path("items"));
        }
        return type.isTextual() ? type.asText() : type.toString();
    }
}
