package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one operation of an OpenAPI 3.x or Swagger 2.0 document into an {@link ApiOperation}, or into the
 * reasons it cannot be called ({@link Unmapped}). Immutable.
 */
final class OperationReader {
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    /** Input fields of every operation, so no parameter may take these names as its key. */
    static final Set<String> RESERVED = Set.of("operationId", "body");
    /** Header parameters that OpenAPI says to ignore: the transport and the gateway set them. */
    private static final Set<String> IGNORED_HEADERS = Set.of("accept", "content-type", "authorization");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Refs refs;
    private final JsonSchemas schemas;
    private final boolean swagger2;

    OperationReader(JsonNode root, boolean swagger2) {
        this.root = root;
        this.refs = new Refs(root);
        this.schemas = new JsonSchemas(refs);
        this.swagger2 = swagger2;
    }

    /** The operation, or the reasons it cannot be called. */
    Object read(String path, JsonNode pathItem, String method, JsonNode op) {
        String verb = method.toUpperCase(Locale.ROOT);
        String id = op.path("operationId").isTextual() && !op.get("operationId").asText().isBlank()
                ? op.get("operationId").asText()
                : null;
        List<String> reasons = new ArrayList<>();
        if (id == null) {
            reasons.add(
                    "no operationId: a call names its operation by operationId; give it one in the document");
        }
        if (op.path("callbacks").size() > 0) {
            reasons.add("it declares callbacks (the API calls a URL of ours back): not mapped; receive them"
                    + " with a webhook trigger");
        }
        ObjectNode defs = NODES.objectNode();
        List<ApiOperation.Parameter> parameters = new ArrayList<>();
        JsonNode bodySchema = null;
        boolean bodyRequired = false;
        String mediaType = null;
        try {
            Map<String, JsonNode> declared = parameters(pathItem, op);
            JsonNode bodyParameter = null;
            Map<String, Integer> names = new HashMap<>();
            for (JsonNode p : declared.values()) {
                names.merge(p.path("name").asText(), 1, Integer::sum);
            }
            for (JsonNode p : declared.values()) {
                String name = p.path("name").asText();
                String in = p.path("in").asText();
                switch (in) {
                    case "cookie" -> reasons.add("cookie parameter '" + name
                            + "': the platform's transport sends no cookies of a call");
                    case "formData" ->
                        reasons.add("form parameter '" + name + "' (formData): form and multipart"
                                + " bodies are not mapped; the http connector sends them");
                    case "body" -> bodyParameter = p;
                    case "path", "query", "header" -> {
                        if (in.equals("header") && IGNORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                            continue;
                        }
                        String key = names.get(name) > 1 || RESERVED.contains(name) ? in + "." + name : name;
                        parameters.add(parameter(p, name, in, key, defs));
                    }
                    default -> reasons.add("parameter '" + name + "' is in '" + in + "', which is not a place"
                            + " OpenAPI knows");
                }
            }
            if (swagger2 && bodyParameter != null) {
                mediaType = jsonType(list(op.has("consumes") ? op.get("consumes") : root.get("consumes")));
                if (mediaType == null) {
                    reasons.add(
                            onlyTypes(list(op.has("consumes") ? op.get("consumes") : root.get("consumes"))));
                }
                bodySchema = bodyParameter.path("schema");
                bodyRequired = bodyParameter.path("required").asBoolean(false);
            } else if (!swagger2 && op.has("requestBody")) {
                JsonNode body = refs.deref(op.get("requestBody"));
                List<String> types = new ArrayList<>();
                body.path("content").fieldNames().forEachRemaining(types::add);
                mediaType = jsonType(types);
                if (mediaType == null) {
                    reasons.add(onlyTypes(types));
                } else {
                    bodySchema = body.path("content").path(mediaType).path("schema");
                    mediaType = mediaType.contains("*") ? "application/json" : mediaType;
                }
                bodyRequired = body.path("required").asBoolean(false);
            }
        } catch (NotMappable e) {
            reasons.add(e.getMessage());
        }
        if (!reasons.isEmpty()) {
            return new Unmapped(id, verb, path, reasons);
        }
        try {
            return operation(id, verb, path, pathItem, op, parameters, bodySchema, bodyRequired, mediaType,
                    defs);
        } catch (NotMappable e) {
            return new Unmapped(id, verb, path, List.of(e.getMessage()));
        }
    }

