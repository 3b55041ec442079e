package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a connector declares, once: its id and version, the configuration a system of it takes, the
 * credential types it accepts, and its operations and triggers. Docs pages, the API's connector list,
 * flow validation and the contract suite are all generated from it. Immutable; build one with
 * {@link #builder(String, String)}.
 *
 * @param configSchema JSON Schema of a system's {@code config} ({@code {"type": "object"}} when it takes none)
 * @param credentialTypes the vault credential types a system of this connector may use; empty when it
 *     needs none
 * @param credentialRequired whether a system must name a credential
 */
public record ConnectorSpec(String id, String version, String title, String description,
        JsonNode configSchema,
        Set<CredentialType> credentialTypes, boolean credentialRequired, List<OperationSpec> operations,
        List<TriggerSpec> triggers) {

    public ConnectorSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(configSchema, "configSchema");
        credentialTypes = credentialTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(credentialTypes));
        operations = List.copyOf(operations);
        triggers = List.copyOf(triggers);
        if (!id.matches(Names.CONNECTOR)) {
            throw new IllegalArgumentException(
                    "connector id must be lower case letters, digits and '-', starting with a letter, but was '"
                            + id + "'");
        }
        if (!version.matches(Names.VERSION)) {
            throw new IllegalArgumentException("connector " + id
                    + ": version must be MAJOR.MINOR.PATCH (semantic versioning), but was '" + version + "'");
        }
        Names.requireObjectSchema("connector " + id + " config schema", configSchema);
        if (credentialRequired && credentialTypes.isEmpty()) {
            throw new IllegalArgumentException(
                    "connector " + id + " requires a credential but accepts no credential type");
        }
        if (operations.isEmpty() && triggers.isEmpty()) {
            throw new IllegalArgumentException("connector " + id + " declares no operation and no trigger");
        }
        Set<String> names = new HashSet<>();
        for (OperationSpec op : operations) {
            requireOwn(id, "operation", op.name(), names);
        }
        for (TriggerSpec t : triggers) {
            requireOwn(id, "trigger", t.name(), names);
        }
    }

    private static void requireOwn(String id, String kind, String name, Set<String> names) {
        if (!name.startsWith(id + ".")) {
            throw new IllegalArgumentException(
                    "connector " + id + ": " + kind + " '" + name + "' must be named '" + id + ".<name>'");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("connector " + id + " declares '" + name + "' twice");
        }
    }

    /** The operation named {@code name}, or null. */
    public OperationSpec operation(String name) {
        for (OperationSpec op : operations) {
            if (op.name().equals(name)) {
                return op;
            }
        }
        return null;
    }

    /** The trigger named {@code name}, or null. */
    public TriggerSpec trigger(String name) {
        for (TriggerSpec t : triggers) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    public static Builder builder(String id, String version) {
        return new Builder(id, version);
    }

    /** Collects a declaration; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String version;
        private String title;
        private String description = "";
        private JsonNode configSchema = emptyObjectSchema();
        private final Set<CredentialType> credentialTypes = EnumSet.noneOf(CredentialType.class);
        private boolean credentialRequired;
        private final List<OperationSpec> operations = new ArrayList<>();
        private final List<TriggerSpec> triggers = new ArrayList<>();

        private Builder(String id, String version) {
            this.id = id;
            this.version = version;
            this.title = id;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder config(JsonNode schema) {
            this.configSchema = schema;
            return this;
        }

        /** Credential types a system may use; none is needed unless {@link #credentialRequired()}. */
        public Builder credentials(CredentialType... types) {
            credentialTypes.addAll(List.of(types));
            return this;
        }

        public Builder credentialRequired() {
            this.credentialRequired = true;
            return this;
        }

        public Builder operation(OperationSpec operation) {
            operations.add(operation);
            return this;
        }

        public Builder trigger(TriggerSpec trigger) {
            triggers.add(trigger);
            return this;
        }

        public ConnectorSpec build() {
            return new ConnectorSpec(id, version, title, description, configSchema, credentialTypes,
                    credentialRequired, operations, triggers);
        }

        private static JsonNode emptyObjectSchema() {
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "object");
            schema.put("additionalProperties", false);
            return schema;
        }
    }
}
