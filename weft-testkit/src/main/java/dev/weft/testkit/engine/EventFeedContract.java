package dev.weft.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.InvalidFlowException;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.testkit.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What executions write to the event feed: their lifecycle events, failed steps, and the custom events of
 * {@code emit} steps, in commit order; and the parent of a subflow woken by its child's end event. Every
 * store runs it, through a subclass that opens the store ({@link EngineFixture#openStore}).
 */
public abstract class EventFeedContract extends EngineFixture {

    private List<String> eventsOf(String executionId) {
        return store.events()
                .read(new EventQuery(ExecutionStore.DEFAULT_TENANT, EventPosition.START, Set.of(),
                        executionId, null, EventQuery.MAX_LIMIT))
                .stream().map(EventRecord::type).toList();
    }

    /**
     * Waits until the execution's events are readable, then checks them: on PostgreSQL, events of a
     * commit are readable once every transaction older than it has ended, a moment later when other
     * writers are busy (docs/design/event-feed.md).
     */
    private void assertEventsOf(String executionId, String... types) throws Exception {
        Eventually.until("the feed holds " + List.of(types) + " for " + executionId, Duration.ofSeconds(20),
                () -> eventsOf(executionId).size() >= types.length);
        assertThat(eventsOf(executionId)).containsExactly(types);
    }

    @Test
    void anEmitStepsEventIsCommittedBetweenTheExecutionsStartAndItsEnd() throws Exception {
        ExecutionRecord r = weft.run("""
                id: ship
                namespace: orders
                events:
                  orders.shipped:
                    type: object
                    required: [orderId]
                steps:
                  - {id: announce, type: emit, event: orders.shipped, payload: {orderId: "{{ input.id }}"}}
                  - {id: done, type: transform, output: "{{ announce.event }}"}
                """, "{\"id\": \"A-1\"}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().asText()).isEqualTo("orders.shipped");
        assertEventsOf(r.id(), EventRecord.EXECUTION_STARTED, "orders.shipped",
                EventRecord.EXECUTION_SUCCEEDED);
        EventRecord shipped = store.events().read(new EventQuery(ExecutionStore.DEFAULT_TENANT,
                EventPosition.START, Set.of("orders.shipped"), null, null, 10)).get(0);
        assertThat(shipped.payload()).isEqualTo(EngineHarness.json("{\"orderId\": \"A-1\"}"));
        assertThat(shipped.executionId()).isEqualTo(r.id());
    }

    @Test
    void anEmitPayloadThatDoesNotFitItsDeclaredSchemaFailsTheStepAndWritesNoEvent() throws Exception {
        ExecutionRecord r = weft.run("""
                id: strict
                events:
                  orders.shipped: {type: object, required: [orderId]}
                steps:
                  - {id: announce, type: emit, event: orders.shipped, payload: {order: 1}}
                """, "{}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().get("code").asText()).isEqualTo("event.invalid");
        assertThat(r.error().get("message").asText()).contains("orderId");
        assertEventsOf(r.id(), EventRecord.EXECUTION_STARTED, EventRecord.STEP_FAILED,
                EventRecord.EXECUTION_FAILED);
    }

    @Test
    void emitRefusesThePlatformsOwnTypesAndTypesTheFlowDoesNotDeclare() {
        assertThatThrownBy(() -> weft.client.validate("f.yaml", """
                id: sneaky
                steps:
                  - {id: fake, type: emit, event: execution.succeeded}
                """)).isInstanceOf(InvalidFlowException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> weft.client.validate("f.yaml", """
                id: typo
                events:
                  orders.shipped: {}
                steps:
                  - {id: announce, type: emit, event: orders.shiped}
                """)).isInstanceOf(InvalidFlowException.class).hasMessageContaining("orders.shipped");
    }

    @Test
    void waitingAndCancelledExecutionsAreInTheFeed() throws Exception {
        String id = weft.start("""
                id: patient
                steps:
                  - {id: decision, type: await, signal: go}
                """, "{}");
        weft.awaitParked(id);
        weft.client.cancel(EngineHarness.CALLER, id, "no longer needed");

        assertEventsOf(id, EventRecord.EXECUTION_STARTED, EventRecord.EXECUTION_WAITING,
                EventRecord.EXECUTION_CANCELLED);
    }

    @Test
    void deployingAndDeletingAFlowAreInTheFeed() throws Exception {
        weft.deploy("""
                id: listed
                namespace: catalog
                steps:
                  - {id: a, type: transform, output: 1}
                """);
        weft.client.deleteFlow(EngineHarness.CALLER, "catalog", "listed");
        Eventually.until("both flow events are readable", Duration.ofSeconds(20),
                () -> store.events().read(EventQuery.after(EventPosition.START, 10)).size() >= 2);

        List<EventRecord> events = store.events().read(EventQuery.after(EventPosition.START, 10));
        assertThat(events).extracting(EventRecord::type).containsExactly(EventRecord.FLOW_DEPLOYED,
                EventRecord.FLOW_DELETED);
        assertThat(events.get(0).payload().get("flow").asText()).isEqualTo("catalog/listed");
    }

    /**
     * The parent's own check of its child is an hour away, and the engine that started both is gone when
     * the child ends on another: only the child's end event, read from the feed, wakes the parent.
     */
    @Test
    void aParentIsWokenByItsChildsEndEventWhenItsOwnEngineIsGone() throws Exception {
        weft.close();
        weft = new EngineHarness(store, new RecordingConnector(), new MutableClock(), "node-a",
                EventFeedContract::slowSubflowChecks);
        weft.deploy("""
                id: child
                namespace: lib
                steps:
                  - {id: go, type: await, signal: go}
                  - {id: out, type: transform, output: "{{ go.n * 2 }}"}
                """);
        String parent = weft.start("""
                id: parent
                steps:
                  - {id: sub, type: subflow, flow: lib/child}
                  - {id: result, type: transform, output: "{{ sub }}"}
                """, "{}");
        Eventually.until("the child execution exists", Duration.ofSeconds(20),
                () -> childOf(parent) != null);
        String child = childOf(parent);
        weft.awaitParked(parent);
        weft.awaitParked(child);
        weft.close();

        weft = new EngineHarness(store, new RecordingConnector(), new MutableClock(), "node-b",
                EventFeedContract::slowSubflowChecks);
        weft.client.signal(EngineHarness.CALLER, child, "go", EngineHarness.json("{\"n\": 21}"));

        ExecutionRecord done = weft.awaitEnd(parent);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output().asInt()).isEqualTo(42);
    }

    /** Two engines on one store stand for two nodes: a deploy on one reaches the other's catalogue. */
    @Test
    void aFlowDeployedThroughAnotherEngineReachesThisCatalogueAndItsListeners() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        FlowCatalog catalog = weft.engine.catalog();
        assertThat(catalog.flows(ExecutionStore.DEFAULT_TENANT)).isEmpty();
        catalog.listen((tenant, namespace, id, now) -> heard.add(namespace + "/" + id + ":"
                + now.map(e -> "v" + e.version().version()).orElse("deleted")));
        try (EngineHarness other = new EngineHarness(store, new RecordingConnector(), new MutableClock(),
                "other-node", s -> s)) {
            other.deploy("""
                    id: hooked
                    namespace: sales
                    triggers:
                      - {type: webhook, path: orders, verify: {scheme: none}}
                    steps:
                      - {id: a, type: transform, output: 1}
                    """);
            Eventually.until("this engine's catalogue lists the flow deployed by the other",
                    Duration.ofSeconds(20),
                    () -> catalog.latest(ExecutionStore.DEFAULT_TENANT, "sales", "hooked").isPresent());
            other.client.deleteFlow(EngineHarness.CALLER, "sales", "hooked");
            Eventually.until("this engine's catalogue drops the deleted flow", Duration.ofSeconds(20),
                    () -> catalog.latest(ExecutionStore.DEFAULT_TENANT, "sales", "hooked").isEmpty());
        }

        assertThat(heard).containsExactly("sales/hooked:v1", "sales/hooked:deleted");
    }

    private String childOf(String parent) {
        return store.executions(dev.weft.engine.store.ExecutionQuery.all(ExecutionStore.DEFAULT_TENANT))
                .stream().filter(e -> parent.equals(e.parentId())).findFirst().map(ExecutionRecord::id)
                .orElse(null);
    }

    private static dev.weft.engine.EngineSettings slowSubflowChecks(dev.weft.engine.EngineSettings s) {
        return s.withSubflowPoll(Duration.ofHours(1));
    }
}
