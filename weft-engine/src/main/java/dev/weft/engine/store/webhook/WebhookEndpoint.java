package dev.weft.engine.store.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's outbound webhook endpoint: where deliveries of the events it subscribes to are sent. Its
 * signing secrets are not here: they live in the vault, named after the endpoint and
 * {@link #secretVersion}. Immutable.
 *
 * @param tenantId the tenant it belongs to
 * @param id {@code ep_} and a time-ordered id
 * @param url where deliveries are POSTed
 * @param description what it is for, or null
 * @param events the event types it receives: exact types or patterns with {@code *} ({@code execution.*},
 *     {@code *})
 * @param filter a JSONata expression on the event's payload that must be true for a delivery, or null
 * @param headers extra headers sent with every delivery
 * @param rateLimit at most this many deliveries per second, or null for no limit
 * @param concurrency at most this many deliveries in flight at once, or null for the server's default
 * @param enabled whether deliveries are made; a disabled endpoint gets none
 * @param disabledReason why the platform disabled it (a 410, days of failures), or null
 * @param secretVersion the version of the current signing secret, from 1
 * @param previousSecretUntil until when deliveries are also signed with the previous secret (a rotation's
 *     overlap), or null
 * @param failingSince when its current run of failed attempts began, or null when its last attempt succeeded
 * @param version the row's version, from 1, incremented by every change (optimistic concurrency)
 */
public record WebhookEndpoint(String tenantId, String id, String url, String description, List<String> events,
        String filter, Map<String, String> headers, Integer rateLimit, Integer concurrency, boolean enabled,
        String disabledReason, int secretVersion, Instant previousSecretUntil, Instant failingSince,
        Instant createdAt, Instant updatedAt, long version) {

    public WebhookEndpoint {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        events = List.copyOf(events);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The same endpoint with other settings (the store bumps the version when it writes it). */
    public WebhookEndpoint with(String url, String description, List<String> events, String filter,
            Map<String, String> headers, Integer rateLimit, Integer concurrency, boolean enabled,
            String disabledReason, Instant now) {
        return new WebhookEndpoint(tenantId, id, url, description, events, filter, headers, rateLimit,
                concurrency, enabled, disabledReason, secretVersion, previousSecretUntil,
                enabled && !this.enabled ? null : failingSince, createdAt, now, version);
    }
}
