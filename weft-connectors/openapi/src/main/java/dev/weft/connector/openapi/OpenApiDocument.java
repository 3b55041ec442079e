package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAPI 3.0 or 3.1 or Swagger 2.0 document, read for calling: its title, version and servers, its
 * security schemes with the credential type each needs, every operation a system can call (one per
 * {@code operationId}), and the operations it cannot call with the reasons. Immutable.
 *
 * @param specVersion {@code 3.0.3}, {@code 3.1.0}, {@code 2.0}
 * @param servers the document's server URLs as written (a relative one is resolved against the URL the
 *     document came from)
 */
public record OpenApiDocument(String source, String specVersion, String title, String version,
        List<String> servers, List<SecurityScheme> securitySchemes, List<ApiOperation> operations,
        List<Unmapped> unmapped, JsonNode tree) {

    public OpenApiDocument {
        servers = List.copyOf(servers);
        securitySchemes = List.copyOf(securitySchemes);
        operations = List.copyOf(operations);
        unmapped = List.copyOf(unmapped);
    }

    /**
     * Reads a document's text, JSON or YAML.
     *
     * @param source where it came from, for messages: a file name or a URL without its query
     */
    public static OpenApiDocument parse(String text, String source) throws DocumentException {
        return of(DocumentReader.read(text, source), source);
    }

    /** Reads a document given as a tree (a system's {@code config.document}, or its text as a string). */
    public static OpenApiDocument of(JsonNode root, String source) throws DocumentException {
        if (root.isTextual()) {
            return parse(root.textValue(), source);
        }
        if (!root.isObject()) {
            throw new DocumentException(source, 0, 0, "an OpenAPI document is an object, but this is "
                    + root.getNodeType());
        }
        String openapi = root.path("openapi").asText("");
        boolean swagger2 = root.path("swagger").asText("").equals("2.0");
        if (!swagger2 && !openapi.startsWith("3.0") && !openapi.startsWith("3.1")) {
            throw new DocumentException(source, 0, 0, root.has("openapi") || root.has("swagger")
                    ? "version " + root.path(root.has("openapi") ? "openapi" : "swagger").asText()
                            + " is not one this connector reads: OpenAPI 3.0, 3.1 or Swagger 2.0"
                    : "neither 'openapi: 3.x' nor 'swagger: \"2.0\"' at the top: this is not an OpenAPI document");
        }
        if (!root.path("paths").isObject() && !root.has("webhooks")) {
            throw new DocumentException(source, 0, 0, "the document has no 'paths'");
        }
        OperationReader reader = new OperationReader(root, swagger2);
        List<ApiOperation> operations = new ArrayList<>();
        List<Unmapped> unmapped = new ArrayList<>();
        Map<String, ApiOperation> byId = new HashMap<>();
        Refs refs = new Refs(root);
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            JsonNode item;
            try {
                item = refs.deref(path.getValue());
            } catch (NotMappable e) {
                unmapped.add(new Unmapped(null, "*", path.getKey(), List.of(e.getMessage())));
                continue;
            }
            for (String method : (Iterable<String>) item::fieldNames) { // in the document's order
                JsonNode op = item.get(method);
                if (!OperationReader.METHODS.contains(method) || !op.isObject()) {
                    continue;
                }
                Object read = reader.read(path.getKey(), item, method, op);
                if (read instanceof ApiOperation a) {
                    ApiOperation first = byId.putIfAbsent(a.operationId(), a);
                    if (first == null) {
                        operations.add(a);
                    } else {
                        unmapped.add(new Unmapped(a.operationId(), a.method(), a.path(), List.of(
                                "operationId '" + a.operationId() + "' is also the id of " + first.method()
                                        + " "
                                        + first.path() + ", which it stays")));
                    }
                } else {
                    unmapped.add((Unmapped) read);
                }
            }
        }
        for (Map.Entry<String, JsonNode> hook : root.path("webhooks").properties()) {
            for (String method : OperationReader.METHODS) {
                if (hook.getValue().has(method)) {
                    unmapped.add(new Unmapped(hook.getValue().get(method).path("operationId").asText(null),
                            method.toUpperCase(java.util.Locale.ROOT), "webhook " + hook.getKey(),
                            List.of("a webhook (the API calls us): not an operation to call; receive it with a"
                                    + " webhook trigger")));
                }
            }
        }
        JsonNode info = root.path("info");
        return new OpenApiDocument(source, swagger2 ? "2.0" : openapi, info.path("title").asText(""),
                info.path("version").asText(""), Servers.of(root, swagger2),
                SecuritySchemes.read(root, swagger2), operations, unmapped, root);
    }

    /** The operation with this operationId, or null. */
    public ApiOperation operation(String operationId) {
        for (ApiOperation op : operations) {
            if (op.operationId().equals(operationId)) {
                return op;
            }
        }
        return null;
    }

    /** The operation this operationId names that cannot be called, or null. */
    public Unmapped unmappedOperation(String operationId) {
        for (Unmapped u : unmapped) {
            if (operationId.equals(u.operationId())) {
                return u;
            }
        }
        return null;
    }

    /** The security scheme of this name, or null. */
    public SecurityScheme securityScheme(String name) {
        for (SecurityScheme s : securitySchemes) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
