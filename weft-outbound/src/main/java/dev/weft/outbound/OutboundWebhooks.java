package dev.weft.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.webhook.DeliveryQuery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookStore;
import dev.weft.engine.event.EventFeed;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OutboundAuth;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.outbound.internal.WebhookService;
import dev.weft.vault.Vault;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound webhooks of every tenant: managing endpoints and the event-type catalog, the history of
 * deliveries and their control; behind it, the fan-out that reads the event feed and the dispatcher that
 * sends due deliveries (see {@code docs/design/outbound-webhooks.md}). Every method takes the tenant it acts
 * for; the caller has checked the principal's permission. Thread-safe; {@link #close} stops the fan-out and
 * the dispatcher, leaving what they held to the next start.
 */
public interface OutboundWebhooks extends AutoCloseable {

    /**
     * Starts outbound webhooks on the store: the fan-out (a consumer of {@code feed}), the dispatcher (on a
     * Jetty HTTP transport of its own behind {@code egress}, no redirect followed) and their housekeeping.
     *
     * @throws IllegalStateException when the HTTP client does not start
     */
    static OutboundWebhooks start(WebhookStore store, EventFeed feed, Vault vault, EgressGuard egress,
            WebhookSettings settings, MeterRegistry metrics, Clock clock) {
        JettyTransport transport;
        try {
            transport = JettyTransport.start("webhooks", egress, OutboundAuth.NONE);
        } catch (ConnectorException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return WebhookService.start(store, feed, vault, egress, transport, transport, settings, metrics,
                clock);
    }

    // ---- endpoints

    /**
     * Creates an endpoint and its signing secret ({@code whsec_} and 32 random bytes, base64).
     *
     * @throws WebhookInputException naming the field: a missing or bad url (the egress rules included),
     *     no events, a bad pattern, a filter that does not compile, a bad header or limit
     */
    CreatedEndpoint create(String tenantId, EndpointSpec spec);

    List<WebhookEndpoint> endpoints(String tenantId);

    Optional<WebhookEndpoint> endpoint(String tenantId, String id);

    /**
     * Changes an endpoint's settings: the spec's non-null fields, and those it clears. Enabling a disabled
     * endpoint clears why it was disabled; its failed deliveries stay failed (replay them).
     *
     * @return empty when there is no such endpoint
     * @throws WebhookInputException as {@link #create}
     */
    Optional<WebhookEndpoint> update(String tenantId, String id, EndpointSpec change);

    /** Deletes an endpoint with its deliveries, their attempts and its secrets; false when there was none. */
    boolean delete(String tenantId, String id);

    /**
     * Issues a new signing secret; until the returned instant deliveries carry signatures with both the new
     * and the previous one. A rotation during an overlap drops the oldest secret.
     *
     * @return empty when there is no such endpoint
     */
    Optional<RotatedSecret> rotateSecret(String tenantId, String id);

    // ---- history and control

    /** Deliveries the query selects, newest first, and the next page's cursor. */
    DeliveryPage deliveries(DeliveryQuery query);

    Optional<DeliveryDetail> delivery(String tenantId, String deliveryId);

    Optional<MessageDetail> message(String tenantId, String messageId);

    /**
     * Sends a delivery again now, whatever its status, with the schedule started again; same
     * {@code webhook-id}. Empty when there is none.
     *
     * @throws WebhookInputException when its endpoint is disabled (enable it first)
     */
    Optional<WebhookDelivery> retry(String tenantId, String deliveryId);

    /**
     * Sends again every delivery of an endpoint created at or after {@code since} whose status is one of
     * {@code statuses}; returns how many.
     *
     * @return empty when there is no such endpoint
     * @throws WebhookInputException when the endpoint is disabled
     */
    Optional<Integer> replay(String tenantId, String endpointId, Instant since, Set<DeliveryStatus> statuses);

    /**
     * Sends an example event of {@code type} to one endpoint now (whether or not it subscribes to the
     * type): the catalog's example payload, or {@code payload} when given. The message is recorded and
     * retried like any other.
     *
     * @return empty when there is no such endpoint
     * @throws WebhookInputException for a type that the catalog does not have when no payload is given, or a
     *     payload that does not match the type's schema
     */
    Optional<WebhookDelivery> test(String tenantId, String endpointId, String type, JsonNode payload);

    // ---- the event-type catalog

    /** The platform's event types and the tenant's own, by type. */
    List<EventType> eventTypes(String tenantId);

    Optional<EventType> eventType(String tenantId, String type);

    /**
     * Declares or replaces one of the tenant's own event types.
     *
     * @throws WebhookInputException for a platform type or prefix, a bad type name, a schema that is not a
     *     JSON Schema, or an example that does not match it
     */
    EventType putEventType(String tenantId, String type, String description, JsonNode schema,
            JsonNode example);

    /** @return false when the tenant declared no such type (the platform's cannot be deleted) */
    boolean deleteEventType(String tenantId, String type);

    /**
     * Checks a custom event's payload against its type's schema, when the tenant declared the type.
     *
     * @throws WebhookInputException ({@code event.invalid}) naming the payload's path and what the schema wants
     */
    void checkPayload(String tenantId, String type, JsonNode payload);

    @Override
    void close();
}
