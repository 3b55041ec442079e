package dev.weft.engine.store.webhook;

import dev.weft.engine.store.EventRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Outbound webhooks' rows: endpoints, the messages sent to them, deliveries (due rows claimed with leases
 * and fenced by a lease version, like executions), every attempt, and the tenants' own event types. See
 * {@code docs/design/outbound-webhooks.md}. Implementations are thread-safe.
 *
 * <p>A pending delivery is claimable when it is due, and only then: while a lease holds it, its
 * {@link WebhookDelivery#dueAt() dueAt} is the lease's end (set by {@link #claim}, {@link #renewLeases} and
 * {@link #enqueue} of a delivery given with an owner), so that a lease that expires makes it due by itself.
 * A delivery with a live lease (an owner, and {@code leaseUntil} after now) is being sent.
 */
public interface WebhookStore {

    // ---- endpoints

    /** Inserts a new endpoint (version 1). */
    WebhookEndpoint createEndpoint(WebhookEndpoint endpoint);

    Optional<WebhookEndpoint> endpoint(String tenantId, String id);

    /** The tenant's endpoints, oldest first. */
    List<WebhookEndpoint> endpoints(String tenantId);

    /**
     * Replaces an endpoint's settings (url, description, events, filter, headers, rateLimit, concurrency,
     * enabled, disabledReason, failingSince, secretVersion, previousSecretUntil, updatedAt) if its stored
     * version is still {@code endpoint.version()}; returns it with the next version, or empty when it was
     * changed or deleted meanwhile.
     */
    Optional<WebhookEndpoint> updateEndpoint(WebhookEndpoint endpoint);

    /**
     * Disables an enabled endpoint, fails its pending deliveries that are not being sent (their last error
     * says why, their lease version is incremented) and writes {@code event} ({@code endpoint.disabled}) to
     * the event feed, all in one transaction. A delivery being sent at {@code now} (a live lease) is left to
     * its attempt, which records its own outcome; the dispatcher fails it when it next finds the endpoint
     * disabled. False (and nothing written) when it was disabled or deleted already.
     */
    boolean disableEndpoint(String tenantId, String id, String reason, EventRecord event, Instant now);

    /** Deletes an endpoint with its deliveries and their attempts; false when there was none. */
    boolean deleteEndpoint(String tenantId, String id);

    // ---- fan-out and dispatch

    /**
     * Writes messages and their deliveries in one transaction. A message whose id is stored already is
     * kept as it is, and a delivery of a message to an endpoint that has one already is not written again,
     * so that handing the same events over twice (a feed consumer's at-least-once) delivers nothing twice.
     * Returns the deliveries written now.
     */
    List<WebhookDelivery> enqueue(Collection<WebhookMessage> messages,
            Collection<WebhookDelivery> deliveries);

    /**
     * Takes the lease of up to {@code max} pending deliveries due at {@code now} (none held, or a lease
     * expired), oldest due first, then of those whose live lease, ending by {@code leaseUntil}, is held by an
     * owner {@code ownerIsDead} says is dead (a longer lease is left to expire), skipping those of
     * {@code skipEndpoints} (full at this dispatcher); each claim increments the lease version and makes
     * {@code leaseUntil} the delivery's due time.
     */
    List<ClaimedDelivery> claim(String owner, Instant now, Instant leaseUntil, int max,
            Predicate<String> ownerIsDead, Set<String> skipEndpoints);

    /** Extends the leases {@code owner} holds on these deliveries (and their due time with them). */
    void renewLeases(String owner, Collection<String> deliveryIds, Instant leaseUntil);

    /**
     * Gives back leases without an attempt (a dispatcher stopping): the deliveries are due at once (their due
     * time is their last change's).
     */
    void release(String owner, Collection<String> deliveryIds);

    /**
     * Records attempts and their deliveries' new state in one transaction, each only if the delivery's
     * lease version is still the outcome's (a sender whose lease was taken over writes nothing); clears the
     * lease, and sets or clears the endpoint's {@code failingSince}. Returns, for each outcome, whether it
     * was applied.
     */
    List<Boolean> record(List<AttemptOutcome> outcomes, Instant now);

    // ---- history and control

    Optional<WebhookDelivery> delivery(String tenantId, String id);

    /** Deliveries the query selects, newest first. */
    List<WebhookDelivery> deliveries(DeliveryQuery query);

    Optional<WebhookMessage> message(String tenantId, String id);

    /** A delivery's attempts, first first. */
    List<WebhookAttempt> attempts(String tenantId, String deliveryId);

    /** Every attempt of a message, at every endpoint, in the order made. */
    List<WebhookAttempt> messageAttempts(String tenantId, String messageId);

    /**
     * Makes a delivery pending again, due at {@code now}, with its schedule started again (round 0), its
     * lease cleared and its lease version incremented (no outcome of an earlier claim applies any more); its
     * attempts so far stay in its history. Empty when there is none; a delivery being sent (a live lease) is
     * returned unchanged. A pending one that is not being sent is made due now.
     */
    Optional<WebhookDelivery> retry(String tenantId, String deliveryId, Instant now);

    /**
     * As {@link #retry} for every delivery of an endpoint created at or after {@code since} with one of
     * {@code statuses}, skipping those being sent (a live lease); returns how many it made due.
     */
    int replay(String tenantId, String endpointId, Instant since, Set<DeliveryStatus> statuses, Instant now);

    /** The pending deliveries of every endpoint that has some. */
    List<EndpointBacklog> backlog();

    /** The pending deliveries of each of the tenant's endpoints that has some. */
    List<EndpointBacklog> backlog(String tenantId);

    /**
     * Deletes up to {@code max} succeeded or failed deliveries updated before {@code cutoff}, with their
     * attempts, and the messages no delivery refers to any more; returns how many deliveries.
     */
    int deleteFinishedBefore(Instant cutoff, int max);

    // ---- the tenants' own event types

    /** Creates or replaces a tenant's event type (keeping its {@code createdAt} when it existed). */
    EventTypeRecord putEventType(EventTypeRecord type);

    Optional<EventTypeRecord> eventType(String tenantId, String type);

    /** The tenant's own event types, by type. */
    List<EventTypeRecord> eventTypes(String tenantId);

    boolean deleteEventType(String tenantId, String type);
}
