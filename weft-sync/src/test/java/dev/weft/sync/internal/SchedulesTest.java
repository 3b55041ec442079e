package dev.weft.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.schedule.Misfire;
import dev.weft.engine.schedule.ScheduleSpec;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import dev.weft.sync.SyncSchedule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:30Z");
    private static final SyncJobRecord JOB = new SyncJobRecord("t", "j", 1, "kind: sync", "sha", true, T0,
            T0);

    private static SyncRun run(SyncRunStatus status, Instant created, Instant finished) {
        return new SyncRun("t", "j", 1, 1, "schedule", false, status, SyncCounts.ZERO, null, null, created,
                created,
                finished, null, null, 1);
    }

    @Test
    void aContinuousJobRunsThatLongAfterItsLastRunEnded() {
        SyncSchedule every = new SyncSchedule(null, Duration.ofSeconds(30));

        assertThat(Schedules.due(every, JOB, null, T0)).as("never ran").isTrue();
        SyncRun ended = run(SyncRunStatus.SUCCEEDED, T0, T0.plusSeconds(10));
        assertThat(Schedules.due(every, JOB, ended, T0.plusSeconds(39))).isFalse();
        assertThat(Schedules.due(every, JOB, ended, T0.plusSeconds(40))).isTrue();
        assertThat(Schedules.due(every, JOB, run(SyncRunStatus.RUNNING, T0, null), T0.plusSeconds(99)))
                .as("one at a time").isFalse();
    }

    @Test
    void aCronJobRunsOnceWhenASlotHasPassedSinceItsLastRunWasQueued() {
        SyncSchedule cron = new SyncSchedule(new ScheduleSpec("*/5 * * * *", ScheduleSpec.DEFAULT_ZONE,
                Misfire.SKIP), null);

        assertThat(Schedules.due(cron, JOB, null, T0)).as("the first slot after deployment is 10:05")
                .isFalse();
        assertThat(Schedules.due(cron, JOB, null, Instant.parse("2026-12-06T10:05:00Z"))).isTrue();
        SyncRun last = run(SyncRunStatus.FAILED, Instant.parse("2026-12-06T10:05:00Z"),
                Instant.parse("2026-12-06T10:05:03Z"));
        assertThat(Schedules.due(cron, JOB, last, Instant.parse("2026-12-06T10:09:59Z"))).isFalse();
        assertThat(Schedules.due(cron, JOB, last, Instant.parse("2026-12-06T11:42:00Z")))
                .as("many missed slots: one run").isTrue();
    }
}
