package dev.weft.testkit.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock plus an offset that tests move forward, so a 4-hour wait passes at once while
 * millisecond retries still pass in real time. Thread-safe.
 */
public final class MutableClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    public void advance(Duration d) {
        offsetMillis.addAndGet(d.toMillis());
    }

    @Override
    public Instant instant() {
        reads.incrementAndGet();
        return Instant.now().plusMillis(offsetMillis.get());
    }

    /**
     * How often the time has been read: a test waits on it to know that a component that reads the clock
     * on every round (the claim loop) has run, instead of sleeping for a while.
     */
    public long reads() {
        return reads.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