    private ApiOperation operation(String id, String verb, String path, JsonNode pathItem, JsonNode op,
            List<ApiOperation.Parameter> parameters, JsonNode bodySchema, boolean bodyRequired,
            String mediaType,
            ObjectNode defs) throws NotMappable {
        ObjectNode input = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode properties = input.putObject("properties");
        properties.putObject("operationId").put("const", id).put("description", "the operation to call");
        ArrayNode required = input.putArray("required").add("operationId");
        for (ApiOperation.Parameter p : parameters) {
            ObjectNode schema = p.schema().deepCopy();
            if (p.description() != null && !schema.has("description")) {
                schema.put("description", p.description());
            }
            properties.set(p.key(), schema);
            if (p.required()) {
                required.add(p.key());
            }
        }
        ApiOperation.RequestBody body = null;
        if (bodySchema != null) {
            JsonNode converted = schemas.convert(bodySchema, JsonSchemas.Direction.REQUEST, defs);
            properties.set("body", converted);
            if (bodyRequired) {
                required.add("body");
            }
            body = new ApiOperation.RequestBody(bodyRequired, mediaType, converted,
                    flattenable(bodySchema, parameters));
        }
        ObjectNode outDefs = NODES.objectNode();
        Set<String> headers = new LinkedHashSet<>();
        List<String> produced = new ArrayList<>();
        JsonNode answer = answer(op, outDefs, headers, produced);
        ObjectNode output = NODES.objectNode().put("type", "object");
        output.putArray("required").add("status").add("headers").add("body");
        ObjectNode out = output.putObject("properties");
        out.putObject("status").put("type", "integer").put("description", "the HTTP status, 2xx");
        out.putObject("headers").put("type", "object")
                .put("description", "Content-Type, Location, ETag, Last-Modified, rate-limit headers and the"
                        + " headers the document declares, names in lower case")
                .putObject("additionalProperties").put("type", "string");
        out.set("body", answer);
        String accept = jsonType(swagger2
                ? list(op.has("produces") ? op.get("produces") : root.get("produces"))
                : produced);
        return new ApiOperation(id, verb, path, summary(op), parameters, body,
                JsonSchemas.withDefs(input, defs), JsonSchemas.withDefs(output, outDefs),
                server(pathItem, op),
                security(op), headers, accept == null || accept.contains("*") ? "application/json" : accept);
    }

    private Map<String, JsonNode> parameters(JsonNode pathItem, JsonNode op) throws NotMappable {
        Map<String, JsonNode> byPlace = new LinkedHashMap<>();
        for (JsonNode list : new JsonNode[]{pathItem.path("parameters"), op.path("parameters")}) {
            for (JsonNode p : list) {
                JsonNode parameter = refs.deref(p);
                byPlace.put(parameter.path("in").asText() + ":" + parameter.path("name").asText(), parameter);
            }
        }
        return byPlace;
    }

    private ApiOperation.Parameter parameter(JsonNode p, String name, String in, String key, ObjectNode defs)
            throws NotMappable {
        boolean required = in.equals("path") || p.path("required").asBoolean(false);
        String description = p.path("description").isTextual() ? p.get("description").asText() : null;
        if (swagger2) {
            ObjectNode schema = ((ObjectNode) p).deepCopy();
            schema.remove(List.of("name", "in", "required", "description"));
            String format = p.path("collectionFormat").asText("csv");
            String style = switch (format) {
                case "multi" -> "form";
                case "ssv" -> "spaceDelimited";
                case "tsv" -> "tabDelimited";
                case "pipes" -> "pipeDelimited";
                default -> in.equals("query") ? "form" : "simple";
            };
            return new ApiOperation.Parameter(name, in, key, required,
                    schemas.convert(schema, JsonSchemas.Direction.REQUEST, defs), style,
                    format.equals("multi"),
                    description);
        }
        if (!p.has("schema")) {
            throw new NotMappable("parameter '" + name + "' is given as 'content' (a serialized value), which"
                    + " is not mapped");
        }
        String style = p.path("style").asText(in.equals("query") ? "form" : "simple");
        boolean explode = p.path("explode").asBoolean(style.equals("form"));
        return new ApiOperation.Parameter(name, in, key, required,
                schemas.convert(p.get("schema"), JsonSchemas.Direction.REQUEST, defs), style, explode,
                description);
    }

