package dev.weft.sync.internal;

import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncStore;
import dev.weft.sync.SyncJob;
import dev.weft.sync.SyncSchedule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Queues the runs of scheduled jobs when they are due: a cron job when a slot has passed since its last run
 * was queued (a missed slot runs once, not once per slot), a continuous job ({@code every}) that long after its
 * last run ended. The store keeps at most one queued run per job, so nodes that tick at once queue one run.
 * Thread-safe.
 */
final class Schedules {
    private final SyncStore store;
    private final RunLoop.Jobs jobs;
    private final Clock clock;

    Schedules(SyncStore store, RunLoop.Jobs jobs, Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
    }

    void tick() {
        Instant now = clock.instant();
        for (SyncJobRecord record : store.enabledJobs()) {
            Optional<SyncJob> job = jobs.parse(record);
            if (job.isEmpty() || job.get().schedule() == null) {
                continue;
            }
            List<SyncRun> last = store.runs(record.tenantId(), record.id(), null, 1);
            if (due(job.get().schedule(), record, last.isEmpty() ? null : last.get(0), now)) {
                store.enqueueRun(record.tenantId(), record.id(), record.version(), "schedule", false, now);
            }
        }
    }

    static boolean due(SyncSchedule schedule, SyncJobRecord record, SyncRun last, Instant now) {
        if (last != null && !last.status().ended()) {
            return false; // queued or running: the next is queued after it ends
        }
        if (schedule.every() != null) {
            Instant ended = last == null ? null : last.finishedAt();
            return ended == null || !ended.plus(schedule.every()).isAfter(now);
        }
        Instant from = last == null ? record.updatedAt() : last.createdAt();
        return schedule.cron().slots().next(from).map(slot -> !slot.isAfter(now)).orElse(false);
    }
}
