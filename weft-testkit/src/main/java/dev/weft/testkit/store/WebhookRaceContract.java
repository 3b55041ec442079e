package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.json;
import static dev.weft.testkit.store.WebhookFixtures.ACME;
import static dev.weft.testkit.store.WebhookFixtures.claimAll;
import static dev.weft.testkit.store.WebhookFixtures.delivery;
import static dev.weft.testkit.store.WebhookFixtures.endpoint;
import static dev.weft.testkit.store.WebhookFixtures.failed;
import static dev.weft.testkit.store.WebhookFixtures.gaveUp;
import static dev.weft.testkit.store.WebhookFixtures.leased;
import static dev.weft.testkit.store.WebhookFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.webhook.AttemptOutcome;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Calls that race on the same rows, run many times on threads released at once: disabling an endpoint while
 * outcomes of its deliveries are recorded, and retention while finished deliveries are retried. Each call is
 * one transaction, so each race ends as if the calls ran one after the other, and no call fails (on
 * PostgreSQL, by a deadlock).
 */
interface WebhookRaceContract extends StorageUnderTest {

    int ROUNDS = 30;

    private WebhookStore webhooks() {
        return storage().webhooks();
    }

    @Test
    default void disablingAnEndpointWhileItsDeliveriesOutcomesAreRecordedEndsAsOneAfterTheOther() {
        Instant now = T0.plusSeconds(60); // after the leases' end: disabling fails the deliveries too
        for (int round = 0; round < ROUNDS; round++) {
            String endpointId = "ep_" + round;
            webhooks().createEndpoint(endpoint(ACME, endpointId, T0));
            List<WebhookDelivery> held = new ArrayList<>();
            for (int k = 1; k <= 2; k++) {
                WebhookMessage m = message(ACME, "msg_" + round + "_" + k, "invoice.paid", T0);
                WebhookDelivery d = leased("dlv_" + round + "_" + k, endpointId, m, T0, "node-a",
                        T0.plusSeconds(30));
                webhooks().enqueue(List.of(m), List.of(d));
                held.add(d);
            }
            // Given in the reverse order of their ids, as a group commit may hand them over.
            List<AttemptOutcome> outcomes = List.of(failed(held.get(1), 1, 1, now, now.plusSeconds(5)),
                    failed(held.get(0), 1, 1, now, now.plusSeconds(5)));
            EventRecord event = EventRecord.of(ACME, "endpoint.disabled", null,
                    json("{\"endpointId\": \"" + endpointId + "\"}"), now);

            List<Object> results = Concurrently.run(2, i -> i == 0
                    ? () -> webhooks().disableEndpoint(ACME, endpointId, "410 Gone", event, now)
                    : () -> webhooks().record(outcomes, now));

            assertThat(results.get(0)).as("disabled in round %d", round).isEqualTo(true);
            assertThat(results.get(1)).as("outcomes applied in round %d: both or neither", round)
                    .isIn(List.of(true, true), List.of(false, false));
            boolean recorded = results.get(1).equals(List.of(true, true));
            for (WebhookDelivery d : held) {
                WebhookDelivery after = webhooks().delivery(ACME, d.id()).orElseThrow();
                assertThat(after.status()).as(d.id()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(after.lastError()).as(d.id()).isEqualTo("410 Gone");
                assertThat(webhooks().attempts(ACME, d.id())).as(d.id()).hasSize(recorded ? 1 : 0);
            }
        }
    }

    @Test
    default void retentionRacingRetriesDeletesOnlyDeliveriesThatWereNotRetried() {
        int perRound = 5;
        Instant cutoff = T0.plusSeconds(50);
        for (int round = 0; round < ROUNDS; round++) {
            WebhookMessage m = message(ACME, "msg_" + round, "invoice.paid", T0);
            List<WebhookDelivery> finished = new ArrayList<>();
            for (int k = 0; k < perRound; k++) {
                finished.add(delivery("dlv_" + round + "_" + k, "ep_" + k, m, T0));
            }
            webhooks().enqueue(List.of(m), finished);
            assertThat(claimAll(webhooks(), "node-a", T0)).hasSize(perRound);
            Instant at = T0.plusSeconds(1);
            assertThat(webhooks().record(finished.stream().map(d -> gaveUp(d, 1, 1, at)).toList(), at))
                    .containsOnly(true);
            Instant now = T0.plusSeconds(100 + round);

            List<Object> results = Concurrently.run(2, i -> i == 0
                    ? () -> webhooks().deleteFinishedBefore(cutoff, 100)
                    : () -> finished.stream().map(d -> webhooks().retry(ACME, d.id(), now)).toList());

            @SuppressWarnings("unchecked")
            List<Optional<WebhookDelivery>> retried = (List<Optional<WebhookDelivery>>) results.get(1);
            int kept = 0;
            for (int k = 0; k < perRound; k++) {
                String id = finished.get(k).id();
                if (retried.get(k).isPresent()) {
                    kept++;
                    assertThat(webhooks().delivery(ACME, id)).as("%s, retried", id).isPresent();
                    assertThat(webhooks().attempts(ACME, id)).as("%s's attempts", id).hasSize(1);
                } else {
                    assertThat(webhooks().delivery(ACME, id)).as("%s, deleted before its retry", id)
                            .isEmpty();
                    assertThat(webhooks().attempts(ACME, id)).isEmpty();
                }
            }
            assertThat(results.get(0)).as("deleted in round %d", round).isEqualTo(perRound - kept);
        }
    }
}
