package dev.weft.sync;

import dev.weft.engine.schedule.ScheduleSpec;
import java.time.Duration;

/**
 * When a job runs by itself: on a cron schedule, or continuously, a new run {@code every} so long after the
 * last one ended. Immutable.
 *
 * @param cron the cron schedule, or null
 * @param every the pause between runs, or null
 */
public record SyncSchedule(ScheduleSpec cron, Duration every) {
    public SyncSchedule {
        if ((cron == null) == (every == null)) {
            throw new IllegalArgumentException("a schedule is a cron or an interval (every), but was " + cron
                    + " and " + every);
        }
    }
}
