package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * One trigger a connector declares: events from the system that start executions. A flow names it as
 * {@code {type: <name>, system: <id>, ...config}}; {@code configSchema} describes that configuration and
 * {@code eventSchema} the {@code trigger.event} an execution sees.
 *
 * @param name the full name, {@code connector.trigger}, for example {@code rabbitmq.consume}
 */
public record TriggerSpec(String name, String description, TriggerKind kind, JsonNode configSchema,
        JsonNode eventSchema, List<Example> examples) {

    public TriggerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(configSchema, "configSchema");
        Objects.requireNonNull(eventSchema, "eventSchema");
        examples = List.copyOf(examples);
        if (!name.matches(Names.OPERATION)) {
            throw new IllegalArgumentException(
                    "trigger name must look like 'connector.trigger' (lower case), but was '" + name + "'");
        }
        Names.requireObjectSchema(name + " config schema", configSchema);
    }
}
