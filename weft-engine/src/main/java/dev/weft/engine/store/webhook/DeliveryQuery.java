package dev.weft.engine.store.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Which deliveries of a tenant to list, newest first, in pages: those of one endpoint or message, with some
 * statuses and event types, created in a time range, after a cursor. Immutable.
 *
 * @param endpointId one endpoint's, or null
 * @param messageId one message's, or null
 * @param statuses only these; empty for all
 * @param eventTypes only these types; empty for all
 * @param since created at or after, or null
 * @param until created before, or null
 * @param before the id of the last delivery of the previous page (ids are time-ordered), or null for the first
 * @param limit at most this many, 1 to {@link #MAX_LIMIT} (or one more, for a reader that pages by
 *     {@code MAX_LIMIT} and asks for one more to know whether another page follows)
 */
public record DeliveryQuery(String tenantId, String endpointId, String messageId,
        Set<DeliveryStatus> statuses,
        Set<String> eventTypes, Instant since, Instant until, String before, int limit) {

    public static final int MAX_LIMIT = 1000;

    public DeliveryQuery {
        Objects.requireNonNull(tenantId, "tenantId");
        statuses = Set.copyOf(statuses);
        eventTypes = Set.copyOf(eventTypes);
        if (limit < 1 || limit > MAX_LIMIT + 1) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", but was " + limit);
        }
    }
}
