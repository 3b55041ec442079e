package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ScheduleStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The next slot of schedule triggers, advanced by compare-and-set. */
interface ScheduleContract extends StorageUnderTest {

    private ScheduleStore schedules() {
        return storage().schedules();
    }

    private Instant slot(String tenantId, String flowId, String triggerKey) {
        return schedules().nextSlot(tenantId, "acme.reports", flowId, triggerKey).orElse(null);
    }

    private boolean advance(String tenantId, String flowId, String triggerKey, Instant expected,
            Instant next) {
        return schedules().advanceSchedule(tenantId, "acme.reports", flowId, triggerKey, expected, next);
    }

    @Test
    default void aTriggerHasNoSlotUntilOneIsRecorded() {
        assertThat(schedules().nextSlot("acme", "acme.reports", "daily", "cron-0")).isEmpty();
    }

    @Test
    default void theFirstSlotIsRecordedOnlyWhenNoneWasExpected() {
        assertThat(advance("acme", "daily", "cron-0", null, T0)).isTrue();
        assertThat(advance("acme", "daily", "cron-0", null, T0.plusSeconds(60))).isFalse();

        assertThat(slot("acme", "daily", "cron-0")).isEqualTo(T0);
    }

    @Test
    default void aSlotAdvancesOnlyFromTheRecordedOne() {
        Instant t1 = T0.plusSeconds(60);
        Instant t2 = T0.plusSeconds(120);
        advance("acme", "daily", "cron-0", null, T0);

        assertThat(advance("acme", "daily", "cron-0", T0, t1)).isTrue();
        // A node that had read T0 too comes second.
        assertThat(advance("acme", "daily", "cron-0", T0, t2)).isFalse();
        assertThat(slot("acme", "daily", "cron-0")).isEqualTo(t1);
        assertThat(advance("acme", "daily", "cron-0", t1, t2)).isTrue();
        assertThat(slot("acme", "daily", "cron-0")).isEqualTo(t2);
    }

    @Test
    default void anAdvanceFromASlotOfATriggerNeverRecordedChangesNothing() {
        assertThat(advance("acme", "daily", "cron-0", T0, T0.plusSeconds(60))).isFalse();

        assertThat(slot("acme", "daily", "cron-0")).isNull();
    }

    @Test
    default void tenantsFlowsAndTriggersEachHaveTheirOwnSlot() {
        advance("acme", "daily", "cron-0", null, T0);
        advance("globex", "daily", "cron-0", null, T0.plusSeconds(1));
        advance("acme", "hourly", "cron-0", null, T0.plusSeconds(2));
        advance("acme", "daily", "cron-1", null, T0.plusSeconds(3));
        schedules().advanceSchedule("acme", "acme.other", "daily", "cron-0", null, T0.plusSeconds(4));

        assertThat(advance("globex", "daily", "cron-0", T0.plusSeconds(1), T0.plusSeconds(10))).isTrue();

        assertThat(slot("acme", "daily", "cron-0")).isEqualTo(T0);
        assertThat(slot("globex", "daily", "cron-0")).isEqualTo(T0.plusSeconds(10));
        assertThat(slot("acme", "hourly", "cron-0")).isEqualTo(T0.plusSeconds(2));
        assertThat(slot("acme", "daily", "cron-1")).isEqualTo(T0.plusSeconds(3));
        assertThat(schedules().nextSlot("acme", "acme.other", "daily", "cron-0")).contains(T0.plusSeconds(4));
    }

    @Test
    default void ofManyNodesAdvancingTheSameSlotAtOnceExactlyOneWins() {
        advance("acme", "daily", "cron-0", null, T0);

        List<Boolean> first = Concurrently.run(8,
                i -> () -> advance("acme", "daily", "cron-0", null, T0.plusSeconds(i)));
        List<Boolean> next = Concurrently.run(8,
                i -> () -> advance("acme", "daily", "cron-0", T0, T0.plusSeconds(100 + i)));

        assertThat(first).containsOnly(false);
        assertThat(next).containsOnlyOnce(true);
        assertThat(slot("acme", "daily", "cron-0")).isEqualTo(T0.plusSeconds(100 + next.indexOf(true)));
    }

    @Test
    default void ofManyNodesRecordingTheFirstSlotAtOnceExactlyOneWins() {
        List<Boolean> results = Concurrently.run(8,
                i -> () -> advance("acme", "daily", "cron-0", null, T0.plusSeconds(i)));

        assertThat(results).containsOnlyOnce(true);
        assertThat(slot("acme", "daily", "cron-0")).isEqualTo(T0.plusSeconds(results.indexOf(true)));
    }

    @Test
    default void retainingForgetsOnlyTheFlowsOtherTriggers() {
        advance("acme", "daily", "cron-0", null, T0);
        advance("acme", "daily", "cron-1", null, T0);
        advance("acme", "hourly", "cron-1", null, T0);
        advance("globex", "daily", "cron-1", null, T0);

        schedules().retainSchedules("acme", "acme.reports", "daily", Set.of("cron-0"));

        assertThat(slot("acme", "daily", "cron-0")).isEqualTo(T0);
        assertThat(slot("acme", "daily", "cron-1")).isNull();
        assertThat(slot("acme", "hourly", "cron-1")).isEqualTo(T0);
        assertThat(slot("globex", "daily", "cron-1")).isEqualTo(T0);
        // A forgotten trigger starts again from a first slot.
        assertThat(advance("acme", "daily", "cron-1", null, T0.plusSeconds(60))).isTrue();
    }

    @Test
    default void retainingNothingForgetsEveryTriggerOfTheFlow() {
        advance("acme", "daily", "cron-0", null, T0);
        advance("acme", "daily", "cron-1", null, T0);

        schedules().retainSchedules("acme", "acme.reports", "daily", Set.of());

        assertThat(slot("acme", "daily", "cron-0")).isNull();
        assertThat(slot("acme", "daily", "cron-1")).isNull();
    }
}
