package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.WebhookFixtures.ACME;
import static dev.weft.testkit.store.WebhookFixtures.GLOBEX;
import static dev.weft.testkit.store.WebhookFixtures.claimAll;
import static dev.weft.testkit.store.WebhookFixtures.delivery;
import static dev.weft.testkit.store.WebhookFixtures.due;
import static dev.weft.testkit.store.WebhookFixtures.endpoint;
import static dev.weft.testkit.store.WebhookFixtures.enqueue;
import static dev.weft.testkit.store.WebhookFixtures.failed;
import static dev.weft.testkit.store.WebhookFixtures.finish;
import static dev.weft.testkit.store.WebhookFixtures.gaveUp;
import static dev.weft.testkit.store.WebhookFixtures.leased;
import static dev.weft.testkit.store.WebhookFixtures.message;
import static dev.weft.testkit.store.WebhookFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.webhook.ClaimedDelivery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.EndpointBacklog;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's side: the fan-out writes each delivery once, claims take free due deliveries with a new
 * lease version, outcomes apply only under the lease they were sent with, and the backlog and retention.
 */
interface WebhookDispatchContract extends StorageUnderTest {

    private WebhookStore webhooks() {
        return storage().webhooks();
    }

    private static List<String> ids(List<ClaimedDelivery> claimed) {
        return claimed.stream().map(c -> c.delivery().id()).toList();
    }

    @Test
    default void handingTheSameEventsOverTwiceWritesThemOnce() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery toA = leased("dlv_01", "ep_a", m, T0, "node-a", T0.plusSeconds(30));
        WebhookDelivery toB = delivery("dlv_02", "ep_b", m, T0);

        assertThat(webhooks().enqueue(List.of(m), List.of(toA, toB))).containsExactly(toA, toB);

        WebhookMessage again = new WebhookMessage(ACME, "msg_1", "invoice.paid", "evt_1", "{\"other\":1}",
                T0);
        WebhookDelivery toC = delivery("dlv_13", "ep_c", m, T0.plusSeconds(1));
        List<WebhookDelivery> written = webhooks().enqueue(List.of(again), List.of(
                delivery("dlv_11", "ep_a", m, T0.plusSeconds(1)), toC,
                delivery("dlv_12", "ep_b", m, T0.plusSeconds(1))));

