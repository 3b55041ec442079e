package dev.weft.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.webhook.AttemptOutcome;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records and small steps shared by the webhook store's contract tests. */
final class WebhookFixtures {

    static final String ACME = "acme";
    static final String GLOBEX = "globex";

    private WebhookFixtures() {
    }

    static WebhookEndpoint endpoint(String tenantId, String id, Instant createdAt) {
        return new WebhookEndpoint(tenantId, id, "https://hooks.example.com/" + id, "orders to the ledger",
                List.of("execution.*", "invoice.paid"), "status = 'failed'", Map.of("X-Team", "billing"), 10,
                4,
                true, null, 1, null, null, createdAt, createdAt, 1);
    }

    static WebhookMessage message(String tenantId, String id, String type, Instant occurredAt) {
        return new WebhookMessage(tenantId, id, type, "evt_" + id.substring(id.indexOf('_') + 1),
                "{\"type\":\"" + type + "\",\"timestamp\":\"" + occurredAt + "\",\"data\":{\"n\":1}}",
                occurredAt);
    }

    /** A pending delivery of {@code m} to {@code endpointId}, created and due at {@code at}, not leased. */
    static WebhookDelivery delivery(String id, String endpointId, WebhookMessage m, Instant at) {
        return WebhookDelivery.pending(m.tenantId(), id, endpointId, m.id(), m.eventType(), at, null, null);
    }

    /** As {@link #delivery}, leased to {@code owner} until {@code leaseUntil} (lease version 1). */
    static WebhookDelivery leased(String id, String endpointId, WebhookMessage m, Instant at, String owner,
            Instant leaseUntil) {
        return WebhookDelivery.pending(m.tenantId(), id, endpointId, m.id(), m.eventType(), at, owner,
                leaseUntil);
    }

    /** A pending delivery created at {@code createdAt} and due at {@code dueAt}, not leased. */
    static WebhookDelivery due(String id, String endpointId, WebhookMessage m, Instant createdAt,
            Instant dueAt) {
        return new WebhookDelivery(m.tenantId(), id, endpointId, m.id(), m.eventType(),
                DeliveryStatus.PENDING, 0,
                0, dueAt, null, null, createdAt, createdAt, null, null, 0);
    }

    static WebhookAttempt attempt(WebhookDelivery d, int number, Instant startedAt, Integer status) {
        boolean ok = status != null && status / 100 == 2;
        return new WebhookAttempt(d.tenantId(), d.id(), number, d.endpointId(), d.messageId(), startedAt, 42,
                Map.of("webhook-id", d.messageId(), "webhook-signature", "[redacted]"), status,
                status == null ? null : "answer " + status, ok ? null : "status " + status, ok);
    }

    static AttemptOutcome succeeded(WebhookDelivery d, long leaseVersion, int number, Instant startedAt) {
        return new AttemptOutcome(attempt(d, number, startedAt, 200), leaseVersion, DeliveryStatus.SUCCEEDED,
                null);
    }

    /** A failed attempt after which the delivery is due again at {@code nextDueAt}. */
    static AttemptOutcome failed(WebhookDelivery d, long leaseVersion, int number, Instant startedAt,
            Instant nextDueAt) {
        return new AttemptOutcome(attempt(d, number, startedAt, 500), leaseVersion, DeliveryStatus.PENDING,
                nextDueAt);
    }

    /** A failed attempt after which the delivery is given up. */
    static AttemptOutcome gaveUp(WebhookDelivery d, long leaseVersion, int number, Instant startedAt) {
        return new AttemptOutcome(attempt(d, number, startedAt, 503), leaseVersion, DeliveryStatus.FAILED,
                null);
    }

    /** Writes the message and its deliveries and checks that every delivery was new. */
    static void enqueue(WebhookStore store, WebhookMessage m, WebhookDelivery... deliveries) {
        assertThat(store.enqueue(List.of(m), List.of(deliveries))).as("deliveries written")
                .containsExactly(deliveries);
    }

    /** Claims every due delivery at {@code now} for {@code owner}, with no owner dead and no endpoint skipped. */
    static List<ClaimedDelivery> claimAll(WebhookStore store, String owner, Instant now) {
        return store.claim(owner, now, now.plusSeconds(30), 100, o -> false, Set.of());
    }

    /**
     * Claims the due deliveries at {@code at}, records an outcome that ends {@code d} (succeeded or given up)
     * and gives the others back; returns {@code d} as stored then.
     */
    static WebhookDelivery finish(WebhookStore store, WebhookDelivery d, Instant at, boolean success) {
        List<ClaimedDelivery> claimed = claimAll(store, "finisher", at);
        WebhookDelivery mine = claimed.stream().map(ClaimedDelivery::delivery)
                .filter(c -> c.id().equals(d.id())).findFirst()
                .orElseThrow(() -> new AssertionError("delivery " + d.id() + " was not claimed"));
        int number = mine.attempts() + 1;
        AttemptOutcome outcome = success
                ? succeeded(d, mine.leaseVersion(), number, at)
                : gaveUp(d, mine.leaseVersion(), number, at);
        assertThat(store.record(List.of(outcome), at)).containsExactly(true);
        store.release("finisher",
                claimed.stream().map(c -> c.delivery().id()).filter(id -> !id.equals(d.id()))
                        .toList());
        return store.delivery(d.tenantId(), d.id()).orElseThrow();
    }
}
