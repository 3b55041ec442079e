package dev.weft.connector.redis;

import static dev.weft.connector.redis.LocalRedis.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink.Outcome;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.services.RequiredService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * The {@code redis.stream} trigger's guarantees against the local Redis, driven through subscribe() with
 * a recording sink: acknowledged only after the sink answered, rejected entries dead-lettered and
 * acknowledged, failed ones left pending and claimed again, a stopped consumer's entries taken over.
 */
class RedisStreamTriggerIT {
    @RegisterExtension
    static final RequiredService REDIS = LocalRedis.REDIS;
    private static final String P = LocalRedis.uniquePrefix("stream");
    private static final String GROUP = "flows";
    /** Unique too: a test finds the trigger's connection by the client name made from it. */
    private static final String SYSTEM_ID = "stream-" + Integer.toHexString(P.hashCode());
    private static SystemClient client;
    private static Jedis redis;

    @BeforeAll
    static void open() throws ConnectorException {
        client = new RedisConnector().open(LocalRedis.system(SYSTEM_ID));
        redis = LocalRedis.direct();
    }

    @AfterAll
    static void close() {
        LocalRedis.deleteAll(P);
        if (client != null) {
            client.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A trigger on {@code P + stream} with short reads, and {@code more} (JSON members) on top. */
    private static Subscription subscribe(String stream, RecordingSink sink, String more)
            throws ConnectorException {
        return client
                .subscribe("redis.stream",
                        LocalRedis.json("{\"stream\": \"" + P + stream + "\", \"group\": \""
                                + GROUP + "\", \"block\": 50" + (more.isEmpty() ? "" : ", " + more) + "}"),
                        sink);
    }

    private static String add(String stream, String field, String value) {
        return redis.xadd(P + stream, StreamEntryID.NEW_ENTRY, Map.of(field, value)).toString();
    }

    private static long pending(String stream) {
        return redis.xpending(P + stream, GROUP).getTotal();
    }

    private static List<StreamPendingEntry> pendingEntries(String stream) {
        return redis.xpending(P + stream, GROUP, XPendingParams.xPendingParams("-", "+", 100));
    }

    @Test
    void anEntryIsAcknowledgedOnlyAfterTheSinkQueuedIt() throws Exception {
        CountDownLatch inHand = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink((n, event) -> {
            inHand.countDown();
            // Bounded, so that a failing test cannot leave close() waiting for this entry for ever.
            release.await(20, TimeUnit.SECONDS);
            return Outcome.QUEUED;
        });
        try (Subscription subscription = subscribe("acked", sink, "")) {
            assertThat(subscription.healthy()).isTrue();
            String id = add("acked", "order", "7");

            await("the sink to hold the entry", inHand);
            assertThat(pending("acked")).as("pending while the sink has not answered").isEqualTo(1);
            release.countDown();

            await("the entry to be acknowledged", () -> pending("acked") == 0);
            Event event = sink.events().getFirst();
            assertThat(event.id()).isEqualTo(P + "acked:" + id);
            assertThat(event.data())
                    .isEqualTo(LocalRedis.json("{\"stream\": \"" + P + "acked\", \"id\": \"" + id
                            + "\", \"fields\": {\"order\": \"7\"}}"));
        }
    }

    @Test
    void aDuplicateIsAcknowledgedToo() throws Exception {
        RecordingSink sink = RecordingSink.always(Outcome.DUPLICATE);
        try (Subscription subscription = subscribe("dup", sink, "")) {
            assertThat(subscription.healthy()).isTrue();
            add("dup", "a", "1");

            await("the duplicate to be acknowledged", () -> sink.count() == 1 && pending("dup") == 0);
        }
    }

    @Test
    void aRejectedEntryGoesToTheDeadLetterStreamWithTheReasonAndIsAcknowledged() throws Exception {
        RecordingSink sink = RecordingSink.always(Outcome.REJECTED);
        String id;
        try (Subscription subscription = subscribe("rejected", sink, "")) {
            assertThat(subscription.healthy()).isTrue();
            id = add("rejected", "order", "not json");

            await("the entry to reach the dead-letter stream", () -> redis.exists(P + "rejected:dead"));
            await("the rejected entry to be acknowledged", () -> pending("rejected") == 0);
        }
        List<StreamEntry> dead = redis.xrange(P + "rejected:dead", (StreamEntryID) null, null);
        assertThat(dead).singleElement().satisfies(e -> assertThat(e.getFields())
                .containsEntry("order", "not json")
                .containsEntry(StreamEntries.SOURCE_ID, id)
                .containsEntry(StreamEntries.SOURCE_STREAM, P + "rejected")
                .containsEntry(StreamEntries.SOURCE_GROUP, GROUP)
                .containsEntry(StreamEntries.REASON, StreamEntries.REJECTED));
    }

    @Test
    void theDeadLetterStreamCanBeNamed() throws Exception {
        try (Subscription subscription = subscribe("named", RecordingSink.always(Outcome.REJECTED),
                "\"deadLetter\": \"" + P + "graveyard\"")) {
            assertThat(subscription.healthy()).isTrue();
            add("named", "a", "1");

            await("the entry to reach the named dead-letter stream", () -> redis.exists(P + "graveyard"));
        }
        assertThat(redis.exists(P + "named:dead")).isFalse();
    }

    @Test
    void aFailedEntryStaysPendingAndIsDeliveredAgainByTheClaim() throws Exception {
        CountDownLatch secondInHand = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink((n, event) -> {
            if (n == 1) {
                return Outcome.FAILED;
            }
            secondInHand.countDown();
            // Bounded, so that a failing test cannot leave close() waiting for this entry for ever.
            release.await(20, TimeUnit.SECONDS);
            return Outcome.QUEUED;
        });
        try (Subscription subscription = subscribe("failed", sink, "\"claimIdle\": 100")) {
            assertThat(subscription.healthy()).isTrue();
            String id = add("failed", "a", "1");

            await("the failed entry to be handed over again", secondInHand);
            // A new read (">") never hands an entry over twice: the second delivery came from XAUTOCLAIM.
            assertThat(pendingEntries("failed")).singleElement().satisfies(p -> {
                assertThat(p.getID().toString()).isEqualTo(id);
                assertThat(p.getDeliveredTimes()).isEqualTo(2);
            });
            release.countDown();

            await("the redelivered entry to be acknowledged", () -> pending("failed") == 0);
            assertThat(sink.ids()).containsExactly(P + "failed:" + id, P + "failed:" + id);
        }
    }

    @Test
    void entriesOfAConsumerThatStoppedWithoutAcknowledgingAreTakenOver() throws Exception {
        redis.xgroupCreate(P + "orphans", GROUP, StreamEntryID.XGROUP_LAST_ENTRY, true);
        String first = add("orphans", "n", "1");
        String second = add("orphans", "n", "2");
        // A consumer reads both and stops before acknowledging either (a crashed worker).
        redis.xreadGroup(GROUP, "crashed", XReadGroupParams.xReadGroupParams().count(10),
                Map.of(P + "orphans", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        assertThat(redis.xpending(P + "orphans", GROUP).getConsumerMessageCount()).containsEntry("crashed",
                2L);

        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        try (Subscription subscription = subscribe("orphans", sink,
                "\"consumer\": \"survivor\", \"claimIdle\": 100")) {
            assertThat(subscription.healthy()).isTrue();
            await("the orphaned entries to be handed over and acknowledged",
                    () -> sink.count() == 2 && pending("orphans") == 0);
        }
        assertThat(sink.ids()).containsExactly(P + "orphans:" + first, P + "orphans:" + second);
    }

    @Test
    void closingLetsTheEntryInHandFinishAndAcknowledgesIt() throws Exception {
        CountDownLatch inHand = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink sink = new RecordingSink((n, event) -> {
            inHand.countDown();
            // Bounded, so that a failing test cannot leave close() waiting for this entry for ever.
            release.await(20, TimeUnit.SECONDS);
            return Outcome.QUEUED;
        });
        Subscription subscription = subscribe("closing", sink, "");
        add("closing", "a", "1");
        await("the sink to hold the entry", inHand);

        Thread closer = Thread.ofPlatform().start(subscription::close);
        await("close() to wait for the entry in hand", () -> closer.getState() == Thread.State.WAITING);
        assertThat(pending("closing")).isEqualTo(1);
        release.countDown();
        closer.join();

        assertThat(pending("closing")).as("acknowledged before close() returned").isZero();
        assertThat(subscription.healthy()).isFalse();
    }

    @Test
    void aNewGroupStartsAtNewEntriesUnlessToldToReadTheWholeStream() throws Exception {
        String old = add("start", "n", "old");
        RecordingSink fromNow = RecordingSink.always(Outcome.QUEUED);
        RecordingSink fromZero = RecordingSink.always(Outcome.QUEUED);
        try (Subscription now = subscribe("start", fromNow, "");
                Subscription zero = client.subscribe("redis.stream", LocalRedis.json("{\"stream\": \"" + P
                        + "start\", \"group\": \"replay\", \"start\": \"0\", \"block\": 50}"), fromZero)) {
            assertThat(now.healthy() && zero.healthy()).isTrue();
            String fresh = add("start", "n", "new");

            await("both groups to see the new entry", () -> fromNow.count() == 1 && fromZero.count() == 2);
            assertThat(fromNow.ids()).containsExactly(P + "start:" + fresh);
            assertThat(fromZero.ids()).containsExactly(P + "start:" + old, P + "start:" + fresh);
        }
    }

    @Test
    void aKilledConnectionIsOpenedAgainAndReadingGoesOn() throws Exception {
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        try (Subscription subscription = subscribe("killed", sink, "")) {
            String name = RedisConfig.clientName(SYSTEM_ID, "stream");
            String line = redis.clientList().lines().filter(l -> l.contains(" name=" + name + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no connection named " + name + " in CLIENT LIST"));
            String clientId = line.substring("id=".length(), line.indexOf(' '));

            assertThat(redis.clientKill(ClientKillParams.clientKillParams().id(clientId))).isEqualTo(1);

            String id = add("killed", "a", "1");
            await("the entry added after the kill to be read and acknowledged",
                    () -> sink.count() == 1 && pending("killed") == 0);
            assertThat(sink.ids()).containsExactly(P + "killed:" + id);
            assertThat(subscription.healthy()).isTrue();
        }
    }

    @Test
    void aTriggerOnAnUnreachableServerRunsUnhealthyAndClosesAtOnce() throws Exception {
        try (SystemClient down = new RedisConnector().open(LocalRedis.system("down")
                .withConfig(LocalRedis.config().put("port", 1)));
                Subscription subscription = down.subscribe("redis.stream",
                        LocalRedis.json("{\"stream\": \"" + P + "down\", \"group\": \"g\"}"),
                        RecordingSink.always(Outcome.QUEUED))) {
            assertThat(subscription.healthy()).isFalse();
        }
    }

    @Test
    void aStreamKeyOfAnotherTypeIsRefusedAtSubscribe() {
        redis.set(P + "string", "not a stream");

        assertThatThrownBy(() -> subscribe("string", RecordingSink.always(Outcome.QUEUED), ""))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.wrong_type");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void anUnknownTriggerIsRefused() {
        assertThatThrownBy(() -> client.subscribe("redis.keyspace", LocalRedis.json("{}"),
                RecordingSink.always(Outcome.QUEUED)))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("trigger.unsupported"));
    }
}