        assertThat(written).containsExactly(toC);
        assertThat(webhooks().message(ACME, "msg_1")).contains(m);
        assertThat(webhooks().delivery(ACME, "dlv_01")).as("written with its lease as given").contains(toA);
        assertThat(toA.dueAt()).as("due when its lease ends").isEqualTo(T0.plusSeconds(30));
        assertThat(webhooks().delivery(ACME, "dlv_11")).isEmpty();
        assertThat(webhooks().enqueue(List.of(), List.of())).isEmpty();
    }

    @Test
    default void aClaimTakesDuePendingDeliveriesOldestDueFirstWithANewLeaseVersion() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookMessage g = message(GLOBEX, "msg_1", "order.shipped", T0);
        enqueue(webhooks(), m, due("dlv_01", "ep_1", m, T0, T0.plusSeconds(5)),
                due("dlv_02", "ep_2", m, T0, T0.plusSeconds(2)),
                due("dlv_03", "ep_3", m, T0, T0.plusSeconds(100)));
        enqueue(webhooks(), g, due("dlv_04", "ep_9", g, T0, T0.plusSeconds(3)));
        WebhookMessage m2 = message(ACME, "msg_2", "invoice.paid", T0);
        WebhookDelivery ended = due("dlv_05", "ep_4", m2, T0, T0);
        enqueue(webhooks(), m2, ended);
        WebhookDelivery done = finish(webhooks(), ended, T0, true);
        Instant now = T0.plusSeconds(10);

        List<ClaimedDelivery> first = webhooks().claim("node-a", now, now.plusSeconds(30), 2, o -> false,
                Set.of());
        List<ClaimedDelivery> rest = webhooks().claim("node-a", now, now.plusSeconds(30), 10, o -> false,
                Set.of());

        assertThat(ids(first)).containsExactly("dlv_02", "dlv_04");
        assertThat(ids(rest)).as("not the future one, not the succeeded one").containsExactly("dlv_01");
        assertThat(done.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        WebhookDelivery claimed = first.get(0).delivery();
        assertThat(claimed.leaseOwner()).isEqualTo("node-a");
        assertThat(claimed.leaseUntil()).isEqualTo(now.plusSeconds(30));
        assertThat(claimed.leaseVersion()).isEqualTo(1);
        assertThat(webhooks().delivery(ACME, "dlv_02")).contains(claimed);
        assertThat(first.get(0).message()).isEqualTo(m);
        assertThat(first.get(1).message()).isEqualTo(g);
        assertThat(webhooks().claim("node-a", now, now.plusSeconds(30), 0, o -> false, Set.of())).isEmpty();
    }

    @Test
    default void aClaimSkipsLiveLeasesAndFullEndpointsAndTakesExpiredAndDeadOwnersLeases() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        enqueue(webhooks(), m,
                leased("dlv_01", "ep_1", m, T0, "node-b", T0.plusSeconds(40)), // live, owner alive
                leased("dlv_02", "ep_2", m, T0, "node-b", T0.plusSeconds(5)), // expired
                leased("dlv_03", "ep_3", m, T0, "node-c", T0.plusSeconds(40)), // live, owner dead
                leased("dlv_04", "ep_4", m, T0, "node-a", T0.plusSeconds(40)), // the claimer's own
                delivery("dlv_05", "ep_5", m, T0), // free, but its endpoint is full
                // Live, owner dead, but a lease longer than the claimer's: left to expire.
                leased("dlv_06", "ep_6", m, T0, "node-c", T0.plusSeconds(90)));
        Instant now = T0.plusSeconds(10);

        List<ClaimedDelivery> claimed = webhooks().claim("node-a", now, now.plusSeconds(30), 10,
                "node-c"::equals, Set.of("ep_5"));

        assertThat(ids(claimed)).as("the free one first").containsExactly("dlv_02", "dlv_03");
        assertThat(claimed).allSatisfy(c -> {
            assertThat(c.delivery().leaseOwner()).isEqualTo("node-a");
            assertThat(c.delivery().leaseUntil()).isEqualTo(now.plusSeconds(30));
            assertThat(c.delivery().dueAt()).as("due when the lease ends").isEqualTo(now.plusSeconds(30));
            assertThat(c.delivery().leaseVersion()).as("taken over from version 1").isEqualTo(2);
        });
        assertThat(webhooks().delivery(ACME, "dlv_01").orElseThrow().leaseOwner()).isEqualTo("node-b");
        assertThat(webhooks().delivery(ACME, "dlv_04").orElseThrow().leaseVersion()).isEqualTo(1);
        assertThat(webhooks().delivery(ACME, "dlv_06").orElseThrow().leaseOwner()).isEqualTo("node-c");
        assertThat(ids(claimAll(webhooks(), "node-d", now))).as("ep_5 no longer skipped")
                .containsExactly("dlv_05");
        assertThat(ids(claimAll(webhooks(), "node-d", T0.plusSeconds(90)))).as("the long lease expired")
                .contains("dlv_06");
    }

    @Test
    default void aHeldDeliveryIsDueWhenItsLeaseEndsAndAReleasedOneAtOnce() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        enqueue(webhooks(), m, delivery("dlv_01", "ep_1", m, T0));

        WebhookDelivery held = claimAll(webhooks(), "node-a", T0).get(0).delivery();
        assertThat(held.dueAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(claimAll(webhooks(), "node-b", T0.plusSeconds(29))).isEmpty();

        webhooks().renewLeases("node-a", List.of("dlv_01"), T0.plusSeconds(90));
        WebhookDelivery renewed = webhooks().delivery(ACME, "dlv_01").orElseThrow();
        assertThat(renewed.leaseUntil()).isEqualTo(T0.plusSeconds(90));
        assertThat(renewed.dueAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(claimAll(webhooks(), "node-b", T0.plusSeconds(89))).isEmpty();

        List<ClaimedDelivery> expired = claimAll(webhooks(), "node-b", T0.plusSeconds(90));
        assertThat(ids(expired)).as("due by itself when the lease ended").containsExactly("dlv_01");
        assertThat(expired.get(0).delivery().leaseVersion()).isEqualTo(2);
        assertThat(expired.get(0).delivery().dueAt()).isEqualTo(T0.plusSeconds(120));

        webhooks().release("node-b", List.of("dlv_01"));
        WebhookDelivery released = webhooks().delivery(ACME, "dlv_01").orElseThrow();
        assertThat(released.leaseOwner()).isNull();
        assertThat(released.dueAt()).as("due at once").isBeforeOrEqualTo(T0.plusSeconds(90));
        assertThat(ids(claimAll(webhooks(), "node-c", T0.plusSeconds(91)))).containsExactly("dlv_01");
    }

    @Test
    default void leasesAreRenewedAndReleasedByTheirOwnerOnly() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        enqueue(webhooks(), m, leased("dlv_01", "ep_1", m, T0, "node-a", T0.plusSeconds(30)),
                leased("dlv_02", "ep_2", m, T0, "node-b", T0.plusSeconds(30)));

        webhooks().renewLeases("node-a", List.of("dlv_01", "dlv_02"), T0.plusSeconds(90));
        assertThat(webhooks().delivery(ACME, "dlv_01").orElseThrow().leaseUntil())
                .isEqualTo(T0.plusSeconds(90));
        assertThat(webhooks().delivery(ACME, "dlv_02").orElseThrow().leaseUntil())
                .isEqualTo(T0.plusSeconds(30));
        assertThat(ids(claimAll(webhooks(), "node-c", T0.plusSeconds(60)))).containsExactly("dlv_02");

        webhooks().release("node-b", List.of("dlv_01"));
        assertThat(webhooks().delivery(ACME, "dlv_01").orElseThrow().leaseOwner()).isEqualTo("node-a");
        webhooks().release("node-a", List.of("dlv_01"));
        WebhookDelivery released = webhooks().delivery(ACME, "dlv_01").orElseThrow();
        assertThat(released.leaseOwner()).isNull();
        assertThat(released.leaseUntil()).isNull();
        assertThat(released.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(ids(claimAll(webhooks(), "node-c", T0.plusSeconds(60)))).containsExactly("dlv_01");
    }

    @Test
    default void anOutcomeAppliesOnlyUnderTheLeaseItWasSentWith() {
        webhooks().createEndpoint(endpoint(ACME, "ep_1", T0));
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery d = delivery("dlv_01", "ep_1", m, T0);
        enqueue(webhooks(), m, d);
        claimAll(webhooks(), "node-a", T0); // version 1
        long version = claimAll(webhooks(), "node-b", T0.plusSeconds(31)).get(0).delivery().leaseVersion();

        Instant at = T0.plusSeconds(32);
        List<Boolean> applied = webhooks().record(List.of(failed(d, 1, 1, at, at.plusSeconds(5)),
                failed(d, version, 1, at, at.plusSeconds(5))), at);

        assertThat(version).isEqualTo(2);
        assertThat(applied).containsExactly(false, true);
        WebhookDelivery after = webhooks().delivery(ACME, "dlv_01").orElseThrow();
        assertThat(after.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(after.round()).isEqualTo(1);
        assertThat(after.dueAt()).isEqualTo(at.plusSeconds(5));
        assertThat(after.lastStatus()).isEqualTo(500);
        assertThat(after.lastError()).isEqualTo("status 500");
        assertThat(after.updatedAt()).isEqualTo(at);
        assertThat(after.leaseOwner()).isNull();
        assertThat(after.leaseUntil()).isNull();
        assertThat(webhooks().record(List.of(failed(d, version, 1, at, at.plusSeconds(5))), at))
                .as("the same outcome again").containsExactly(false);
        List<WebhookAttempt> attempts = webhooks().attempts(ACME, "dlv_01");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0)).isEqualTo(WebhookFixtures.attempt(d, 1, at, 500));
        assertThat(webhooks().endpoint(ACME, "ep_1").orElseThrow().failingSince()).isEqualTo(at);

        long next = claimAll(webhooks(), "node-b", at.plusSeconds(5)).get(0).delivery().leaseVersion();
        assertThat(webhooks().record(List.of(gaveUp(d, next, 2, at.plusSeconds(6))), at.plusSeconds(7)))
                .containsExactly(true);
        WebhookDelivery given = webhooks().delivery(ACME, "dlv_01").orElseThrow();
        assertThat(given.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(given.dueAt()).isNull();
        assertThat(given.attempts()).isEqualTo(2);
        assertThat(webhooks().endpoint(ACME, "ep_1").orElseThrow().failingSince())
                .as("still failing since the first failure").isEqualTo(at);
        assertThat(webhooks().record(List.of(succeeded(d, next, 3, at.plusSeconds(8))), at.plusSeconds(8)))
                .as("a finished delivery").containsExactly(false);
    }

    @Test
    default void aSuccessClearsTheEndpointsFailingSince() {
        webhooks().createEndpoint(endpoint(ACME, "ep_1", T0));
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery d1 = delivery("dlv_01", "ep_1", m, T0);
        WebhookDelivery d2 = delivery("dlv_02", "ep_1", message(ACME, "msg_2", "invoice.paid", T0), T0);
        enqueue(webhooks(), m, d1);
        webhooks().enqueue(List.of(message(ACME, "msg_2", "invoice.paid", T0)), List.of(d2));
        claimAll(webhooks(), "node-a", T0);
        webhooks().record(List.of(failed(d1, 1, 1, T0.plusSeconds(1), T0.plusSeconds(9))), T0.plusSeconds(2));
        long failedVersion = webhooks().endpoint(ACME, "ep_1").orElseThrow().version();

        assertThat(webhooks().record(List.of(succeeded(d2, 1, 1, T0.plusSeconds(3))), T0.plusSeconds(4)))
                .containsExactly(true);

        WebhookDelivery ok = webhooks().delivery(ACME, "dlv_02").orElseThrow();
        assertThat(ok.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(ok.dueAt()).isNull();
        assertThat(ok.lastError()).isNull();
        assertThat(ok.lastStatus()).isEqualTo(200);
        assertThat(webhooks().endpoint(ACME, "ep_1").orElseThrow().failingSince()).isNull();
        assertThat(webhooks().endpoint(ACME, "ep_1").orElseThrow().version())
                .as("a change of failingSince takes a version").isGreaterThan(failedVersion);
    }

    @Test
    default void inOneBatchTheEndpointIsFailingSinceItsFirstFailureAfterItsLastSuccess() {
        webhooks().createEndpoint(endpoint(ACME, "ep_1", T0));
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookDelivery d1 = delivery("dlv_01", "ep_1", message(ACME, "msg_1", "invoice.paid", T0), T0);
        WebhookDelivery d2 = delivery("dlv_02", "ep_1", message(ACME, "msg_2", "invoice.paid", T0), T0);
        WebhookDelivery d3 = delivery("dlv_03", "ep_1", message(ACME, "msg_3", "invoice.paid", T0), T0);
        WebhookDelivery d4 = delivery("dlv_04", "ep_1", message(ACME, "msg_4", "invoice.paid", T0), T0);
        webhooks().enqueue(List.of(m, message(ACME, "msg_2", "invoice.paid", T0),
                message(ACME, "msg_3", "invoice.paid", T0), message(ACME, "msg_4", "invoice.paid", T0)),
                List.of(d1, d2, d3, d4));
        claimAll(webhooks(), "node-a", T0);
        Instant later = T0.plusSeconds(60);

        assertThat(webhooks().record(List.of(failed(d4, 1, 1, T0.plusSeconds(4), later),
                failed(d1, 1, 1, T0.plusSeconds(1), later), succeeded(d2, 1, 1, T0.plusSeconds(2)),
                failed(d3, 1, 1, T0.plusSeconds(3), later)), T0.plusSeconds(5)))
                .containsExactly(true, true, true, true);

        assertThat(webhooks().endpoint(ACME, "ep_1").orElseThrow().failingSince())
                .isEqualTo(T0.plusSeconds(3));
    }

    @Test
    default void theBacklogCountsPendingDeliveriesPerEndpointAcrossTenants() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookMessage g = message(GLOBEX, "msg_1", "invoice.paid", T0);
        enqueue(webhooks(), m, delivery("dlv_01", "ep_1", m, T0.plusSeconds(2)),
                delivery("dlv_02", "ep_2", m, T0.plusSeconds(1)));
        WebhookMessage m2 = message(ACME, "msg_2", "invoice.paid", T0);
        enqueue(webhooks(), m2, delivery("dlv_03", "ep_1", m2, T0.plusSeconds(1)),
                delivery("dlv_04", "ep_2", m2, T0.plusSeconds(1)));
        enqueue(webhooks(), g, delivery("dlv_05", "ep_1", g, T0.plusSeconds(3)));
        finish(webhooks(), delivery("dlv_04", "ep_2", m2, T0), T0.plusSeconds(5), true);

        assertThat(webhooks().backlog()).containsExactlyInAnyOrder(
                new EndpointBacklog(ACME, "ep_1", 2, T0.plusSeconds(1)),
                new EndpointBacklog(ACME, "ep_2", 1, T0.plusSeconds(1)),
                new EndpointBacklog(GLOBEX, "ep_1", 1, T0.plusSeconds(3)));
    }

    @Test
    default void aTenantsBacklogCountsOnlyItsOwnPendingDeliveries() {
        WebhookMessage m = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookMessage g = message(GLOBEX, "msg_1", "invoice.paid", T0);
        enqueue(webhooks(), m, delivery("dlv_01", "ep_1", m, T0.plusSeconds(2)),
                delivery("dlv_02", "ep_2", m, T0.plusSeconds(1)));
        enqueue(webhooks(), g, delivery("dlv_03", "ep_1", g, T0.plusSeconds(3)));
        finish(webhooks(), delivery("dlv_02", "ep_2", m, T0), T0.plusSeconds(5), true);

        assertThat(webhooks().backlog(ACME))
                .containsExactly(new EndpointBacklog(ACME, "ep_1", 1, T0.plusSeconds(2)));
        assertThat(webhooks().backlog(GLOBEX))
                .containsExactly(new EndpointBacklog(GLOBEX, "ep_1", 1, T0.plusSeconds(3)));
        assertThat(webhooks().backlog("initech")).isEmpty();
    }

    @Test
    default void retentionDeletesFinishedDeliveriesWithTheirAttemptsAndUnreferencedMessages() {
        WebhookMessage old = message(ACME, "msg_1", "invoice.paid", T0);
        WebhookMessage shared = message(GLOBEX, "msg_2", "invoice.paid", T0);
        WebhookDelivery done = delivery("dlv_01", "ep_1", old, T0);
        WebhookDelivery dead = delivery("dlv_02", "ep_1", shared, T0);
        WebhookDelivery waiting = delivery("dlv_03", "ep_2", shared, T0.plusSeconds(500));
        WebhookDelivery recent = delivery("dlv_04", "ep_3", shared, T0);
        enqueue(webhooks(), old, done);
        enqueue(webhooks(), shared, dead, waiting, recent);
        finish(webhooks(), done, T0.plusSeconds(10), true);
        finish(webhooks(), dead, T0.plusSeconds(20), false);
        finish(webhooks(), recent, T0.plusSeconds(200), true);
        Instant cutoff = T0.plusSeconds(100);

        assertThat(webhooks().deleteFinishedBefore(cutoff, 1)).isEqualTo(1);
        assertThat(webhooks().delivery(ACME, "dlv_01")).isEmpty();
        assertThat(webhooks().attempts(ACME, "dlv_01")).isEmpty();
        assertThat(webhooks().message(ACME, "msg_1")).as("no delivery refers to it").isEmpty();
        assertThat(webhooks().delivery(GLOBEX, "dlv_02")).as("past the max").isPresent();

        assertThat(webhooks().deleteFinishedBefore(cutoff, 10)).isEqualTo(1);
        assertThat(webhooks().delivery(GLOBEX, "dlv_02")).isEmpty();
        assertThat(webhooks().attempts(GLOBEX, "dlv_02")).isEmpty();
        assertThat(webhooks().delivery(GLOBEX, "dlv_03")).as("pending").isPresent();
        assertThat(webhooks().delivery(GLOBEX, "dlv_04")).as("finished after the cutoff").isPresent();
        assertThat(webhooks().attempts(GLOBEX, "dlv_04")).hasSize(1);
        assertThat(webhooks().message(GLOBEX, "msg_2")).as("still referred to").contains(shared);
        assertThat(webhooks().deleteFinishedBefore(cutoff, 10)).isZero();
    }
}
