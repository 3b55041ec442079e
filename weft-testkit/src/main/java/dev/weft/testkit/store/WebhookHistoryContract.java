package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.json;
import static dev.weft.testkit.store.WebhookFixtures.ACME;
import static dev.weft.testkit.store.WebhookFixtures.GLOBEX;
import static dev.weft.testkit.store.WebhookFixtures.claimAll;
import static dev.weft.testkit.store.WebhookFixtures.delivery;
import static dev.weft.testkit.store.WebhookFixtures.due;
import static dev.weft.testkit.store.WebhookFixtures.endpoint;
import static dev.weft.testkit.store.WebhookFixtures.enqueue;
import static dev.weft.testkit.store.WebhookFixtures.failed;
import static dev.weft.testkit.store.WebhookFixtures.finish;
import static dev.weft.testkit.store.WebhookFixtures.leased;
import static dev.weft.testkit.store.WebhookFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.webhook.AttemptOutcome;
import dev.weft.engine.store.webhook.DeliveryQuery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.EventTypeRecord;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Listing deliveries and attempts, retrying and replaying, and each tenant seeing its own rows only. */
interface WebhookHistoryContract extends StorageUnderTest {

    private WebhookStore webhooks() {
        return storage().webhooks();
    }

    private List<String> list(String endpointId, String messageId, Set<DeliveryStatus> statuses,
            Set<String> types, Instant since, Instant until, String before, int limit) {
        return webhooks()
                .deliveries(new DeliveryQuery(ACME, endpointId, messageId, statuses, types, since, until,
                        before, limit))
                .stream().map(WebhookDelivery::id).toList();
    }

    /** Five deliveries to ep_1 (dlv_01 to dlv_05, created a second apart) and one to ep_2. */
    private void fiveDeliveries() {
        WebhookMessage paid = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookMessage shipped = message(ACME, "msg_2", "order.shipped", T0);
        WebhookMessage voided = message(ACME, "msg_3", "invoice.voided", T0);
        enqueue(webhooks(), paid, delivery("dlv_01", "ep_1", paid, T0.plusSeconds(1)),
                delivery("dlv_06", "ep_2", paid, T0.plusSeconds(6)));
        enqueue(webhooks(), shipped, delivery("dlv_02", "ep_1", shipped, T0.plusSeconds(2)));
        enqueue(webhooks(), voided, delivery("dlv_03", "ep_1", voided, T0.plusSeconds(3)));
        WebhookMessage paid2 = message(ACME, "msg_4", "invoice.paid", T0);
        WebhookMessage shipped2 = message(ACME, "msg_5", "order.shipped", T0);
        enqueue(webhooks(), paid2, delivery("dlv_04", "ep_1", paid2, T0.plusSeconds(4)));
        enqueue(webhooks(), shipped2, delivery("dlv_05", "ep_1", shipped2, T0.plusSeconds(5)));
        finish(webhooks(), delivery("dlv_02", "ep_1", shipped, T0), T0.plusSeconds(10), true);
        finish(webhooks(), delivery("dlv_04", "ep_1", paid2, T0), T0.plusSeconds(10), false);
    }

    @Test
    default void deliveriesAreListedNewestFirstInPagesWithFilters() {
        fiveDeliveries();
        Set<DeliveryStatus> all = Set.of();

        assertThat(list("ep_1", null, all, Set.of(), null, null, null, 2)).containsExactly("dlv_05",
                "dlv_04");
        assertThat(list("ep_1", null, all, Set.of(), null, null, "dlv_04", 2)).containsExactly("dlv_03",
                "dlv_02");
        assertThat(list("ep_1", null, all, Set.of(), null, null, "dlv_02", 2)).containsExactly("dlv_01");
        assertThat(list(null, null, all, Set.of(), null, null, null, 10)).hasSize(6);
        assertThat(list("ep_1", null, Set.of(DeliveryStatus.PENDING), Set.of(), null, null, null, 10))
                .containsExactly("dlv_05", "dlv_03", "dlv_01");
        assertThat(list("ep_1", null, Set.of(DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED), Set.of(), null,
                null, null, 10)).containsExactly("dlv_04", "dlv_02");
        assertThat(list("ep_1", null, all, Set.of("invoice.paid", "invoice.voided"), null, null, null, 10))
                .containsExactly("dlv_04", "dlv_03", "dlv_01");
        assertThat(list("ep_1", null, all, Set.of(), T0.plusSeconds(2), T0.plusSeconds(4), null, 10))
                .as("created from since, before until").containsExactly("dlv_03", "dlv_02");
        assertThat(list(null, "msg_1", all, Set.of(), null, null, null, 10)).containsExactly("dlv_06",
                "dlv_01");
        assertThat(list("ep_2", "msg_2", all, Set.of(), null, null, null, 10)).isEmpty();
    }

