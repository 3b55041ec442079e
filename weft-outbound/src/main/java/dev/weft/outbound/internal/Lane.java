package dev.weft.outbound.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One endpoint's share of the dispatcher: at most {@code concurrency} deliveries in flight and at most
 * {@code rateLimit} started per second (evenly spaced), so that a slow or limited endpoint holds up its own
 * deliveries only. Thread-safe.
 */
final class Lane {
    private final Semaphore inFlight;
    private final int concurrency;
    private final ReentrantLock rate = new ReentrantLock();
    private volatile Integer rateLimit;
    private long nextStartNanos;
    /** Deliveries of the endpoint this node holds (in flight or waiting for the lane). */
    final AtomicInteger held = new AtomicInteger();

    Lane(int concurrency, Integer rateLimit) {
        this.concurrency = concurrency;
        this.inFlight = new Semaphore(concurrency);
        this.rateLimit = rateLimit;
    }

    int concurrency() {
        return concurrency;
    }

    void rateLimit(Integer perSecond) {
        this.rateLimit = perSecond;
    }

    /** Waits for a free slot and for the rate limit's next start; release the slot with {@link #release}. */
    void acquire() throws InterruptedException {
        inFlight.acquire();
        Integer limit = rateLimit;
        if (limit == null) {
            return;
        }
        long wait;
        rate.lock();
        try {
            long now = System.nanoTime();
            long interval = 1_000_000_000L / limit;
            long start = Math.max(now, nextStartNanos);
            nextStartNanos = start + interval;
            wait = start - now;
        } finally {
            rate.unlock();
        }
        if (wait > 0) {
            Thread.sleep(java.time.Duration.ofNanos(wait)); // a virtual thread of this delivery only
        }
    }

    void release() {
        inFlight.release();
    }
}
