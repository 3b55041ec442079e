package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.json;
import static dev.weft.testkit.store.WebhookFixtures.ACME;
import static dev.weft.testkit.store.WebhookFixtures.GLOBEX;
import static dev.weft.testkit.store.WebhookFixtures.delivery;
import static dev.weft.testkit.store.WebhookFixtures.endpoint;
import static dev.weft.testkit.store.WebhookFixtures.enqueue;
import static dev.weft.testkit.store.WebhookFixtures.failed;
import static dev.weft.testkit.store.WebhookFixtures.finish;
import static dev.weft.testkit.store.WebhookFixtures.gaveUp;
import static dev.weft.testkit.store.WebhookFixtures.leased;
import static dev.weft.testkit.store.WebhookFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.EventTypeRecord;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Endpoints (created, updated at the version read, disabled with their event, deleted with their deliveries)
 * and the tenants' own event types.
 */
interface WebhookEndpointContract extends StorageUnderTest {

    private WebhookStore webhooks() {
        return storage().webhooks();
    }

    @Test
    default void anEndpointIsCreatedReadListedOldestFirstAndDeleted() {
        WebhookEndpoint second = endpoint(ACME, "ep_2", T0.plusSeconds(1));
        WebhookEndpoint first = new WebhookEndpoint(ACME, "ep_1", "https://a.example.com/in", null,
                List.of("*"), null, Map.of(), null, null, true, null, 3, T0.plusSeconds(86_400),
                T0.minusSeconds(5),
                T0, T0, 0);

        assertThat(webhooks().createEndpoint(second)).isEqualTo(second);
        WebhookEndpoint created = webhooks().createEndpoint(first);

        assertThat(created.version()).as("a new endpoint's version").isEqualTo(1);
        assertThat(created).usingRecursiveComparison().ignoringFields("version").isEqualTo(first);
        assertThat(webhooks().endpoint(ACME, "ep_2")).contains(second);
        assertThat(webhooks().endpoints(ACME)).extracting(WebhookEndpoint::id).containsExactly("ep_1",
                "ep_2");
        assertThatThrownBy(() -> webhooks().createEndpoint(endpoint(ACME, "ep_1", T0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ep_1");

        assertThat(webhooks().deleteEndpoint(ACME, "ep_1")).isTrue();
        assertThat(webhooks().deleteEndpoint(ACME, "ep_1")).isFalse();
        assertThat(webhooks().endpoint(ACME, "ep_1")).isEmpty();
        assertThat(webhooks().endpoints(ACME)).extracting(WebhookEndpoint::id).containsExactly("ep_2");
    }

    @Test
    default void anUpdateAppliesOnlyAtTheVersionItWasReadAt() {
        WebhookEndpoint read = webhooks().createEndpoint(endpoint(ACME, "ep_1", T0));
        WebhookEndpoint changed = read.with("https://b.example.com/in", "moved", List.of("flow.*"), null,
                Map.of("X-Env", "prod"), 50, null, true, null, T0.plusSeconds(60));

        WebhookEndpoint updated = webhooks().updateEndpoint(changed).orElseThrow();

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated).usingRecursiveComparison().ignoringFields("version").isEqualTo(changed);
        assertThat(webhooks().updateEndpoint(read.with("https://c.example.com/in", null, List.of("*"), null,
                null, null, null, false, null, T0.plusSeconds(61)))).as("a write from the older read")
                .isEmpty();
        assertThat(webhooks().endpoint(ACME, "ep_1")).contains(updated);

        webhooks().deleteEndpoint(ACME, "ep_1");
        assertThat(webhooks().updateEndpoint(updated)).as("a deleted endpoint").isEmpty();
    }

    @Test
    default void disablingAnEndpointFailsItsPendingDeliveriesNotBeingSentAndWritesItsEventOnce() {
        webhooks().createEndpoint(endpoint(ACME, "ep_1", T0));
        webhooks().createEndpoint(endpoint(ACME, "ep_2", T0));
        WebhookMessage m1 = message(ACME, "msg_1", "execution.failed", T0);
        WebhookMessage m2 = message(ACME, "msg_2", "execution.failed", T0);
        WebhookMessage m3 = message(ACME, "msg_3", "execution.failed", T0);
        WebhookDelivery done = delivery("dlv_01", "ep_1", m1, T0);
        WebhookDelivery inFlight = leased("dlv_02", "ep_1", m2, T0, "node-a", T0.plusSeconds(30));
        WebhookDelivery other = delivery("dlv_03", "ep_2", m1, T0);
        WebhookDelivery waiting = delivery("dlv_04", "ep_1", m3, T0);
        WebhookMessage m4 = message(ACME, "msg_4", "execution.failed", T0);
        WebhookDelivery abandoned = leased("dlv_05", "ep_1", m4, T0, "node-b", T0.plusSeconds(1));
        enqueue(webhooks(), m1, done, other);
        WebhookDelivery succeeded = finish(webhooks(), done, T0.plusSeconds(1), true);
        enqueue(webhooks(), m4, abandoned);
        enqueue(webhooks(), m2, inFlight);
        enqueue(webhooks(), m3, waiting);
        Instant now = T0.plusSeconds(2);
        EventRecord event = EventRecord.of(ACME, "endpoint.disabled", null,
                json("{\"endpointId\": \"ep_1\", \"reason\": \"410 Gone\"}"), now);

        assertThat(webhooks().disableEndpoint(ACME, "ep_1", "410 Gone", event, now)).isTrue();
        assertThat(webhooks().disableEndpoint(ACME, "ep_1", "again", event, T0.plusSeconds(3))).isFalse();

        WebhookEndpoint disabled = webhooks().endpoint(ACME, "ep_1").orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).isEqualTo("410 Gone");
        assertThat(disabled.updatedAt()).isEqualTo(now);
        assertThat(disabled.version()).isEqualTo(2);
        WebhookDelivery failed = webhooks().delivery(ACME, "dlv_04").orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.lastError()).isEqualTo("410 Gone");
        assertThat(failed.dueAt()).isNull();
        assertThat(failed.updatedAt()).isEqualTo(now);
        assertThat(failed.leaseVersion()).as("the next lease version").isEqualTo(1);
        WebhookDelivery expired = webhooks().delivery(ACME, "dlv_05").orElseThrow();
        assertThat(expired.status()).as("its lease expired").isEqualTo(DeliveryStatus.FAILED);
        assertThat(expired.leaseOwner()).isNull();
        assertThat(expired.leaseUntil()).isNull();
        assertThat(expired.leaseVersion()).isEqualTo(2);
        assertThat(webhooks().record(List.of(gaveUp(abandoned, 1, 1, now)), now))
                .as("the late outcome of the expired lease").containsExactly(false);
        assertThat(webhooks().delivery(ACME, "dlv_02")).as("being sent: left to its attempt")
                .contains(inFlight);
        assertThat(webhooks().delivery(ACME, "dlv_01")).contains(succeeded);
        assertThat(webhooks().delivery(ACME, "dlv_03").orElseThrow().status())
                .isEqualTo(DeliveryStatus.PENDING);
        assertThat(webhooks().record(List.of(failed(inFlight, 1, 1, now, now.plusSeconds(5))), now))
                .as("the attempt in flight records its outcome").containsExactly(true);

        List<EventRecord> events = storage().executions().events().read(new EventQuery(ACME,
                EventPosition.START, Set.of("endpoint.disabled"), null, null, 10));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).payload()).isEqualTo(event.payload());
        assertThat(events.get(0).occurredAt()).isEqualTo(event.occurredAt());
        assertThat(events.get(0).position()).isNotNull();
    }

    @Test
    default void anEndpointIsDeletedWithItsDeliveriesAndTheirAttempts() {
        webhooks().createEndpoint(endpoint(ACME, "ep_1", T0));
        webhooks().createEndpoint(endpoint(ACME, "ep_2", T0));
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery gone = delivery("dlv_01", "ep_1", m, T0);
        WebhookDelivery kept = delivery("dlv_02", "ep_2", m, T0);
        enqueue(webhooks(), m, gone, kept);
        finish(webhooks(), gone, T0, false);
        finish(webhooks(), kept, T0, false);

        assertThat(webhooks().deleteEndpoint(ACME, "ep_1")).isTrue();

        assertThat(webhooks().delivery(ACME, "dlv_01")).isEmpty();
        assertThat(webhooks().attempts(ACME, "dlv_01")).isEmpty();
        assertThat(webhooks().delivery(ACME, "dlv_02")).isPresent();
        assertThat(webhooks().attempts(ACME, "dlv_02")).hasSize(1);
        assertThat(webhooks().message(ACME, "msg_1")).contains(m);
    }

    @Test
    default void anEventTypeIsPutKeepingItsCreationListedByTypeAndDeleted() {
        EventTypeRecord paid = new EventTypeRecord(ACME, "invoice.paid", "an invoice was paid",
                json("{\"type\": \"object\"}"), json("{\"invoice\": \"INV-1\"}"), T0, T0);
        EventTypeRecord approved = new EventTypeRecord(ACME, "invoice.approved", null,
                json("{\"type\": \"object\"}"), null, T0, T0);
        assertThat(webhooks().putEventType(paid)).isEqualTo(paid);
        webhooks().putEventType(approved);
        webhooks().putEventType(new EventTypeRecord(GLOBEX, "invoice.paid", null, json("{}"), null, T0, T0));

        EventTypeRecord replaced = new EventTypeRecord(ACME, "invoice.paid", "paid in full",
                json("{\"type\": \"object\", \"required\": [\"invoice\"]}"), null, T0.plusSeconds(9),
                T0.plusSeconds(9));
        EventTypeRecord stored = webhooks().putEventType(replaced);

        assertThat(stored.createdAt()).as("kept from the first put").isEqualTo(T0);
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(stored.description()).isEqualTo("paid in full");
        assertThat(stored.schema()).isEqualTo(replaced.schema());
        assertThat(stored.example()).isNull();
        assertThat(webhooks().eventType(ACME, "invoice.paid")).contains(stored);
        assertThat(webhooks().eventTypes(ACME)).extracting(EventTypeRecord::type)
                .containsExactly("invoice.approved", "invoice.paid");

        assertThat(webhooks().deleteEventType(ACME, "invoice.paid")).isTrue();
        assertThat(webhooks().deleteEventType(ACME, "invoice.paid")).isFalse();
        assertThat(webhooks().eventType(ACME, "invoice.paid")).isEmpty();
        assertThat(webhooks().eventType(GLOBEX, "invoice.paid")).isPresent();
    }
}
