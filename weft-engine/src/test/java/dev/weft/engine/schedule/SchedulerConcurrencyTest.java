package dev.weft.engine.schedule;

import static dev.weft.engine.schedule.ScheduleFixture.at;
import static dev.weft.engine.schedule.ScheduleFixture.schedule;
import static dev.weft.engine.schedule.ScheduleFixture.slotsBetween;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ScheduleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several nodes ticking over one store. */
class SchedulerConcurrencyTest {
    private final ScheduleFixture f = new ScheduleFixture("2025-01-06T10:07:00Z");

    @Test
    void twoSchedulersTakingTurnsFireEachSlotOnce() {
        f.deploy("report", schedule("*/15 * * * *"));
        Scheduler a = f.scheduler();
        Scheduler b = f.scheduler();

        for (int i = 0; i < 3 * 24 * 60; i++) {
            (i % 3 == 0 ? b : a).tick();
            (i % 3 == 0 ? a : b).tick();
            f.clock.advance(Duration.ofSeconds(20));
        }

        List<Instant> expected = slotsBetween("*/15 * * * *", at("2025-01-06T10:07:00Z"),
                f.clock.instant().minusSeconds(20));
        assertThat(f.firer.calls()).extracting(RecordingFirer.Fire::slot).containsExactlyElementsOf(expected);
    }

    @Test
    void aNodeThatLosesTheRaceToRecordTheFirstSlotWakesForTheWinnersSlot() {
        f.deploy("report", schedule("0 * * * *"));
        InterleavingStore slow = new InterleavingStore(f.store);
        Scheduler a = f.scheduler(slow);
        Scheduler b = f.scheduler();

        slow.afterNextRead(b::tick);
        a.tick();

        assertThat(f.store.advances()).isEqualTo(1);
        assertThat(a.nextWakeUp()).contains(at("2025-01-06T11:00:00Z"));
        assertThat(b.nextWakeUp()).contains(at("2025-01-06T11:00:00Z"));
    }

    @Test
    void twoNodesFiringTheSameSlotAtOnceMakeOneExecutionAndOneAdvance() {
        f.deploy("report", schedule("0 * * * *"));
        InterleavingStore slow = new InterleavingStore(f.store);
        Scheduler a = f.scheduler(slow);
        Scheduler b = f.scheduler();
        a.tick();
        f.clock.set(at("2025-01-06T11:00:05Z"));

        slow.afterNextRead(b::tick); // b reads, fires and advances between a's read and a's advance
        a.tick();

        assertThat(f.firer.calls()).extracting(RecordingFirer.Fire::slot)
                .containsExactly(at("2025-01-06T11:00:00Z"), at("2025-01-06T11:00:00Z"));
        assertThat(f.firer.slots()).containsExactly(at("2025-01-06T11:00:00Z"));
        assertThat(f.store.advances()).isEqualTo(2); // the first slot, then 11:00 to 12:00 once
        assertThat(a.nextWakeUp()).contains(at("2025-01-06T12:00:00Z"));
    }

    @Test
    void fourNodesTickingOnThreadsFireEverySlotExactlyOnce() throws Exception {
        f.deploy("report", schedule("*/5 * * * *"));
        f.deploy("audit", schedule("*/7 * * * *"));
        List<Scheduler> nodes = List.of(f.scheduler(), f.scheduler(), f.scheduler(), f.scheduler());
        List<Callable<Void>> ticks = new ArrayList<>();
        for (Scheduler node : nodes) {
            ticks.add(() -> {
                node.tick();
                return null;
            });
        }
        Instant start = f.clock.instant();

        try (ExecutorService pool = Executors.newFixedThreadPool(nodes.size())) {
            for (int round = 0; round < 6 * 60 * 3; round++) {
                for (Future<Void> done : pool.invokeAll(ticks)) {
                    done.get();
                }
                f.clock.advance(Duration.ofSeconds(20));
            }
        }

        Instant end = f.clock.instant().minus(Duration.ofSeconds(20));
        assertThat(f.firer.executions()).filteredOn(e -> e.flowId().equals("report"))
                .extracting(RecordingFirer.Fire::slot)
                .containsExactlyInAnyOrderElementsOf(slotsBetween("*/5 * * * *", start, end));
        assertThat(f.firer.executions()).filteredOn(e -> e.flowId().equals("audit"))
                .extracting(RecordingFirer.Fire::slot)
                .containsExactlyInAnyOrderElementsOf(slotsBetween("*/7 * * * *", start, end));
    }

    /** Delegates to a store, running another node's tick once right after a read, before the advance. */
    private static final class InterleavingStore implements ScheduleStore {
        private final ScheduleStore inner;
        private Runnable afterRead;

        InterleavingStore(ScheduleStore inner) {
            this.inner = inner;
        }

        void afterNextRead(Runnable r) {
            afterRead = r;
        }

        @Override
        public Optional<Instant> nextSlot(String tenantId, String namespace, String flowId,
                String triggerKey) {
            Optional<Instant> read = inner.nextSlot(tenantId, namespace, flowId, triggerKey);
            Runnable r = afterRead;
            afterRead = null;
            if (r != null) {
                r.run();
            }
            return read;
        }

        @Override
        public boolean advanceSchedule(String tenantId, String namespace, String flowId, String triggerKey,
                Instant expected, Instant next) {
            return inner.advanceSchedule(tenantId, namespace, flowId, triggerKey, expected, next);
        }

        @Override
        public void retainSchedules(String tenantId, String namespace, String flowId, Set<String> keep) {
            inner.retainSchedules(tenantId, namespace, flowId, keep);
        }
    }
}
