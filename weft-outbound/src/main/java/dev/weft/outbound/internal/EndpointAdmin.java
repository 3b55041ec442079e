package dev.weft.outbound.internal;

import dev.weft.connector.Egress;
import dev.weft.engine.internal.Ids;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookStore;
import dev.weft.outbound.CreatedEndpoint;
import dev.weft.outbound.EndpointSpec;
import dev.weft.outbound.Redaction;
import dev.weft.outbound.RotatedSecret;
import dev.weft.outbound.WebhookInputException;
import dev.weft.outbound.WebhookSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creating, changing, deleting endpoints and rotating their secrets: the checks of their fields, the
 * vault's secrets, optimistic updates retried a few times. Thread-safe.
 */
final class EndpointAdmin {
    /** The most endpoints a tenant may have: a message's deliveries are listed whole. */
    static final int MAX_ENDPOINTS = 500;

    private final WebhookStore store;
    private final Egress egress;
    private final WebhookSettings settings;
    private final Clock clock;
    private final SigningSecrets secrets;
    private final Endpoints endpoints;

    EndpointAdmin(WebhookStore store, Egress egress, WebhookSettings settings, Clock clock,
            SigningSecrets secrets,
            Endpoints endpoints) {
        this.store = store;
        this.egress = egress;
        this.settings = settings;
        this.clock = clock;
        this.secrets = secrets;
        this.endpoints = endpoints;
    }

    CreatedEndpoint create(String tenantId, EndpointSpec spec) {
        EndpointChecks.url(spec.url(), egress);
        EndpointChecks.events(spec.events());
        EndpointChecks.filter(spec.filter());
        EndpointChecks.headers(spec.headers());
        EndpointChecks.rateLimit(spec.rateLimit());
        EndpointChecks.concurrency(spec.concurrency());
        EndpointChecks.description(spec.description());
        if (store.endpoints(tenantId).size() >= MAX_ENDPOINTS) {
            throw EndpointChecks.invalid("url",
                    "a tenant has at most " + MAX_ENDPOINTS + " endpoints; delete one it"
                            + " no longer needs, or subscribe one endpoint to more event types");
        }
        Instant now = clock.instant();
        String id = "ep_" + Ids.random().replace("-", "");
        String secret = secrets.issue(tenantId, id, 1);
        WebhookEndpoint endpoint;
        try {
            endpoint = store.createEndpoint(new WebhookEndpoint(tenantId, id, spec.url(), spec.description(),
                    spec.events(), spec.filter(), spec.headers(), spec.rateLimit(), spec.concurrency(),
                    spec.enabled() == null || spec.enabled(), null, 1, null, null, now, now, 1));
        } catch (RuntimeException e) {
            secrets.delete(tenantId, id, 1);
            throw e;
        }
        endpoints.changed(tenantId);
        return new CreatedEndpoint(endpoint, secret);
    }

    List<WebhookEndpoint> endpoints(String tenantId) {
        return store.endpoints(tenantId);
    }

    Optional<WebhookEndpoint> endpoint(String tenantId, String id) {
        return store.endpoint(tenantId, id);
    }

