package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.WeftClient;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.event.EventPage;
import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.outbound.OutboundWebhooks;
import dev.weft.outbound.WebhookInputException;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/events}: the tenant's event feed, oldest first, in cursor pages that a client follows by
 * passing {@code next} back (also after the feed's end, to poll for new events); and publishing a custom
 * event, whose payload must fit its type's JSON Schema when the tenant declared the type
 * ({@code /api/v1/event-types}). Thread-safe.
 */
public final class EventsApi {
    static final int DEFAULT_LIMIT = 100;
    /** At most this many types in one {@code type} filter (each is a parameter of the query). */
    static final int MAX_TYPES = 20;
    static final Set<String> PARAMETERS = Set.of("type", "since", "execution", "cursor", "limit");

    private final WeftClient client;
    private final OutboundWebhooks webhooks;
    private final Clock clock;

    /** @param webhooks holds the event types tenants declared, whose schemas published payloads must fit */
    public EventsApi(WeftClient client, OutboundWebhooks webhooks, Clock clock) {
        this.client = client;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/events", this::list),
                Route.api("POST", "/api/v1/events", this::publish));
    }

    private void list(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), PARAMETERS, Set.of("type"));
        EventPosition after = EventPosition.START;
        String cursor = q.one("cursor");
        if (cursor != null) {
            try {
                after = EventPosition.parse(cursor);
            } catch (IllegalArgumentException e) {
                throw QueryParams.invalid("cursor: " + e.getMessage()
                        + "; leave it out to start from the oldest event kept");
            }
        }
        Set<String> types = types(q);
        EventPage page = client.events(x.caller(),
                new EventQuery(x.tenant(), after, types, q.one("execution"),
                        q.instant("since", clock.instant()), q.limit(DEFAULT_LIMIT, EventQuery.MAX_LIMIT)));
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.events().forEach(e -> items.add(view(e)));
        body.put("next", page.next().toString());
        x.json(200, body);
    }

    /** The {@code type} filter: 1 to {@link #MAX_TYPES} event types, comma separated; empty for every type. */
    static Set<String> types(QueryParams q) {
        Set<String> types = new LinkedHashSet<>();
        String type = q.one("type");
        if (type != null) {
            Arrays.stream(type.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(types::add);
            if (types.isEmpty() || types.size() > MAX_TYPES) {
                throw QueryParams
                        .invalid("type must name 1 to " + MAX_TYPES + " event types, comma separated,"
                                + " but named " + types.size() + "; leave it out to list every type");
            }
            for (String t : types) {
                if (!EventFeed.isTypeName(t)) {
                    throw QueryParams.invalid("type must be event types (dotted lower-case words such as"
                            + " execution.failed or invoice.approved), comma separated, but held '" + t
                            + "'");
                }
            }
        }
        return types;
    }

    private void publish(Exchange x) {
        JsonNode body = x.jsonBody();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("event.invalid",
                    "the body must be an object: {\"type\": \"invoice.approved\", \"payload\": {...}}");
        }
        for (var field : body.properties()) {
            if (!Set.of("type", "payload", "executionId").contains(field.getKey())) {
                throw ApiException.badRequest("event.invalid", "'" + field.getKey()
                        + "' is not a field of an event; fields: type, payload, executionId");
            }
        }
        JsonNode type = body.get("type");
        JsonNode executionId = body.get("executionId");
        if (executionId != null && !executionId.isNull() && !executionId.isTextual()) {
            throw ApiException.badRequest("event.invalid", "executionId must be a string, but was "
                    + executionId.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String problem = EventFeed.problem(type == null || !type.isTextual() ? null : type.asText(),
                body.get("payload"));
        if (problem != null) {
            throw ApiException.badRequest("event.invalid", problem);
        }
        JsonNode payload = body.get("payload");
        try {
            webhooks.checkPayload(x.tenant(), type.asText(),
                    payload == null ? NullNode.getInstance() : payload);
        } catch (WebhookInputException e) {
            throw WebhookBodies.refused(e);
        }
        EventRecord written = client.publish(x.caller(), type.asText(),
                executionId == null || executionId.isNull() ? null : executionId.asText(),
                body.get("payload"));
        x.json(201, view(written));
    }

    /** An event as the API and {@code weft events follow} show it. */
    public static ObjectNode view(EventRecord e) {
        ObjectNode v = Exchange.JSON.createObjectNode();
        v.put("id", e.id());
        v.put("type", e.type());
        v.put("occurredAt", e.occurredAt().toString());
        if (e.executionId() != null) {
            v.put("executionId", e.executionId());
        }
        v.set("payload", e.payload());
        if (e.position() != null) {
            v.put("position", e.position().toString());
        }
        return v;
    }
}
