package dev.weft.testkit.store;

import static dev.weft.testkit.store.ExecutionBuilder.execution;
import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.TENANT;
import static dev.weft.testkit.store.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.Transition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event feed: events committed with their changes, read in feed order, consumer positions, retention. */
interface EventContract extends StoreUnderTest {

    private List<EventRecord> all() {
        return store().events().read(EventQuery.after(EventPosition.START, EventQuery.MAX_LIMIT));
    }

    /**
     * Every event, once at least {@code n} are readable: on PostgreSQL a commit's events are readable once
     * every older transaction on the server has ended, a moment later when other writers are busy.
     */
    private List<EventRecord> all(int n) {
        try {
            dev.weft.testkit.Eventually.until(n + " events readable", java.time.Duration.ofSeconds(20),
                    () -> all().size() >= n);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return all();
    }

    private static EventRecord custom(String type, String executionId) {
        return EventRecord.of(TENANT, type, executionId, json("{\"n\":1}"), T0);
    }

    @Test
    default void transitionsWriteTheirEventsInCommitOrder() {
        ExecutionRecord created = execution("e-1").build();
        store().apply(List.of(Transition.create(created)));
        ExecutionRecord done = execution("e-1").status(ExecutionStatus.SUCCEEDED).finishedAt(T0).build();
        store().apply(List.of(Transition.update(done, 0, List.of())
                .withEvents(List.of(custom("orders.shipped", "e-1"),
                        EventRecord.ofExecution(EventRecord.EXECUTION_SUCCEEDED, done, T0)))));

        List<EventRecord> events = all(3);

        assertThat(events).extracting(EventRecord::type).containsExactly(EventRecord.EXECUTION_STARTED,
                "orders.shipped", EventRecord.EXECUTION_SUCCEEDED);
        assertThat(events).extracting(EventRecord::position).isSorted().doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.executionId()).isEqualTo("e-1");
            assertThat(e.tenantId()).isEqualTo(TENANT);
            assertThat(e.id()).isEqualTo("evt_" + e.position().seq());
            assertThat(e.occurredAt()).isEqualTo(T0);
        });
        assertThat(events.get(1).payload()).isEqualTo(json("{\"n\":1}"));
        assertThat(events.get(2).payload().get("status").asText()).isEqualTo("succeeded");
        assertThat(store().events().head()).isEqualTo(events.get(2).position());
    }

    @Test
    default void aTransitionThatIsNotAppliedWritesNoEvent() {
        ExecutionRecord fenced = execution("fenced").lease("w1", T0.plusSeconds(30), 3).build();
        Fixtures.create(store(), fenced);
        Transition stale = Transition.update(fenced, 2, List.of())
                .withEvents(List.of(custom("orders.lost", "fenced")));
        Transition duplicate = Transition.create(fenced)
                .withEvents(List.of(custom("orders.twice", "fenced")));
        Transition fresh = Transition.create(execution("fresh").build());

        assertThat(store().apply(List.of(stale, duplicate, fresh))).containsExactly(false, false, true);

        assertThat(all(2)).extracting(e -> e.type() + "@" + e.executionId()).containsExactly(
                "execution.started@fenced", "execution.started@fresh");
    }

    @Test
    default void deployDeleteAndCancelWriteTheirEventsInTheirCommits() {
        store().deployFlow(TENANT, "acme", "ship", "steps: []", T0);
        store().deployFlow(TENANT, "acme", "ship", "steps: []", T0); // unchanged: no new version, no event
        store().deleteFlow(TENANT, "acme", "ship", T0);
        store().deleteFlow(TENANT, "acme", "ship", T0); // already deleted
        Fixtures.create(store(), execution("c").status(ExecutionStatus.RUNNING).build());
        store().cancel(TENANT, "c", json("{\"code\":\"execution.cancelled\",\"message\":\"no\"}"), T0);
        store().cancel(TENANT, "c", json("{\"code\":\"execution.cancelled\",\"message\":\"no\"}"), T0);

        List<EventRecord> events = all(4);

        assertThat(events).extracting(EventRecord::type).containsExactly(EventRecord.FLOW_DEPLOYED,
                EventRecord.FLOW_DELETED, EventRecord.EXECUTION_STARTED, EventRecord.EXECUTION_CANCELLED);
        assertThat(events.get(0).payload()).isEqualTo(
                json("{\"flow\":\"acme/ship\",\"namespace\":\"acme\",\"flowId\":\"ship\",\"version\":1}"));
        assertThat(events.get(3).payload().at("/error/code").asText()).isEqualTo("execution.cancelled");
    }

    @Test
    default void readFiltersByTenantTypeExecutionAndTimeAndPagesOnFromAPosition() {
        List<EventRecord> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(custom(i % 2 == 0 ? "orders.even" : "orders.odd", "x-" + (i % 3)));
        }
        written.add(EventRecord.of("other-tenant", "orders.even", "x-0", null, T0));
        written.add(EventRecord.of(TENANT, "orders.late", null, null, T0.plusSeconds(60)));
        store().events().append(written);
        all(written.size());

        var events = store().events();
        assertThat(events.read(new EventQuery(TENANT, EventPosition.START, Set.of("orders.even"), null, null,
                10))).hasSize(3);
        assertThat(events.read(new EventQuery(null, EventPosition.START, Set.of("orders.even"), null, null,
                10))).hasSize(4);
        assertThat(events.read(new EventQuery(TENANT, EventPosition.START, Set.of(), "x-0", null, 10)))
                .hasSize(2);
        assertThat(events.read(new EventQuery(TENANT, EventPosition.START, Set.of(), null,
                T0.plusSeconds(1), 10))).extracting(EventRecord::type).containsExactly("orders.late");
        List<EventRecord> first = events
                .read(new EventQuery(TENANT, EventPosition.START, Set.of(), null, null,
                        4));
        List<EventRecord> rest = events.read(new EventQuery(TENANT, first.get(3).position(), Set.of(), null,
                null, 4));
        assertThat(first).hasSize(4);
        assertThat(rest).extracting(EventRecord::type).containsExactly("orders.even", "orders.late");
    }

    @Test
    default void childrenOnlySelectsTheExecutionEventsOfSubflowChildren() {
        ExecutionRecord parent = execution("parent").build();
        ExecutionRecord child = execution("child").parent("parent", "sub").build();
        store().apply(List.of(Transition.create(parent), Transition.create(child)));
        store().events().append(List.of(EventRecord.of(TENANT, "orders.shipped", "child",
                json("{\"parentId\":\"not-an-execution-event\"}"), T0)));
        all(3);

        List<EventRecord> children = store().events().read(new EventQuery(null, EventPosition.START,
                Set.of(), null, null, 10, true));

        assertThat(children).extracting(e -> e.type() + "@" + e.executionId())
                .containsExactly("execution.started@child");
        assertThat(children.get(0).payload().get("parentId").asText()).isEqualTo("parent");
    }

    @Test
    default void aConsumerPositionIsKeptAndNeverMovesBack() {
        var events = store().events();
        assertThat(events.position("c1")).isEmpty();

        events.savePosition("c1", new EventPosition(0, 7), T0);
        events.savePosition("c1", new EventPosition(0, 5), T0);
        events.savePosition("c2", new EventPosition(3, 1), T0);

        assertThat(events.position("c1")).contains(new EventPosition(0, 7));
        assertThat(events.position("c2")).contains(new EventPosition(3, 1));
    }

    @Test
    default void retentionDeletesOnlyEventsOlderThanTheCutoff() {
        store().events().append(List.of(EventRecord.of(TENANT, "orders.old", null, null, T0),
                EventRecord.of(TENANT, "orders.old", null, null, T0.plusSeconds(1)),
                EventRecord.of(TENANT, "orders.new", null, null, T0.plusSeconds(100))));
        all(3);

        assertThat(store().events().deleteBefore(T0.plusSeconds(50), 1)).isEqualTo(1);
        assertThat(store().events().deleteBefore(T0.plusSeconds(50), 10)).isEqualTo(1);
        assertThat(store().events().deleteBefore(T0.plusSeconds(50), 10)).isZero();

        assertThat(all()).extracting(EventRecord::type).containsExactly("orders.new");
    }

    @Test
    default void retentionKeepsTheNewestEventSoThatPositionsNeverGoBack() {
        List<EventRecord> written = store().events().append(List.of(
                EventRecord.of(TENANT, "orders.old", null, null, T0),
                EventRecord.of(TENANT, "orders.old", null, null, T0.plusSeconds(1))));
        EventPosition read = written.get(1).position();

        // Everything is older than the cutoff; the newest stays all the same.
        assertThat(store().events().deleteBefore(T0.plusSeconds(50), 10)).isEqualTo(1);
        assertThat(all()).extracting(EventRecord::position).containsExactly(read);

        EventRecord next = store().events().append(List.of(
                EventRecord.of(TENANT, "orders.next", null, null, T0.plusSeconds(60)))).get(0);
        assertThat(next.position()).isGreaterThan(read);
        assertThat(store().events().read(EventQuery.after(read, 10))).extracting(EventRecord::type)
                .containsExactly("orders.next");
    }

    /**
     * Writers commit side by side while a reader follows the feed from its last position: it must end up
     * with every event, each once, in ascending positions, whatever order the commits finished in.
     */
    @Test
    default void aReaderFollowingTheFeedWhileWritersCommitMissesNothing() throws Exception {
        int writers = 4;
        int perWriter = 100;
        int expected = writers * perWriter;
        List<EventRecord> seen = new ArrayList<>();
        // Until it has as many as were written (or a minute passed): on PostgreSQL, a transaction running
        // anywhere on the server holds the newest events back for a moment.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            EventPosition at = EventPosition.START;
            while (seen.size() < expected && System.nanoTime() < deadline) {
                List<EventRecord> batch = store().events().read(EventQuery.after(at, 50));
                seen.addAll(batch);
                if (!batch.isEmpty()) {
                    at = batch.get(batch.size() - 1).position();
                }
            }
        });
        Concurrently.run(writers, w -> () -> {
            for (int i = 0; i < perWriter; i++) {
                store().apply(List.of(Transition.create(execution("w" + w + "-" + i).build())));
            }
            return null;
        });
        reader.join();

        Set<String> ids = new HashSet<>();
        seen.forEach(e -> ids.add(e.executionId()));
        assertThat(seen).hasSize(expected);
        assertThat(ids).hasSize(expected);
        assertThat(seen).extracting(EventRecord::position).isSorted();
    }
}
