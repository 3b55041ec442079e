package dev.weft.testkit.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.TriggerSpec;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a connector's declaration as its docs page, {@code docs/connectors/<id>.md}. The page is never
 * written by hand: {@link ConnectorContract} fails when the checked-in page differs from this rendering
 * and tells how to write it anew. Stateless.
 */
public final class ConnectorDocs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ConnectorDocs() {
    }

    /** The page's Markdown. */
    public static String render(ConnectorSpec spec) {
        StringBuilder md = new StringBuilder();
        md.append("<!-- Generated from the connector's declaration (").append(spec.id())
                .append(" ").append(spec.version())
                .append("); do not edit. See docs/connectors/README.md. -->\n");
        md.append("# ").append(spec.title()).append(" (`").append(spec.id()).append("`)\n\n");
        md.append(spec.description()).append("\n\n");
        md.append("Version ").append(spec.version()).append(".\n\n");
        md.append("## System configuration\n\n");
        md.append("A system of this connector (`PUT /api/v1/systems/{id}` with `\"connector\": \"")
                .append(spec.id()).append("\"`) takes this `config`:\n\n");
        properties(md, spec.configSchema());
        md.append("\n## Credentials\n\n");
        if (spec.credentialTypes().isEmpty()) {
            md.append("None: a system of this connector names no credential.\n");
        } else {
            md.append(spec.credentialRequired() ? "Required. " : "Optional. ").append("Accepted types: ")
                    .append(spec.credentialTypes().stream().sorted().map(CredentialType::wireName)
                            .map(n -> "`" + n + "`").collect(Collectors.joining(", ")))
                    .append(".\n");
        }
        md.append("\n## Operations\n");
        if (spec.operations().isEmpty()) {
            md.append("\nNone.\n");
        }
        for (OperationSpec op : spec.operations()) {
            md.append("\n### `").append(op.name()).append("`\n\n").append(op.description()).append("\n\n");
            md.append(op.readOnly()
                    ? "Read-only and idempotent: the gateway may retry it, and a system with a response cache"
                            + " answers a repeated call from it.\n\n"
                    : op.idempotent()
                            ? "Idempotent: the gateway may retry it. Not read-only: it is never answered from"
                                    + " a response cache.\n\n"
                            : "Not idempotent: the gateway retries it only when the system's policy allows it"
                                    + " (the call's idempotency key is passed on to the target).\n\n");
            md.append("Input (`with`):\n\n");
            properties(md, op.inputSchema());
            md.append("\nOutput schema:\n\n");
            code(md, op.outputSchema());
            examples(md, op.examples());
        }
        md.append("\n## Triggers\n");
        if (spec.triggers().isEmpty()) {
            md.append("\nNone.\n");
        }
        for (TriggerSpec t : spec.triggers()) {
            md.append("\n### `").append(t.name()).append("` (")
                    .append(t.kind().name().toLowerCase(java.util.Locale.ROOT)).append(")\n\n")
                    .append(t.description()).append("\n\nConfiguration:\n\n");
            properties(md, t.configSchema());
            md.append("\nEvent (`trigger.event`):\n\n");
            code(md, t.eventSchema());
            examples(md, t.examples());
        }
        return md.toString();
    }

    private static void properties(StringBuilder md, JsonNode schema) {
        JsonNode props = schema.path("properties");
        if (!props.isObject() || props.isEmpty()) {
            md.append("None.\n");
            return;
        }
        List<String> required = schema.path("required").isArray()
                ? JSON.convertValue(schema.get("required"), JSON.getTypeFactory()
                        .constructCollectionType(List.class, String.class))
                : List.of();
        md.append("| field | type | required | description |\n|---|---|---|---|\n");
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            JsonNode s = p.getValue();
            md.append("| `").append(p.getKey()).append("` | ").append(type(s)).append(" | ")
                    .append(required.contains(p.getKey()) ? "yes" : "no").append(" | ")
                    .append(cell(s.path("description").asText("")))
                    .append(s.has("default")
                            ? (s.path("description").asText("").isEmpty() ? "" : " ")
                                    + "Default `" + s.get("default") + "`."
                            : "")
                    .append(" |\n");
        }
        if (schema.has("oneOf")) {
            md.append("\nExactly one of: ").append(schema.get("oneOf").findValues("required").stream()
                    .map(r -> r.toString().replace("\"", "`")).collect(Collectors.joining(", ")))
                    .append(".\n");
        }
    }

    private static String type(JsonNode s) {
        if (s.has("enum")) {
            return "one of " + s.get("enum").toString().replace("\"", "`").replace(",", ", ");
        }
        JsonNode type = s.get("type");
        if (type == null) {
            return s.has("oneOf") ? "see schema" : "any";
        }
        return type.isArray() ? type.toString().replace("\"", "").replace(",", " or ") : type.asText();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static void examples(StringBuilder md, List<Example> examples) {
        for (Example e : examples) {
            md.append("\nExample: ").append(e.title()).append("\n\n");
            code(md, e.input());
            if (e.output() != null) {
                md.append("\nreturns\n\n");
                code(md, e.output());
            }
        }
    }

    private static void code(StringBuilder md, JsonNode json) {
        try {
            md.append("```json\n").append(JSON.writeValueAsString(JSON.treeToValue(json, Object.class)))
                    .append("\n```\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
