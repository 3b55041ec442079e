package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code weft connectors import-openapi} prints about a document: its title, version and servers, its
 * security schemes with the credential type each maps to, every operation a system of it can call with its
 * inputs, and every operation it cannot call with the reason. Stateless.
 */
public final class ImportReport {
    private ImportReport() {
    }

    /** The report, as lines of text for a person. */
    public static String render(OpenApiDocument doc) {
        StringBuilder out = new StringBuilder();
        out.append(doc.title().isBlank() ? "(untitled)" : doc.title()).append(' ').append(doc.version())
                .append(" (").append(doc.specVersion().equals("2.0") ? "Swagger " : "OpenAPI ")
                .append(doc.specVersion()).append(")\n");
        out.append("servers:").append(doc.servers().isEmpty() ? " none (give the system a baseUrl)" : "")
                .append('\n');
        doc.servers().forEach(s -> out.append("  ").append(s).append(s.startsWith("http")
                ? ""
                : "  (relative: resolved against documentUrl, or give the system a baseUrl)").append('\n'));
        out.append("security schemes:").append(doc.securitySchemes().isEmpty() ? " none" : "").append('\n');
        for (SecurityScheme s : doc.securitySchemes()) {
            out.append("  ").append(s.name()).append(": ").append(s.kind()).append(" -> ")
                    .append(s.credentialType() == null ? "" : s.credentialType().wireName() + ": ")
                    .append(s.how()).append('\n');
        }
        out.append("operations (").append(doc.operations().size()).append("), each a step's operation by the"
                + " name after ->, or openapi.call with with.operationId:\n");
        java.util.Map<String, ApiOperation> own = OpenApiClient.own(doc);
        for (ApiOperation op : doc.operations()) {
            String name = OpenApiClient.operationName(op.operationId());
            out.append("  ").append(op.operationId()).append("  ").append(op.method()).append(' ')
                    .append(op.path()).append("  -> ").append(own.get(name) == op
                            ? name
                            : "openapi.call only (" + name + " would name another operation too)")
                    .append('\n');
            if (!op.inputFields().isEmpty()) {
                out.append("      input: ").append(String.join(", ", op.inputFields())).append('\n');
            }
        }
        out.append("not mapped (").append(doc.unmapped().size()).append(")").append(doc.unmapped().isEmpty()
                ? ""
                : ":").append('\n');
        for (Unmapped u : doc.unmapped()) {
            out.append("  ").append(u.label()).append(u.operationId() == null ? " (no operationId)" : "")
                    .append(": ").append(String.join("; ", u.reasons())).append('\n');
        }
        return out.toString();
    }

    /**
     * The body of {@code PUT /api/v1/systems/{id}} for a system of this document: the document inline, and
     * the name of the vault credential it needs when its security schemes map to one.
     */
    public static ObjectNode systemBody(OpenApiDocument doc, String systemId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("connector", OpenApiConnector.ID);
        ObjectNode config = body.putObject("config");
        config.set("document", doc.tree());
        boolean relative = doc.servers().isEmpty() || !doc.servers().get(0).startsWith("http");
        if (relative) {
            config.put("baseUrl", "https://api.example.com" + (doc.servers().isEmpty()
                    ? ""
                    : doc.servers().get(0).replaceAll("/+$", "")));
        }
        if (doc.securitySchemes().stream().anyMatch(s -> s.credentialType() != null)) {
            body.put("credential", systemId + "-credential");
        }
        return body;
    }
}