    @Test
    default void aMessagesAttemptsAreListedAcrossEndpointsInTheOrderMade() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery a = delivery("dlv_01", "ep_1", m, T0);
        WebhookDelivery b = delivery("dlv_02", "ep_2", m, T0);
        enqueue(webhooks(), m, a, b);
        claimAll(webhooks(), "node-a", T0);
        webhooks().record(List.of(failed(b, 1, 1, T0.plusSeconds(1), T0.plusSeconds(5)),
                failed(a, 1, 1, T0.plusSeconds(2), T0.plusSeconds(5))), T0.plusSeconds(3));
        finish(webhooks(), b, T0.plusSeconds(6), true);

        assertThat(webhooks().attempts(ACME, "dlv_02")).extracting(WebhookAttempt::attempt).containsExactly(1,
                2);
        assertThat(webhooks().messageAttempts(ACME, "msg_1"))
                .extracting(WebhookAttempt::deliveryId, WebhookAttempt::attempt, WebhookAttempt::succeeded)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dlv_02", 1, false),
                        org.assertj.core.groups.Tuple.tuple("dlv_01", 1, false),
                        org.assertj.core.groups.Tuple.tuple("dlv_02", 2, true));
        assertThat(webhooks().messageAttempts(GLOBEX, "msg_1")).isEmpty();
    }

    @Test
    default void anAnswerWithNulCharactersIsKeptWithReplacementCharacters() {
        webhooks().createEndpoint(endpoint(ACME, "ep_1", T0));
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery a = delivery("dlv_01", "ep_1", m, T0);
        WebhookDelivery b = delivery("dlv_02", "ep_2", m, T0);
        enqueue(webhooks(), m, a, b);
        claimAll(webhooks(), "node-a", T0);
        Instant at = T0.plusSeconds(1);
        WebhookAttempt nul = new WebhookAttempt(ACME, "dlv_01", 1, "ep_1", "msg_1", at, 7,
                Map.of("webhook-id", "msg_1"), 500, "bin\u0000ary\u0000", "status 500: \u0000", false);

        assertThat(webhooks().record(List.of(new AttemptOutcome(nul, 1, DeliveryStatus.PENDING,
                at.plusSeconds(5)), failed(b, 1, 1, at, at.plusSeconds(5))), at))
                .as("the whole batch").containsExactly(true, true);

        WebhookAttempt stored = webhooks().attempts(ACME, "dlv_01").get(0);
        assertThat(stored.responseBody()).isEqualTo("bin\uFFFDary\uFFFD");
        assertThat(stored.error()).isEqualTo("status 500: \uFFFD");
        assertThat(webhooks().delivery(ACME, "dlv_01").orElseThrow().lastError())
                .isEqualTo("status 500: \uFFFD");
        assertThat(webhooks().attempts(ACME, "dlv_02")).hasSize(1);

        assertThat(webhooks().disableEndpoint(ACME, "ep_1", "gone: \u0000",
                EventRecord.of(ACME, "endpoint.disabled", null, json("{}"), at), at.plusSeconds(10)))
                .isTrue();
        assertThat(webhooks().endpoint(ACME, "ep_1").orElseThrow().disabledReason())
                .isEqualTo("gone: \uFFFD");
        assertThat(webhooks().delivery(ACME, "dlv_01").orElseThrow().lastError()).isEqualTo("gone: \uFFFD");
    }

    @Test
    default void aRetryMakesADeliveryDueNowWithItsScheduleFromTheStart() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery d = delivery("dlv_01", "ep_1", m, T0);
        enqueue(webhooks(), m, d);
        WebhookDelivery failed = finish(webhooks(), d, T0.plusSeconds(1), false);
        Instant now = T0.plusSeconds(60);

        WebhookDelivery retried = webhooks().retry(ACME, "dlv_01", now).orElseThrow();

        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(retried.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retried.dueAt()).isEqualTo(now);
        assertThat(retried.round()).isZero();
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).as("kept").isEqualTo(failed.lastError()).isNotNull();
        assertThat(retried.leaseOwner()).isNull();
        assertThat(retried.leaseVersion()).as("the next lease version").isEqualTo(failed.leaseVersion() + 1);
        assertThat(retried.updatedAt()).isEqualTo(now);
        assertThat(webhooks().attempts(ACME, "dlv_01")).hasSize(1);
        assertThat(webhooks().retry(ACME, "dlv_99", now)).isEmpty();
        assertThat(claimAll(webhooks(), "node-a", now)).extracting(c -> c.delivery().id())
                .containsExactly("dlv_01");
    }

    @Test
    default void aRetryReturnsADeliveryBeingSentAsItIsAndTakesAnExpiredLeaseFromItsOwner() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery sending = leased("dlv_01", "ep_1", m, T0, "node-a", T0.plusSeconds(30));
        WebhookDelivery late = leased("dlv_02", "ep_2", m, T0, "node-b", T0.plusSeconds(5));
        enqueue(webhooks(), m, sending, late);
        Instant now = T0.plusSeconds(10);

        assertThat(webhooks().retry(ACME, "dlv_01", now)).as("being sent").contains(sending);
        WebhookDelivery retried = webhooks().retry(ACME, "dlv_02", now).orElseThrow();

        assertThat(retried.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retried.dueAt()).isEqualTo(now);
        assertThat(retried.leaseOwner()).isNull();
        assertThat(retried.leaseUntil()).isNull();
        assertThat(retried.leaseVersion()).isEqualTo(2);
        assertThat(retried.updatedAt()).isEqualTo(now);
        assertThat(webhooks().record(List.of(failed(late, 1, 1, now, now.plusSeconds(5)),
                failed(sending, 1, 1, now, now.plusSeconds(5))), now))
                .as("the late sender's outcome, and that of the attempt in flight")
                .containsExactly(false, true);
        assertThat(webhooks().delivery(ACME, "dlv_01").orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    default void aReplaySkipsDeliveriesBeingSentAndTakesTheNextLeaseVersionOfTheOthers() {
        WebhookMessage m1 = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookMessage m2 = message(ACME, "msg_2", "invoice.paid", T0);
        WebhookMessage m3 = message(ACME, "msg_3", "invoice.paid", T0);
        WebhookDelivery sending = leased("dlv_01", "ep_1", m1, T0, "node-a", T0.plusSeconds(100));
        WebhookDelivery later = due("dlv_02", "ep_1", m2, T0, T0.plusSeconds(500));
        WebhookDelivery given = delivery("dlv_03", "ep_1", m3, T0);
        enqueue(webhooks(), m1, sending);
        enqueue(webhooks(), m2, later);
        enqueue(webhooks(), m3, given);
        WebhookDelivery failed = finish(webhooks(), given, T0.plusSeconds(1), false);
        Instant now = T0.plusSeconds(10);

        assertThat(
                webhooks().replay(ACME, "ep_1", null, Set.of(DeliveryStatus.PENDING, DeliveryStatus.FAILED),
                        now))
                .as("all but the one being sent").isEqualTo(2);

        assertThat(webhooks().delivery(ACME, "dlv_01")).contains(sending);
        WebhookDelivery madeDue = webhooks().delivery(ACME, "dlv_02").orElseThrow();
        assertThat(madeDue.dueAt()).isEqualTo(now);
        assertThat(madeDue.leaseVersion()).isEqualTo(1);
        WebhookDelivery replayed = webhooks().delivery(ACME, "dlv_03").orElseThrow();
        assertThat(replayed.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(replayed.dueAt()).isEqualTo(now);
        assertThat(replayed.leaseVersion()).isEqualTo(failed.leaseVersion() + 1);
        assertThat(claimAll(webhooks(), "node-b", now)).extracting(c -> c.delivery().id())
                .containsExactlyInAnyOrder("dlv_02", "dlv_03");
    }

    @Test
    default void aReplayRetriesAnEndpointsDeliveriesOfTheStatusesSinceAnInstant() {
        fiveDeliveries();
        WebhookMessage m = message(ACME, "msg_6", "invoice.paid", T0);
        enqueue(webhooks(), m, delivery("dlv_07", "ep_1", m, T0.plusSeconds(7)));
        finish(webhooks(), delivery("dlv_07", "ep_1", m, T0), T0.plusSeconds(20), false);
        Instant now = T0.plusSeconds(60);

        assertThat(webhooks().replay(ACME, "ep_1", T0.plusSeconds(5), Set.of(DeliveryStatus.FAILED), now))
                .isEqualTo(1);
        assertThat(webhooks().delivery(ACME, "dlv_07").orElseThrow().status())
                .isEqualTo(DeliveryStatus.PENDING);
        assertThat(webhooks().delivery(ACME, "dlv_04").orElseThrow().status())
                .as("created before since").isEqualTo(DeliveryStatus.FAILED);

        assertThat(webhooks().replay(ACME, "ep_1", null,
                Set.of(DeliveryStatus.FAILED, DeliveryStatus.SUCCEEDED), now)).isEqualTo(2);
        WebhookDelivery replayed = webhooks().delivery(ACME, "dlv_02").orElseThrow();
        assertThat(replayed.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(replayed.dueAt()).isEqualTo(now);
        assertThat(replayed.round()).isZero();
        assertThat(webhooks().replay(GLOBEX, "ep_1", null, Set.of(DeliveryStatus.PENDING), now)).isZero();
    }

    @Test
    default void aTenantNeitherSeesNorChangesAnotherTenantsRows() {
        webhooks().createEndpoint(endpoint(ACME, "ep_1", T0));
        webhooks().putEventType(new EventTypeRecord(ACME, "invoice.paid", null, json("{}"), null, T0, T0));
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        enqueue(webhooks(), m, delivery("dlv_01", "ep_1", m, T0));
        WebhookDelivery failed = finish(webhooks(), delivery("dlv_01", "ep_1", m, T0), T0, false);
        WebhookEndpoint acmes = webhooks().endpoint(ACME, "ep_1").orElseThrow();

        assertThat(webhooks().endpoint(GLOBEX, "ep_1")).isEmpty();
        assertThat(webhooks().endpoints(GLOBEX)).isEmpty();
        assertThat(webhooks().delivery(GLOBEX, "dlv_01")).isEmpty();
        assertThat(webhooks().deliveries(new DeliveryQuery(GLOBEX, null, null, Set.of(), Set.of(), null, null,
                null, 10))).isEmpty();
        assertThat(webhooks().message(GLOBEX, "msg_1")).isEmpty();
        assertThat(webhooks().attempts(GLOBEX, "dlv_01")).isEmpty();
        assertThat(webhooks().messageAttempts(GLOBEX, "msg_1")).isEmpty();
        assertThat(webhooks().eventType(GLOBEX, "invoice.paid")).isEmpty();
        assertThat(webhooks().eventTypes(GLOBEX)).isEmpty();

        WebhookEndpoint asGlobex = new WebhookEndpoint(GLOBEX, "ep_1", "https://evil.example.com", null,
                List.of("*"), null, null, null, null, true, null, 1, null, null, T0, T0, acmes.version());
        assertThat(webhooks().updateEndpoint(asGlobex)).isEmpty();
        assertThat(
                webhooks().disableEndpoint(GLOBEX, "ep_1", "no", EventRecord.of(GLOBEX, "endpoint.disabled",
                        null, null, T0), T0))
                .isFalse();
        assertThat(webhooks().retry(GLOBEX, "dlv_01", T0)).isEmpty();
        assertThat(webhooks().replay(GLOBEX, "ep_1", null, Set.of(DeliveryStatus.FAILED), T0)).isZero();
        assertThat(webhooks().deleteEventType(GLOBEX, "invoice.paid")).isFalse();
        assertThat(webhooks().deleteEndpoint(GLOBEX, "ep_1")).isFalse();

        assertThat(webhooks().endpoint(ACME, "ep_1")).contains(acmes);
        assertThat(webhooks().delivery(ACME, "dlv_01")).contains(failed);
        assertThat(webhooks().attempts(ACME, "dlv_01")).hasSize(1);
        assertThat(webhooks().eventType(ACME, "invoice.paid")).isPresent();
        assertThat(storage().executions().events().read(new dev.weft.engine.store.EventQuery(GLOBEX,
                dev.weft.engine.store.EventPosition.START, Set.of(), null, null, 10))).isEmpty();
    }
}
