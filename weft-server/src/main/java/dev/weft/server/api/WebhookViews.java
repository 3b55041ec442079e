package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.outbound.DeliveryDetail;
import dev.weft.outbound.EventType;
import dev.weft.outbound.Redaction;
import dev.weft.server.http.Exchange;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How outbound webhook endpoints, deliveries, attempts, messages and event types look in API answers
 * (docs/design/outbound-webhooks.md): every field present, null when it has no value. None holds a secret:
 * an endpoint's headers whose names look secret ({@link Redaction#secretName}) are shown
 * {@value Redaction#REDACTED}, as in its attempts' request headers. Stateless.
 */
final class WebhookViews {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WebhookViews() {
    }

    /**
     * An endpoint as of {@code now}: {@code previousSecretExpiresAt} only while the previous secret still signs
     * (null once the overlap has passed, though the row keeps the instant until the next rotation).
     */
    static ObjectNode endpoint(WebhookEndpoint e, Instant now) {
        ObjectNode o = JSON.objectNode();
        o.put("id", e.id());
        o.put("url", e.url());
        ArrayNode events = o.putArray("events");
        e.events().forEach(events::add);
        o.put("filter", e.filter());
        o.set("headers", headers(Redaction.headers(e.headers())));
        o.put("rateLimit", e.rateLimit());
        o.put("concurrency", e.concurrency());
        o.put("enabled", e.enabled());
        o.put("disabledReason", e.disabledReason());
        o.put("description", e.description());
        o.put("secretVersion", e.secretVersion());
        Instant previousUntil = e.previousSecretUntil();
        o.put("previousSecretExpiresAt",
                previousUntil == null || !previousUntil.isAfter(now) ? null : previousUntil.toString());
        o.put("failingSince", instant(e.failingSince()));
        o.put("createdAt", instant(e.createdAt()));
        o.put("updatedAt", instant(e.updatedAt()));
        o.put("version", e.version());
        return o;
    }

    /**
     * What a change of an endpoint is, for the audit log: its settings, without what changes by itself
     * (timestamps, failures), without its signing secret (not in the endpoint) and with the values of secret
     * headers redacted (never a digest of a secret, which could be guessed back).
     */
    static ObjectNode endpointAudit(String url, List<String> events, String filter,
            Map<String, String> headers,
            Integer rateLimit, Integer concurrency, Boolean enabled, String description) {
        return AuditDigests.fields("url", url, "events", events, "filter", filter, "headers",
                headers == null ? null : new TreeMap<>(Redaction.headers(headers)), "rateLimit", rateLimit,
                "concurrency",
                concurrency, "enabled", enabled, "description", description);
    }

    static ObjectNode endpointAudit(WebhookEndpoint e) {
        return endpointAudit(e.url(), e.events(), e.filter(), e.headers(), e.rateLimit(), e.concurrency(),
                e.enabled(), e.description());
    }

    static ObjectNode delivery(WebhookDelivery d) {
        ObjectNode o = JSON.objectNode();
        o.put("id", d.id());
        o.put("endpointId", d.endpointId());
        o.put("messageId", d.messageId());
        o.put("eventType", d.eventType());
        o.put("status", d.status().wireName());
        o.put("attempts", d.attempts());
        o.put("dueAt", instant(d.dueAt()));
        o.put("lastStatus", d.lastStatus());
        o.put("lastError", d.lastError());
        o.put("createdAt", instant(d.createdAt()));
        o.put("updatedAt", instant(d.updatedAt()));
        return o;
    }

    /**
     * A delivery with its message (null if retention deleted it meanwhile) and every attempt in
     * {@code history}; {@code attempts} stays the count, as in a list.
     */
    static ObjectNode deliveryDetail(DeliveryDetail detail) {
        ObjectNode o = delivery(detail.delivery());
        o.set("message", detail.message() == null ? JSON.nullNode() : message(detail.message()));
        o.set("history", history(detail.attempts()));
        return o;
    }

    /** A delivery with every attempt in {@code history}, as one of a message's deliveries. */
    static ObjectNode deliveryWithHistory(DeliveryDetail detail) {
        ObjectNode o = delivery(detail.delivery());
        o.set("history", history(detail.attempts()));
        return o;
    }

    /** The attempts, first to last. */
    static ArrayNode history(List<WebhookAttempt> attempts) {
        ArrayNode list = JSON.arrayNode();
        for (WebhookAttempt a : attempts) {
            ObjectNode v = list.addObject();
            v.put("attempt", a.attempt());
            v.put("startedAt", instant(a.startedAt()));
            v.put("latencyMs", a.latencyMillis());
            v.set("requestHeaders", headers(a.requestHeaders()));
            v.put("responseStatus", a.responseStatus());
            v.put("responseBody", a.responseBody());
            v.put("error", a.error());
            v.put("succeeded", a.succeeded());
        }
        return list;
    }

    /** A message: its {@code webhook-id}, its event, and the body sent (as JSON). */
    static ObjectNode message(WebhookMessage m) {
        ObjectNode o = JSON.objectNode();
        o.put("id", m.id());
        o.put("eventType", m.eventType());
        o.put("eventId", m.eventId());
        o.put("occurredAt", instant(m.occurredAt()));
        o.set("body", body(m.body()));
        return o;
    }

    static ObjectNode eventType(EventType t) {
        ObjectNode o = JSON.objectNode();
        o.put("type", t.type());
        o.put("description", t.description());
        o.set("schema", t.schema());
        o.set("example", t.example() == null ? JSON.nullNode() : t.example());
        o.put("source", t.platform() ? "platform" : "tenant");
        return o;
    }

    /** What a change of a tenant's event type is, for the audit log. */
    static ObjectNode eventTypeAudit(String type, String description, JsonNode schema, JsonNode example) {
        return AuditDigests.fields("type", type, "description", description, "schema", schema, "example",
                example);
    }

    private static ObjectNode headers(Map<String, String> headers) {
        ObjectNode o = JSON.objectNode();
        new TreeMap<>(headers).forEach(o::put);
        return o;
    }

    /** The body as sent is JSON written by Weft; shown as text only if it ever were not. */
    private static JsonNode body(String body) {
        try {
            return Exchange.JSON.readTree(body);
        } catch (IOException e) {
            return JSON.textNode(body);
        }
    }

    private static String instant(Instant at) {
        return at == null ? null : at.toString();
    }
}
