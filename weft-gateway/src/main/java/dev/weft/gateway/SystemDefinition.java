package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.weft.connector.ConnectorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a system's definition, {@code {connector, config, credential, policy}} as the server's
 * {@code PUT /api/v1/systems/{id}} takes it and as a {@code --systems} file holds it: the id, the fields,
 * the connector, the config against the connector's schema and the policy. Whether the credential exists
 * and the fallback system's connector are for the caller, who knows its vault and its systems. Stateless
 * and thread-safe.
 */
public final class SystemDefinition {
    /** What a system id must match. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<String> FIELDS = Set.of("connector", "config", "credential", "policy");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012);

    private SystemDefinition() {
    }

    /** Why a system id is invalid, or null. */
    public static String idProblem(String id) {
        return id != null && ID.matcher(id).matches()
                ? null
                : "a system id is 1 to 63 lower-case letters, digits, '-' and '_', starting with a letter or"
                        + " digit, but was '" + id + "'";
    }

    /**
     * Every problem with {@code body} (empty when there is none), each naming its field.
     *
     * @param connectors the connector declaration by id, empty when there is no such connector
     * @param connectorIds the connectors there are, for the message naming an unknown one
     */
    public static List<String> problems(String id, JsonNode body,
            Function<String, Optional<ConnectorSpec>> connectors, List<String> connectorIds) {
        List<String> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                problems.add(f + ": unknown field; a system has "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        });
        String connectorId = body.path("connector").isTextual() ? body.get("connector").asText() : null;
        ConnectorSpec spec = connectorId == null ? null : connectors.apply(connectorId).orElse(null);
        if (connectorId == null) {
            problems.add("connector: required, the id of a connector (GET /api/v1/connectors lists them)");
        } else if (spec == null) {
            problems.add("connector: no connector '" + connectorId + "'; the connectors are "
                    + String.join(", ", connectorIds));
        }
        JsonNode config = config(body);
        if (spec != null) {
            for (ValidationMessage m : SCHEMAS.getSchema(spec.configSchema()).validate(config)) {
                problems.add(
                        "config" + m.getInstanceLocation().toString().substring(1) + ": " + m.getMessage());
            }
        }
        JsonNode credential = body.get("credential");
        if (credential != null && !credential.isNull() && !credential.isTextual()) {
            problems.add("credential: must be the name of a vault credential, not its value");
        }
        try {
            Policy parsed = Policy.parse(policy(body));
            String problem = spec == null ? null : Policy.problem(parsed, spec, id, config);
            if (problem != null) {
                problems.add(problem);
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** The body's {@code config}, an empty object when it has none. */
    public static JsonNode config(JsonNode body) {
        return body.has("config") ? body.get("config") : JsonNodeFactory.instance.objectNode();
    }

    /** The body's {@code policy}, an empty object when it has none. */
    public static JsonNode policy(JsonNode body) {
        return body.has("policy") ? body.get("policy") : JsonNodeFactory.instance.objectNode();
    }

    /** The body's credential name, or null when it names none (or not as a string). */
    public static String credential(JsonNode body) {
        JsonNode value = body.get("credential");
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** The policy's fallback system, or null when it has none or the policy does not parse ({@link #problems}). */
    public static String fallbackSystem(JsonNode policy) {
        try {
            Policy parsed = Policy.parse(policy);
            return parsed.fallback() == null ? null : parsed.fallback().system();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What is wrong with a system of {@code connector} falling back to {@code fallback}, whose connector is
     * {@code fallbackConnector}: a fallback must be of the same connector.
     */
    public static Optional<String> fallbackProblem(String connector, String fallback,
            String fallbackConnector) {
        return fallbackConnector.equals(connector)
                ? Optional.empty()
                : Optional.of("policy.fallback.system: system '" + fallback + "' is a '" + fallbackConnector
                        + "' system, but a fallback must be of the same connector (" + connector + ")");
    }
}
