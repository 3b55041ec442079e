package dev.weft.engine.internal;

import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's claim loop, on its own thread: renews the leases of what the worker drives, claims ready
 * executions from the store and hands them to the worker, then sleeps until the next local due time,
 * the poll interval, or a wake-up. Thread-safe.
 */
final class ClaimLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimLoop.class);

    /** How many times per lease the claim looks for the work of lost workers. */
    static final int LOST_WORK_ROUNDS_PER_LEASE = 4;

    private final Worker worker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean wakeRequested;
    /** The last round found no free slot: a run that ends may let claimable work in. */
    private volatile boolean full;
    private volatile Instant localNextDue;
    private volatile boolean stopped;
    private Thread thread;

    ClaimLoop(Worker worker) {
        this.worker = worker;
    }

    void start() {
        thread = Thread.ofPlatform().name("weft-claims").daemon(true).start(this::loop);
    }

    void stop() {
        stopped = true;
        wake();
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A run ended and freed its slot: claim at once only if the worker was full. Otherwise nothing waits
     * for the slot, and claiming after every run (hundreds of times a second under load) cost more than
     * the executions themselves on PostgreSQL; work made ready elsewhere is found by the next poll.
     */
    void slotFreed() {
        if (full) {
            wake();
        }
    }

    void dueAt(Instant due) {
        if (due != null && (localNextDue == null || due.isBefore(localNextDue))) {
            localNextDue = due;
            wake();
        }
    }

    private void loop() {
        Instant lastRenew = Instant.EPOCH;
        Instant lastLostWork = null;
        while (!stopped && !worker.closed()) {
            try {
                Instant now = worker.clock().instant();
                if (Duration.between(lastRenew, now).compareTo(worker.settings().lease().dividedBy(3)) > 0) {
                    worker.store().renewLeases(worker.owner(), worker.drivenIds(),
                            now.plus(worker.settings().lease()));
                    lastRenew = now;
                }
                int free = worker.freeSlots();
                full = free <= 0;
                int claimedCount = 0;
                if (free > 0) {
                    int max = Math.min(free, 500);
                    // Work of lost workers (expired leases, dead owners) waits for a lease to expire
                    // anyway: looked for in the first round and then every quarter of a lease.
                    boolean lostWork = lastLostWork == null || now.isBefore(lastLostWork) || !now.isBefore(
                            lastLostWork
                                    .plus(worker.settings().lease().dividedBy(LOST_WORK_ROUNDS_PER_LEASE)));
                    List<ExecutionRecord> claimed = worker.store()
                            .claim(new ClaimRequest(worker.owner(), now, worker.settings().lease(), max,
                                    Owners::isDead, lostWork));
                    if (lostWork) {
                        lastLostWork = now;
                    }
                    for (ExecutionRecord r : claimed) {
                        worker.runSafely(r);
                    }
                    claimedCount = claimed.size();
                    if (claimedCount == max) {
                        continue;
                    }
                }
                sleepUntilNextWork(now);
            } catch (RuntimeException e) {
                LOG.error("the scheduler failed to claim work; trying again", e);
                sleepQuietly(worker.settings().pollInterval());
            }
        }
    }

    private void sleepUntilNextWork(Instant now) {
        Duration wait = worker.settings().pollInterval();
        Instant next = localNextDue;
        if (next != null) {
            Duration untilDue = Duration.between(now, next);
            if (untilDue.compareTo(wait) < 0) {
                wait = untilDue.isNegative() ? Duration.ZERO : untilDue;
            }
            if (!next.isAfter(now)) {
                localNextDue = null;
            }
        }
        lock.lock();
        try {
            if (!wakeRequested && !wait.isZero()) {
                wakeUp.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            lock.unlock();
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
