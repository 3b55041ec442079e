package dev.weft.engine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which types a tenant may publish, and the platform's own events published past that rule. */
class EventFeedTest {
    private static final Instant NOW = Instant.parse("2026-12-06T18:00:00Z");
    private final MemoryEvents store = new MemoryEvents();
    private final EventFeed feed = new EventFeed(store, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7));

    @Test
    void theTypesOfThePlatformsOwnEventsAreReservedForIt() {
        for (String type : List.of("execution.started", "step.failed", "flow.deployed",
                "system.breaker_opened",
                "credential.rotated", "endpoint.disabled", "weft.anything")) {
            assertThat(EventFeed.problem(type, null)).as(type)
                    .contains("reserved for the platform's own events");
            assertThatThrownBy(() -> feed.publish("acme", type, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        }
        // Only the prefix with its dot is reserved: a tenant's own "systems." or "endpoints." types are fine.
        assertThat(EventFeed.problem("systems.added", null)).isNull();
        assertThat(EventFeed.problem("endpoints.moved", null)).isNull();
        assertThat(store.events).isEmpty();
    }

    @Test
    void thePlatformPublishesItsOwnTypesToTheTenantsFeed() {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("system", "erp").put("state", "open");

        EventRecord written = feed.publishPlatform("acme", EventRecord.SYSTEM_BREAKER_OPENED, payload);

        assertThat(written.id()).isEqualTo("evt_1");
        assertThat(written.tenantId()).isEqualTo("acme");
        assertThat(written.type()).isEqualTo("system.breaker_opened");
        assertThat(written.executionId()).isNull();
        assertThat(written.payload()).isEqualTo(payload);
        assertThat(written.occurredAt()).isEqualTo(NOW);
        assertThat(store.events).containsExactly(written);
    }

    @Test
    void aPlatformEventStillNeedsADottedTypeName() {
        for (String type : List.of("breaker", "System.Opened", "", " ")) {
            assertThatThrownBy(() -> feed.publishPlatform("acme", type, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dotted lower-case words");
        }
        assertThatThrownBy(() -> feed.publishPlatform("acme", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.events).isEmpty();
    }

    @Test
    void aPlatformEventNudgesTheConsumersOfThisProcess() throws Exception {
        List<EventRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        // A poll of an hour: only the nudge makes the consumer read again after its first read.
        FeedConsumer consumer = feed.subscribe("test", Duration.ofHours(1), events -> {
            seen.addAll(events);
            handled.countDown();
        });
        try {
            assertThat(store.firstRead.await(10, TimeUnit.SECONDS)).isTrue();
            feed.publishPlatform("acme", EventRecord.CREDENTIAL_ROTATED,
                    JsonNodeFactory.instance.objectNode().put("credential", "crm"));

            assertThat(handled.await(10, TimeUnit.SECONDS)).as("the consumer was nudged").isTrue();
            assertThat(seen).extracting(EventRecord::type).containsExactly("credential.rotated");
        } finally {
            consumer.close();
        }
    }

    /** The feed in memory, in one process: positions are (0, n), as on SQLite. Thread-safe. */
    private static final class MemoryEvents implements EventStore {
        final List<EventRecord> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, EventPosition> positions = new HashMap<>();
        final CountDownLatch firstRead = new CountDownLatch(1);

        @Override
        public synchronized List<EventRecord> append(List<EventRecord> records) {
            List<EventRecord> written = new ArrayList<>();
            for (EventRecord r : records) {
                EventRecord at = r.at(new EventPosition(0, events.size() + 1));
                events.add(at);
                written.add(at);
            }
            return written;
        }

        @Override
        public synchronized List<EventRecord> read(EventQuery query) {
            firstRead.countDown();
            return events.stream()
                    .filter(e -> e.position().compareTo(query.after()) > 0)
                    .filter(e -> query.tenantId() == null || query.tenantId().equals(e.tenantId()))
                    .filter(e -> query.types().isEmpty() || query.types().contains(e.type()))
                    .limit(query.limit())
                    .toList();
        }

        @Override
        public synchronized Optional<EventPosition> position(String consumer) {
            return Optional.ofNullable(positions.get(consumer));
        }

        @Override
        public synchronized void savePosition(String consumer, EventPosition position, Instant now) {
            positions.merge(consumer, position, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }

        @Override
        public synchronized EventPosition head() {
            return events.isEmpty() ? EventPosition.START : events.get(events.size() - 1).position();
        }

        @Override
        public int deleteBefore(Instant cutoff, int max) {
            return 0;
        }
    }
}
