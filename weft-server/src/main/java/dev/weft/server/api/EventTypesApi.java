package dev.weft.server.api;

import static dev.weft.server.api.WebhookBodies.checked;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.outbound.EventType;
import dev.weft.outbound.OutboundWebhooks;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/event-types}: the catalog of event types, the platform's (written by Weft, each with its
 * JSON Schema and an example) and the tenant's own, declared with a JSON Schema that {@code POST
 * /api/v1/events} then holds their payloads to. Thread-safe.
 */
public final class EventTypesApi {
    static final String INVALID = "event_type.invalid";
    private static final Set<String> FIELDS = Set.of("description", "schema", "example");

    private final OutboundWebhooks webhooks;

    public EventTypesApi(OutboundWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/event-types", this::list),
                Route.api("GET", "/api/v1/event-types/{type}", this::get),
                Route.api("PUT", "/api/v1/event-types/{type}", this::put),
                Route.api("DELETE", "/api/v1/event-types/{type}", this::delete));
    }

    private void list(Exchange x) {
        QueryParams.none(x.query());
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        webhooks.eventTypes(x.tenant()).forEach(t -> items.add(WebhookViews.eventType(t)));
        x.json(200, body);
    }

    private void get(Exchange x) {
        QueryParams.none(x.query());
        String type = x.param("type");
        EventType found = webhooks.eventType(x.tenant(), type)
                .orElseThrow(() -> ApiException.notFound("no event type " + type
                        + " (GET /api/v1/event-types lists them; PUT declares one of the tenant's own)"));
        x.json(200, WebhookViews.eventType(found));
    }

    private void put(Exchange x) {
        QueryParams.none(x.query());
        String type = x.param("type");
        ObjectNode body = WebhookBodies.object(x, FIELDS, INVALID,
                "{\"description\": \"...\", \"schema\": {\"type\": \"object\"}, \"example\": {...}}");
        String description = WebhookBodies.text(body, "description", INVALID);
        JsonNode schema = body.get("schema");
        if (schema != null && !schema.isNull() && !schema.isObject()) {
            // Absent, the facade says it is required; given, it must be a schema.
            throw new ApiException(400, INVALID, "schema must be a JSON object (a JSON Schema, draft 2020-12,"
                    + " such as {\"type\": \"object\", \"required\": [\"invoiceId\"]}), but was "
                    + schema.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                    List.of(Exchange.JSON.createObjectNode().put("field", "schema")));
        }
        JsonNode example = body.get("example");
        JsonNode givenExample = example == null || example.isNull() ? null : example;
        Optional<EventType> before = webhooks.eventType(x.tenant(), type).filter(t -> !t.platform());
        before.ifPresent(b -> AuditDigests.before(
                WebhookViews.eventTypeAudit(b.type(), b.description(), b.schema(), b.example())));
        AuditDigests.after(WebhookViews.eventTypeAudit(type, description, schema, givenExample));
        EventType stored = checked(() -> webhooks.putEventType(x.tenant(), type, description, schema,
                givenExample));
        x.json(before.isPresent() ? 200 : 201, WebhookViews.eventType(stored));
    }

    private void delete(Exchange x) {
        QueryParams.none(x.query());
        String type = x.param("type");
        Optional<EventType> before = webhooks.eventType(x.tenant(), type);
        if (before.isPresent() && before.get().platform()) {
            throw ApiException.badRequest(INVALID, type + " is one of the platform's event types, which"
                    + " cannot be deleted; only a tenant's own types can");
        }
        before.ifPresent(b -> AuditDigests.before(
                WebhookViews.eventTypeAudit(b.type(), b.description(), b.schema(), b.example())));
        if (!webhooks.deleteEventType(x.tenant(), type)) {
            throw ApiException.notFound("no event type " + type + " declared by this tenant");
        }
        x.send(204, null, new byte[0], Map.of());
    }
}