    Optional<WebhookEndpoint> update(String tenantId, String id, EndpointSpec change) {
        for (String field : change.clear()) {
            if (!Set.of("description", "filter", "headers", "rateLimit", "concurrency").contains(field)) {
                throw EndpointChecks.invalid(field,
                        field + " cannot be cleared; optional fields: description, filter,"
                                + " headers, rateLimit, concurrency");
            }
        }
        if (change.url() != null) {
            EndpointChecks.url(change.url(), egress);
        }
        if (change.events() != null) {
            EndpointChecks.events(change.events());
        }
        EndpointChecks.filter(change.filter());
        EndpointChecks.headers(change.headers());
        EndpointChecks.rateLimit(change.rateLimit());
        EndpointChecks.concurrency(change.concurrency());
        EndpointChecks.description(change.description());
        for (int attempt = 0; attempt < 8; attempt++) {
            Optional<WebhookEndpoint> current = store.endpoint(tenantId, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            WebhookEndpoint e = current.get();
            if (change.url() != null && !sameOrigin(change.url(), e.url()) && change.headers() == null
                    && !change.clear().contains("headers")
                    && e.headers().keySet().stream().anyMatch(Redaction::secretName)) {
                throw EndpointChecks.invalid("headers",
                        "the url moves to another host, and the endpoint has headers"
                                + " whose values are secret ("
                                + String.join(", ", e.headers().keySet().stream()
                                        .filter(Redaction::secretName).sorted().toList())
                                + "): give the headers again with the url, so that no secret follows it unseen");
            }
            boolean enabled = change.enabled() != null ? change.enabled() : e.enabled();
            WebhookEndpoint next = e.with(
                    change.url() != null ? change.url() : e.url(),
                    pick(change, "description", change.description(), e.description()),
                    change.events() != null ? change.events() : e.events(),
                    pick(change, "filter", change.filter(), e.filter()),
                    pick(change, "headers", change.headers(), e.headers()),
                    pick(change, "rateLimit", change.rateLimit(), e.rateLimit()),
                    pick(change, "concurrency", change.concurrency(), e.concurrency()),
                    enabled,
                    enabled ? null : e.disabledReason(),
                    clock.instant());
            Optional<WebhookEndpoint> updated = store.updateEndpoint(next);
            if (updated.isPresent()) {
                endpoints.changed(tenantId);
                return updated;
            }
        }
        throw new java.util.ConcurrentModificationException(
                "endpoint " + id + " was changed by others 8 times while"
                        + " this change retried; try again");
    }

    private static boolean sameOrigin(String a, String b) {
        java.net.URI x = java.net.URI.create(a);
        java.net.URI y = java.net.URI.create(b);
        return java.util.Objects.equals(x.getScheme(), y.getScheme())
                && java.util.Objects.equals(
                        x.getHost() == null ? null : x.getHost().toLowerCase(java.util.Locale.ROOT),
                        y.getHost() == null ? null : y.getHost().toLowerCase(java.util.Locale.ROOT))
                && x.getPort() == y.getPort();
    }

    private static <T> T pick(EndpointSpec change, String field, T given, T stored) {
        return change.clear().contains(field) ? null : given != null ? given : stored;
    }

    boolean delete(String tenantId, String id) {
        Optional<WebhookEndpoint> e = store.endpoint(tenantId, id);
        if (e.isEmpty() || !store.deleteEndpoint(tenantId, id)) {
            return false;
        }
        endpoints.changed(tenantId);
        int version = e.get().secretVersion();
        secrets.delete(tenantId, id, version);
        if (version > 1) {
            secrets.delete(tenantId, id, version - 1);
        }
        return true;
    }

    Optional<RotatedSecret> rotateSecret(String tenantId, String id) {
        int created = 0; // the secret version this call wrote, if any
        String secret = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            Optional<WebhookEndpoint> current = store.endpoint(tenantId, id);
            if (current.isEmpty()) {
                if (created > 0) {
                    secrets.delete(tenantId, id, created);
                }
                return Optional.empty();
            }
            WebhookEndpoint e = current.get();
            int version = e.secretVersion() + 1;
            if (created != version) {
                if (created > 0) {
                    secrets.delete(tenantId, id, created); // the endpoint moved on without it
                }
                // Only one caller can write a version: two rotations at once cannot hand out a secret the
                // vault does not hold, nor delete the one it does.
                Optional<String> issued = secrets.create(tenantId, id, version);
                if (issued.isEmpty()) {
                    throw new WebhookInputException("webhook.conflict", "endpoint",
                            "another rotation of endpoint "
                                    + id + " is in progress; try again when it has answered");
                }
                created = version;
                secret = issued.get();
            }
            Instant until = clock.instant().plus(settings.secretOverlap());
            WebhookEndpoint next = new WebhookEndpoint(e.tenantId(), e.id(), e.url(), e.description(),
                    e.events(),
                    e.filter(), e.headers(), e.rateLimit(), e.concurrency(), e.enabled(), e.disabledReason(),
                    version,
                    until, e.failingSince(), e.createdAt(), clock.instant(), e.version());
            Optional<WebhookEndpoint> updated = store.updateEndpoint(next);
            if (updated.isPresent()) {
                endpoints.changed(tenantId);
                if (version > 2) {
                    secrets.delete(tenantId, id, version - 2); // past its overlap, or cut short by this rotation
                }
                return Optional.of(new RotatedSecret(updated.get(), secret, until));
            }
        }
        throw new java.util.ConcurrentModificationException(
                "endpoint " + id + " was changed by others 8 times while"
                        + " the rotation retried; try again");
    }

}
