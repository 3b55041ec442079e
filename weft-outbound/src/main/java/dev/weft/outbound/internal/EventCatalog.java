package dev.weft.outbound.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import dev.weft.engine.flow.JsonSchemas;
import com.networknt.schema.ValidationMessage;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.store.webhook.EventTypeRecord;
import dev.weft.engine.store.webhook.WebhookStore;
import dev.weft.outbound.EventType;
import dev.weft.outbound.WebhookInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event-type catalog: the platform's types with their schemas and examples (a resource of this module),
 * and each tenant's own, declared with a JSON Schema (2020-12) that their payloads are checked against.
 * Thread-safe.
 */
final class EventCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).build();
    // A tenant's schema may not make the server fetch anything: no $ref to a URL or file (JsonSchemas).
    private static final JsonSchemaFactory FACTORY = JsonSchemas.local();
    // The meta-schema is read from the validator's own jar: no network.
    private static final JsonSchema META_SCHEMA = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012),
            CONFIG);
    static final int MAX_SCHEMA_BYTES = 64 * 1024;
    private static final int MAX_COMPILED = 1000;

    private final WebhookStore store;
    private final Clock clock;
    private final Map<String, EventType> platform;
    private final Map<JsonNode, JsonSchema> compiled = new ConcurrentHashMap<>();

    EventCatalog(WebhookStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.platform = loadPlatformTypes();
    }

    private static Map<String, EventType> loadPlatformTypes() {
        try (InputStream in = EventCatalog.class.getResourceAsStream("/dev/weft/outbound/event-types.json")) {
            Map<String, EventType> types = new LinkedHashMap<>();
            for (JsonNode t : JSON.readTree(in)) {
                types.put(t.get("type").asText(), new EventType(t.get("type").asText(),
                        t.get("description").asText(), t.get("schema"), t.get("example"), true));
            }
            return Map.copyOf(types);
        } catch (IOException e) {
            throw new UncheckedIOException("the platform's event types could not be read", e);
        }
    }

    List<EventType> all(String tenantId) {
        List<EventType> all = new ArrayList<>(platform.values());
        store.eventTypes(tenantId).forEach(r -> all.add(view(r)));
        all.sort(Comparator.comparing(EventType::type));
        return all;
    }

    Optional<EventType> get(String tenantId, String type) {
        EventType p = platform.get(type);
        return p != null ? Optional.of(p) : store.eventType(tenantId, type).map(EventCatalog::view);
    }

    EventType put(String tenantId, String type, String description, JsonNode schema, JsonNode example) {
        if (platform.containsKey(type)) {
            throw new WebhookInputException("event_type.invalid", "type", "'" + type
                    + "' is one of the platform's event types; its schema is fixed. Declare a type of your own,"
                    + " such as invoice.approved");
        }
        String problem = EventFeed.problem(type, null);
        if (problem != null) {
            throw new WebhookInputException("event_type.invalid", "type", problem);
        }
        if (description != null && description.length() > 1000) {
            throw new WebhookInputException("event_type.invalid", "description",
                    "description must be at most 1000 characters, but had " + description.length());
        }
        if (schema == null || schema.isNull()) {
            throw new WebhookInputException("event_type.invalid", "schema",
                    "schema is required: the JSON Schema"
                            + " (draft 2020-12) of the payload, an object such as {\"type\": \"object\", \"required\":"
                            + " [\"invoiceId\"]}");
        }
        if (!schema.isObject()) {
            throw new WebhookInputException("event_type.invalid", "schema",
                    "schema must be a JSON object (a JSON"
                            + " Schema, draft 2020-12), but was "
                            + schema.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (schema.toString().length() > MAX_SCHEMA_BYTES) {
            throw new WebhookInputException("event_type.invalid", "schema", "schema is larger than "
                    + MAX_SCHEMA_BYTES + " bytes of JSON");
        }
        List<String> wrong = META_SCHEMA.validate(schema).stream()
                .map(m -> (m.getInstanceLocation().toString().isEmpty() ? "" : m.getInstanceLocation() + ": ")
                        + m.getError())
                .distinct().limit(5).toList();
        if (!wrong.isEmpty()) {
            throw new WebhookInputException("event_type.invalid", "schema",
                    "schema is not a valid JSON Schema (draft 2020-12): " + String.join("; ", wrong));
        }
        try {
            FACTORY.getSchema(schema, CONFIG).initializeValidators();
        } catch (RuntimeException e) {
            throw new WebhookInputException("event_type.invalid", "schema", "schema cannot be used: "
                    + e.getMessage()
                    + "; a schema may refer only to its own parts ($ref: \"#/$defs/...\"), never to a URL or a file");
        }
        if (example != null && !example.isNull()) {
            List<String> problems = problems(schema, example);
            if (!problems.isEmpty()) {
                throw new WebhookInputException("event_type.invalid", "example",
                        "example does not match the schema: " + String.join("; ", problems));
            }
        }
        var now = clock.instant();
        return view(store.putEventType(new EventTypeRecord(tenantId, type, description, schema,
                example == null || example.isNull() ? null : example, now, now)));
    }

    boolean delete(String tenantId, String type) {
        return !platform.containsKey(type) && store.deleteEventType(tenantId, type);
    }

    /** Checks a custom event's payload when its tenant declared the type. */
    void checkPayload(String tenantId, String type, JsonNode payload) {
        if (platform.containsKey(type)) {
            return;
        }
        store.eventType(tenantId, type).ifPresent(declared -> {
            List<String> problems = problems(declared.schema(),
                    payload == null ? com.fasterxml.jackson.databind.node.NullNode.instance : payload);
            if (!problems.isEmpty()) {
                throw new WebhookInputException("event.invalid", "payload",
                        "payload does not match the schema of"
                                + " event type " + type + " (GET /api/v1/event-types/" + type + "): "
                                + String.join("; ", problems));
            }
        });
    }

    /** The problems of a payload against a schema, each at its JSON pointer; empty when it matches. */
    List<String> problems(JsonNode schema, JsonNode payload) {
        if (compiled.size() > MAX_COMPILED) {
            compiled.clear();
        }
        Set<ValidationMessage> messages;
        try {
            JsonSchema s = compiled.computeIfAbsent(schema, k -> FACTORY.getSchema(k, CONFIG));
            messages = s.validate(payload);
        } catch (RuntimeException e) {
            return List
                    .of("the type's schema cannot be used (" + e.getMessage() + "); declare it again without"
                            + " references to URLs or files");
        }
        return messages.stream()
                .map(m -> "at '" + (m.getInstanceLocation().toString().isEmpty()
                        ? "/"
                        : m.getInstanceLocation().toString()) + "': " + m.getError())
                .sorted().limit(10).toList();
    }

    private static EventType view(EventTypeRecord r) {
        return new EventType(r.type(), r.description(), r.schema(), r.example(), false);
    }
}
