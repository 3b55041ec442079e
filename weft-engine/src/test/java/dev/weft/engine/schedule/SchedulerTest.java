package dev.weft.engine.schedule;

import static dev.weft.engine.schedule.ScheduleFixture.at;
import static dev.weft.engine.schedule.ScheduleFixture.minutes;
import static dev.weft.engine.schedule.ScheduleFixture.schedule;
import static dev.weft.engine.schedule.ScheduleFixture.slotsBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.FlowVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final ScheduleFixture f = new ScheduleFixture("2025-01-06T10:07:00Z");

    @Test
    void firesEachSlotOnceOverManyTicks() {
        f.deploy("report", schedule("*/15 * * * *"));
        Scheduler s = f.scheduler();

        f.run(s, Duration.ofDays(1), Duration.ofSeconds(20));

        List<Instant> expected = slotsBetween("*/15 * * * *", at("2025-01-06T10:07:00Z"),
                at("2025-01-07T10:07:00Z"));
        assertThat(expected).hasSize(96);
        assertThat(f.firer.calls()).extracting(RecordingFirer.Fire::slot).containsExactlyElementsOf(expected);
    }

    @Test
    void aFirstDeployRecordsTheNextSlotAndFiresNoPastOne() {
        f.clock.set(at("2025-01-06T09:00:30Z")); // within the grace of today's 09:00
        f.deploy("report", schedule("0 9 * * *"));
        Scheduler s = f.scheduler();

        s.tick();

        assertThat(f.firer.calls()).isEmpty();
        assertThat(f.store.nextSlot(ScheduleFixture.TENANT, ScheduleFixture.NAMESPACE, "report",
                key("0 9 * * *")))
                .contains(at("2025-01-07T09:00:00Z"));
        assertThat(s.nextWakeUp()).contains(at("2025-01-07T09:00:00Z"));
    }

    @Test
    void aRestartedSchedulerNeitherRepeatsNorSkipsASlot() {
        f.deploy("report", schedule("*/10 * * * *"));
        Scheduler first = f.scheduler();
        f.run(first, Duration.ofMinutes(63), Duration.ofSeconds(30)); // stops at 11:10, just after firing it

        Scheduler second = f.scheduler();
        f.run(second, Duration.ofMinutes(60), Duration.ofSeconds(30));

        List<Instant> expected = slotsBetween("*/10 * * * *", at("2025-01-06T10:07:00Z"),
                at("2025-01-06T12:10:00Z"));
        assertThat(f.firer.calls()).extracting(RecordingFirer.Fire::slot).containsExactlyElementsOf(expected);
        assertThat(expected).contains(at("2025-01-06T11:10:00Z"));
    }

    @Test
    void aCrashBetweenFiringAndRecordingFiresTheSlotAgainAsTheSameExecution() {
        f.deploy("report", schedule("0 * * * *"));
        AtomicBoolean crashed = new AtomicBoolean();
        Scheduler dying = f.scheduler(f.store, (v, key, slot) -> {
            f.firer.fire(v, key, slot);
            if (crashed.compareAndSet(false, true)) {
                throw new ProcessDied(); // after the execution committed, before the next slot is recorded
            }
        });
        dying.tick();
        f.clock.set(at("2025-01-06T11:00:10Z"));
        assertThatThrownBy(dying::tick).isInstanceOf(ProcessDied.class);

        Scheduler restarted = f.scheduler();
        f.run(restarted, Duration.ofMinutes(70), Duration.ofSeconds(30));

        assertThat(f.firer.calls()).extracting(RecordingFirer.Fire::slot).containsExactly(
                at("2025-01-06T11:00:00Z"), at("2025-01-06T11:00:00Z"), at("2025-01-06T12:00:00Z"));
        assertThat(f.firer.slots()).containsExactly(at("2025-01-06T11:00:00Z"), at("2025-01-06T12:00:00Z"));
    }

    @Test
    void aFailingFirerIsTriedAgainOnALaterTickWithoutLosingTheSlot() {
        f.deploy("report", schedule("0 * * * *"));
        AtomicBoolean failed = new AtomicBoolean();
        Scheduler s = f.scheduler(f.store, (v, key, slot) -> {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("store unavailable");
            }
            f.firer.fire(v, key, slot);
        });
        s.tick();
        f.clock.set(at("2025-01-06T11:00:00Z"));

        s.tick();
        assertThat(f.firer.calls()).isEmpty();
        assertThat(s.nextWakeUp()).contains(at("2025-01-06T11:00:10Z"));
        f.clock.set(at("2025-01-06T11:00:10Z"));
        s.tick();

        assertThat(f.firer.slots()).containsExactly(at("2025-01-06T11:00:00Z"));
        assertThat(s.nextWakeUp()).contains(at("2025-01-06T12:00:00Z"));
    }

    @Test
    void nextWakeUpIsTheEarliestSlotOfAnyTrigger() {
        Scheduler s = f.scheduler();
        assertThat(s.nextWakeUp()).as("before the first tick").contains(f.clock.instant());
        s.tick();
        assertThat(s.nextWakeUp()).as("no schedules").isEmpty();

        f.deploy("morning", schedule("0 9 * * *"), "{\"type\": \"manual\"}");
        f.deploy("evening", schedule("30 8 * * *"), schedule("45 23 * * *"));
        s.tick();

        assertThat(s.nextWakeUp()).contains(at("2025-01-06T23:45:00Z"));
        f.clock.set(at("2025-01-06T23:45:00Z"));
        s.tick();
        assertThat(s.nextWakeUp()).contains(at("2025-01-07T08:30:00Z"));
    }

    @Test
    void editingTheCronStartsAFreshScheduleAndStopsTheOldOne() {
        f.deploy("report", schedule("0 9 * * *"));
        Scheduler s = f.scheduler();
        f.run(s, Duration.ofDays(1), minutes(1)); // fires 7 January 09:00

        FlowVersion v2 = f.deploy("report", schedule("0 10 * * *"));
        f.run(s, Duration.ofDays(2), minutes(1));

        assertThat(f.firer.executions()).extracting(RecordingFirer.Fire::slot).containsExactly(
                at("2025-01-07T09:00:00Z"), at("2025-01-08T10:00:00Z"), at("2025-01-09T10:00:00Z"));
        assertThat(f.firer.executions().get(1).version()).isEqualTo(v2.version());
        assertThat(key("0 9 * * *")).isNotEqualTo(key("0 10 * * *"));
    }

    @Test
    void removingTheTriggerOrTheFlowStopsTheSchedule() {
        f.deploy("report", schedule("0 * * * *"));
        f.deploy("audit", schedule("30 * * * *"));
        Scheduler s = f.scheduler();
        f.run(s, minutes(60), minutes(1)); // 10:30 audit, 11:00 report

        f.deploy("report", "{\"type\": \"manual\"}");
        f.delete("audit");
        f.run(s, Duration.ofHours(3), minutes(1));

        assertThat(f.firer.slots()).containsExactly(at("2025-01-06T10:30:00Z"), at("2025-01-06T11:00:00Z"));
        assertThat(s.nextWakeUp()).isEmpty();
    }

    @Test
    void changingOnlyTheMisfirePolicyOrTheTriggerOrderKeepsTheSchedule() {
        f.deploy("report", schedule("0 * * * *"));
        Scheduler s = f.scheduler();
        f.run(s, minutes(60), minutes(1));

        f.deploy("report", "{\"type\": \"manual\"}",
                "{\"type\": \"schedule\", \"cron\": \"0 * * * *\", \"misfire\": \"run-once\"}");
        f.run(s, minutes(60), minutes(1));

        assertThat(f.firer.executions()).extracting(RecordingFirer.Fire::triggerKey)
                .containsOnly(key("0 * * * *"));
        assertThat(f.firer.slots()).containsExactly(at("2025-01-06T11:00:00Z"), at("2025-01-06T12:00:00Z"));
        assertThat(f.store.size()).isEqualTo(1);
    }

    @Test
    void anInvalidTriggerIsLeftOutWhileTheOthersRun() {
        f.deploy("report", "{\"type\": \"schedule\", \"cron\": \"0 9 * *\"}", schedule("0 * * * *"));
        Scheduler s = f.scheduler();

        f.run(s, minutes(60), minutes(1));

        assertThat(f.firer.slots()).containsExactly(at("2025-01-06T11:00:00Z"));
    }

    @Test
    void twoIdenticalSchedulesInOneFlowAreTwoSchedules() {
        f.deploy("report", schedule("0 * * * *"), schedule("0 * * * *"));
        Scheduler s = f.scheduler();

        f.run(s, minutes(60), minutes(1));

        assertThat(f.firer.executions()).extracting(RecordingFirer.Fire::triggerKey)
                .containsExactly(key("0 * * * *"), key("0 * * * *") + "-2");
    }

    @Test
    void firesAtTheZonesWallClockThroughTheYear() {
        f.deploy("report",
                "{\"type\": \"schedule\", \"cron\": \"0 9 * * *\", \"timezone\": \"Europe/Berlin\"}");
        f.clock.set(at("2025-03-28T12:00:00Z"));
        Scheduler s = f.scheduler();

        f.run(s, Duration.ofDays(3), minutes(1));

        assertThat(f.firer.slots()).containsExactly(at("2025-03-29T08:00:00Z"), at("2025-03-30T07:00:00Z"),
                at("2025-03-31T07:00:00Z"));
    }

    private static String key(String cron) {
        return ScheduleTriggers.key(new ScheduleSpec(cron, ScheduleSpec.DEFAULT_ZONE, Misfire.SKIP));
    }

    /** Stands for the process dying: not a RuntimeException, so the scheduler does not catch it. */
    private static final class ProcessDied extends Error {
        private static final long serialVersionUID = 1L;
    }
}
