package dev.weft.engine.schedule;

import static dev.weft.engine.schedule.ScheduleFixture.at;
import static dev.weft.engine.schedule.ScheduleFixture.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Slots missed by more than the grace, and slots that fall where the clocks change. */
class SchedulerMisfireTest {
    private final ScheduleFixture f = new ScheduleFixture("2025-01-06T08:00:00Z");

    @Test
    void skipFiresNothingForSlotsMissedDuringALongDowntimeAndGoesOn() {
        f.deploy("report", trigger("0 9 * * *", "skip"));
        f.scheduler().tick(); // records 6 January 09:00; then every node is down for three days

        f.clock.set(at("2025-01-09T12:00:00Z"));
        Scheduler s = f.scheduler();
        s.tick();
        assertThat(f.firer.calls()).isEmpty();
        assertThat(s.nextWakeUp()).contains(at("2025-01-10T09:00:00Z"));

        f.run(s, Duration.ofDays(1), minutes(1));
        assertThat(f.firer.slots()).containsExactly(at("2025-01-10T09:00:00Z"));
    }

    @Test
    void runOnceFiresOneExecutionForTheMostRecentMissedSlotAndGoesOn() {
        f.deploy("report", trigger("0 9 * * *", "run-once"));
        f.scheduler().tick();

        f.clock.set(at("2025-01-09T12:00:00Z"));
        Scheduler s = f.scheduler();
        s.tick();
        s.tick();
        assertThat(f.firer.calls()).extracting(RecordingFirer.Fire::slot)
                .containsExactly(at("2025-01-09T09:00:00Z"));
        assertThat(s.nextWakeUp()).contains(at("2025-01-10T09:00:00Z"));

        f.run(s, Duration.ofDays(1), minutes(1));
        assertThat(f.firer.slots()).containsExactly(at("2025-01-09T09:00:00Z"), at("2025-01-10T09:00:00Z"));
    }

    @Test
    void aSlotDueWithinTheGraceFiresUnderEitherPolicyAndTheOlderMissedOnesDoNot() {
        f.deploy("skipping", trigger("0 9 * * *", "skip"));
        f.deploy("catching-up", trigger("0 9 * * *", "run-once"));
        f.scheduler().tick();

        f.clock.set(at("2025-01-09T09:00:40Z"));
        f.scheduler().tick();

        assertThat(f.firer.calls()).extracting(RecordingFirer.Fire::flowId, RecordingFirer.Fire::slot)
                .containsExactly(
                        tuple("skipping", at("2025-01-09T09:00:00Z")),
                        tuple("catching-up", at("2025-01-09T09:00:00Z")));
    }

    @Test
    void theGraceIsOneMinuteInclusive() {
        f.deploy("on-time", trigger("0 9 * * *", "skip"));
        f.scheduler().tick();

        f.clock.set(at("2025-01-06T09:01:00Z"));
        f.scheduler().tick();
        f.clock.set(at("2025-01-07T09:01:00.001Z"));
        f.scheduler().tick();

        assertThat(Scheduler.DEFAULT_GRACE).isEqualTo(Duration.ofMinutes(1));
        assertThat(f.firer.slots()).containsExactly(at("2025-01-06T09:00:00Z"));
    }

    @Test
    void aLongerGraceFiresALateSlotAsDue() {
        f.deploy("report", trigger("0 9 * * *", "skip"));
        Scheduler s = f.scheduler(Duration.ofMinutes(15));
        s.tick();

        f.clock.set(at("2025-01-06T09:14:00Z"));
        s.tick();

        assertThat(f.firer.slots()).containsExactly(at("2025-01-06T09:00:00Z"));
    }

    @Test
    void runOnceAfterAYearOfEveryMinuteFiresOnlyTheLatestMinute() {
        f.deploy("ticker", trigger("* * * * *", "run-once"));
        f.scheduler().tick();

        f.clock.set(at("2026-01-06T08:00:30Z"));
        f.scheduler().tick();
        f.clock.set(at("2026-01-06T08:05:00Z"));
        f.scheduler().tick();

        assertThat(f.firer.slots()).containsExactly(at("2026-01-06T08:00:00Z"), at("2026-01-06T08:05:00Z"));
    }

    @Test
    void aDailySlotOnTheSpringForwardDayFiresExactlyOnce() {
        f.deploy("night",
                "{\"type\": \"schedule\", \"cron\": \"30 2 * * *\", \"timezone\": \"Europe/Berlin\"}");
        f.clock.set(at("2025-03-29T12:00:00Z"));
        Scheduler s = f.scheduler();

        f.run(s, Duration.ofDays(2), minutes(1));

        // 02:30 does not exist on 30 March: it fires at 03:30 CEST, the instant 02:30 CET would have been.
        assertThat(f.firer.calls()).extracting(RecordingFirer.Fire::slot)
                .containsExactly(at("2025-03-30T01:30:00Z"), at("2025-03-31T00:30:00Z"));
    }

    @Test
    void aDailySlotOnTheFallBackDayFiresExactlyOnce() {
        f.deploy("night",
                "{\"type\": \"schedule\", \"cron\": \"30 1 * * *\", \"timezone\": \"America/New_York\"}");
        f.deploy("nacht",
                "{\"type\": \"schedule\", \"cron\": \"30 2 * * *\", \"timezone\": \"Europe/Berlin\"}");
        f.clock.set(at("2025-10-25T12:00:00Z"));
        Scheduler s = f.scheduler();

        f.run(s, Duration.ofDays(9), Duration.ofSeconds(30));

        assertThat(f.firer.calls()).filteredOn(c -> c.flowId().equals("nacht"))
                .extracting(RecordingFirer.Fire::slot)
                .startsWith(at("2025-10-26T00:30:00Z"), at("2025-10-27T01:30:00Z"));
        // 1 November 01:30 EDT, 2 November 01:30 EDT (the first of two), 3 November 01:30 EST.
        assertThat(f.firer.calls()).filteredOn(c -> c.flowId().equals("night"))
                .extracting(RecordingFirer.Fire::slot)
                .containsSubsequence(at("2025-11-01T05:30:00Z"), at("2025-11-02T05:30:00Z"),
                        at("2025-11-03T06:30:00Z"))
                .doesNotHaveDuplicates().hasSize(9);
    }

    private static String trigger(String cron, String misfire) {
        return "{\"type\": \"schedule\", \"cron\": \"" + cron + "\", \"misfire\": \"" + misfire + "\"}";
    }
}