    /** The body's property names when they may stand beside the parameters, else none. */
    private List<String> flattenable(JsonNode bodySchema, List<ApiOperation.Parameter> parameters)
            throws NotMappable {
        JsonNode schema = refs.deref(bodySchema);
        JsonNode props = schema.path("properties");
        if (!props.isObject() || props.isEmpty()
                || schema.has("type") && !"object".equals(schema.path("type").asText())) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : (Iterable<String>) props::fieldNames) {
            if (RESERVED.contains(name) || parameters.stream().anyMatch(p -> p.key().equals(name))) {
                return List.of();
            }
            names.add(name);
        }
        return names;
    }

    /** The schema of a success's JSON body (any when the document gives none). */
    private JsonNode answer(JsonNode op, ObjectNode defs, Set<String> headers, List<String> produced)
            throws NotMappable {
        List<JsonNode> bodies = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : op.path("responses").properties()) {
            if (!r.getKey().startsWith("2")) {
                continue;
            }
            JsonNode response = refs.deref(r.getValue());
            response.path("headers").fieldNames()
                    .forEachRemaining(h -> headers.add(h.toLowerCase(Locale.ROOT)));
            JsonNode schema = null;
            if (swagger2) {
                schema = response.get("schema");
            } else {
                List<String> types = new ArrayList<>();
                response.path("content").fieldNames().forEachRemaining(types::add);
                produced.addAll(types);
                String json = jsonType(types);
                schema = json == null ? null : response.path("content").path(json).get("schema");
            }
            if (schema != null) {
                JsonNode converted = schemas.convert(schema, JsonSchemas.Direction.RESPONSE, defs);
                if (!bodies.contains(converted)) {
                    bodies.add(converted);
                }
            }
        }
        if (bodies.isEmpty()) {
            return NODES.objectNode().put("description", "the answer's body: JSON, text, or a blob reference"
                    + " for a binary body (the document describes no JSON body)");
        }
        ObjectNode some = NODES.objectNode();
        ArrayNode anyOf = some.putArray("anyOf");
        bodies.forEach(anyOf::add);
        anyOf.add(NODES.objectNode().put("type", "null").put("description", "no body (a 204)"));
        return some;
    }

    private String server(JsonNode pathItem, JsonNode op) {
        if (swagger2) {
            return null;
        }
        JsonNode servers = op.path("servers").size() > 0 ? op.get("servers") : pathItem.path("servers");
        return servers.size() > 0 ? Servers.expand(servers.get(0)) : null;
    }

    private List<String> security(JsonNode op) {
        JsonNode requirements = op.has("security") ? op.get("security") : root.path("security");
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode requirement : requirements) {
            requirement.fieldNames().forEachRemaining(names::add);
        }
        return List.copyOf(names);
    }

    private static String summary(JsonNode op) {
        String text = op.path("summary").asText("");
        if (text.isBlank()) {
            text = op.path("description").asText("").lines().findFirst().orElse("");
        }
        return text.strip();
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    /** The first JSON media type of {@code types}; {@code application/json} when there are none. */
    static String jsonType(List<String> types) {
        if (types.isEmpty()) {
            return "application/json";
        }
        for (String type : types) {
            String t = type.toLowerCase(Locale.ROOT).split(";")[0].strip();
            if (t.equals("application/json") || t.endsWith("+json") || t.equals("text/json")
                    || t.equals("*/*") || t.equals("application/*")) {
                return type;
            }
        }
        return null;
    }

    private static String onlyTypes(List<String> types) {
        return "the request body is only " + String.join(", ", types) + ": multipart, form, XML and binary"
                + " bodies are not mapped (the http connector sends them)";
    }
}
