package dev.weft.outbound.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.event.FeedConsumer;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.internal.Ids;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed consumer that turns events into deliveries: for each batch, every tenant's enabled endpoints are
 * read, each event is matched against their types and filters, and the messages and deliveries are written
 * in one transaction, leased to this node and due now, then handed to the dispatcher. Handing a batch over
 * again writes nothing twice (ids derive from the event). Thread-safe (called by one consumer thread).
 */
final class FanOut implements FeedConsumer.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookStore store;
    private final Endpoints endpoints;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final Duration lease;
    private final String owner;

    /** The delay of a delivery's first attempt (the retry schedule's first entry, usually 0). */
    private final Duration firstDelay;
    /** When each endpoint's filter last failed, so that a failing filter is logged once a minute, not per event. */
    private final Map<String, Instant> filterWarned = new java.util.concurrent.ConcurrentHashMap<>();

    FanOut(WebhookStore store, Endpoints endpoints, Dispatcher dispatcher, Clock clock, Duration lease,
            String owner, Duration firstDelay) {
        this.firstDelay = firstDelay;
        this.store = store;
        this.endpoints = endpoints;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.lease = lease;
        this.owner = owner;
    }

    @Override
    public void handle(List<EventRecord> events) {
        Map<String, List<EventRecord>> byTenant = new LinkedHashMap<>();
        for (EventRecord e : events) {
            byTenant.computeIfAbsent(e.tenantId(), k -> new ArrayList<>()).add(e);
        }
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        Instant due = now.plus(firstDelay);
        boolean sendNow = firstDelay.isZero();
        Map<String, WebhookMessage> messages = new LinkedHashMap<>();
        List<WebhookDelivery> deliveries = new ArrayList<>();
        // What each endpoint's lane can take on now: the rest is written unleased, for the claim loop.
        Map<String, Integer> room = new java.util.HashMap<>();
        byTenant.forEach((tenant, tenantEvents) -> {
            List<Endpoints.Compiled> enabled = endpoints.reload(tenant).stream()
                    .filter(c -> c.endpoint().enabled()).toList();
            if (enabled.isEmpty()) {
                return;
            }
            for (EventRecord event : tenantEvents) {
                WebhookMessage message = null;
                for (Endpoints.Compiled c : enabled) {
                    if (!matches(c, event)) {
                        continue;
                    }
                    if (message == null) {
                        message = message(event);
                        messages.put(message.id(), message);
                    }
                    deliveries.add(
                            WebhookDelivery.pending(tenant, newDeliveryId(), c.endpoint().id(), message.id(),
                                    event.type(), now, owner, leaseUntil));
                }
            }
        });
        if (deliveries.isEmpty()) {
            return;
        }
        List<WebhookDelivery> written = store.enqueue(messages.values(), deliveries);
        dispatcher.submit(written.stream().filter(d -> owner.equals(d.leaseOwner())).toList(), messages);
        if (written.stream().anyMatch(d -> d.leaseOwner() == null)) {
            dispatcher.wake();
        }
    }

    private boolean matches(Endpoints.Compiled c, EventRecord event) {
        if (!c.patterns().matches(event.type()) || event.occurredAt().isBefore(c.endpoint().createdAt())) {
            return false; // an endpoint receives the events that occur after it was created
        }
        if (event.type().equals(EventRecord.ENDPOINT_DISABLED)
                && c.endpoint().id().equals(event.payload().path("endpointId").asText())) {
            return false; // its own disabling: it is disabled
        }
        if (c.filter() == null) {
            return true;
        }
        try {
            return c.filter().test(event.payload());
        } catch (ExpressionException e) {
            LOG.debug("filter of endpoint {} failed on event {}: {}; not delivered", c.endpoint().id(),
                    event.id(),
                    e.getMessage());
            return false;
        }
    }

    /** The message of an event: its id derives from the event's, so a batch handed over again reuses it. */
    static WebhookMessage message(EventRecord event) {
        return new WebhookMessage(event.tenantId(), "msg_" + event.position().seq(), event.type(), event.id(),
                body(event.type(), event.occurredAt(), event.payload()), event.occurredAt());
    }

    static String body(String type, Instant occurredAt, com.fasterxml.jackson.databind.JsonNode payload) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("timestamp", occurredAt.toString());
        body.set("data", payload);
        return body.toString();
    }

    /**
     * The body of a test send: as {@link #body}, with {@code "test": true} (signed with the rest), so that a
     * receiver can tell it from the platform's own events.
     */
    static String testBody(String type, Instant at, com.fasterxml.jackson.databind.JsonNode payload) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("timestamp", at.toString());
        body.put("test", true);
        body.set("data", payload);
        return body.toString();
    }

    static String newDeliveryId() {
        return "dlv_" + Ids.random().replace("-", "");
    }
}
