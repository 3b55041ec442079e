package dev.weft.connector.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** How many of something may go on at once (runs of a system with a browser, requests of a run). Thread-safe. */
final class Slots {
    private final Semaphore free;

    Slots(int size) {
        free = new Semaphore(size, true);
    }

    /** Takes a slot, waiting for one until {@code deadline}; false when none came free by then. */
    boolean acquire(Instant deadline) {
        try {
            return free.tryAcquire(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        free.release();
    }
}
