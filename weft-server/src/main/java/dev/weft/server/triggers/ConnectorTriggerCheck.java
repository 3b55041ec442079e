package dev.weft.server.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.weft.connector.TriggerSpec;
import dev.weft.engine.flow.TriggerCheck;
import dev.weft.connector.ConnectorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * Checks a flow's connector trigger when it is deployed: a connector declares it, and its configuration
 * (every field but {@code type}, {@code system}, {@code every} and {@code description}) fits the trigger's
 * config schema. Whether the system exists is checked when the trigger starts: a flow may be deployed
 * before its system. Thread-safe.
 */
public final class ConnectorTriggerCheck implements TriggerCheck {
    private static final Set<String> PLATFORM_FIELDS = Set.of("type", "system", "every", "description");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, TriggerSpec> triggers = new TreeMap<>();

    /** Checks against the triggers {@code connectors} declare (the server's, or those on the class path). */
    public ConnectorTriggerCheck(List<ConnectorSpec> connectors) {
        connectors.forEach(c -> c.triggers().forEach(t -> triggers.put(t.name(), t)));
    }

    @Override
    public List<Finding> check(JsonNode trigger) {
        String type = trigger.path("type").asText();
        TriggerSpec spec = triggers.get(type);
        if (spec == null) {
            return List
                    .of(new Finding("/type", "no connector declares trigger '" + type + "'; the connectors'"
                            + " triggers are "
                            + (triggers.isEmpty() ? "none" : String.join(", ", triggers.keySet()))));
        }
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        trigger.properties().forEach(p -> {
            if (!PLATFORM_FIELDS.contains(p.getKey())) {
                config.set(p.getKey(), p.getValue());
            }
        });
        List<Finding> findings = new ArrayList<>();
        for (ValidationMessage m : SCHEMAS.getSchema(spec.configSchema()).validate(config)) {
            findings.add(new Finding(m.getInstanceLocation().toString().substring(1).isEmpty()
                    ? ""
                    : "/" + m.getInstanceLocation().toString().substring(2).replace('.', '/'),
                    type + ": "
                            + m.getMessage()));
        }
        return findings;
    }
}
