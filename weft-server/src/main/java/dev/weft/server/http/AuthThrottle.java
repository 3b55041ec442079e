package dev.weft.server.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of API keys: a client address that failed to authenticate {@link #MAX_FAILURES} times
 * within {@link #WINDOW} is answered {@code 429} with {@code Retry-After} until the window that began with its
 * first failure ends, whatever it sends meanwhile (a right key included, so that a guesser learns nothing
 * from the answers). Addresses are forgotten when their window ends; at most {@link #MAX_ADDRESSES} are
 * remembered at once (beyond that, the oldest windows are dropped first). Thread-safe.
 */
public final class AuthThrottle {
    static final int MAX_FAILURES = 30;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 100_000;

    private record Window(long startMillis, int failures) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public AuthThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds to wait before {@code address} may try again; 0 when it may now. */
    public long retryAfterSeconds(String address) {
        Window w = windows.get(address);
        if (w == null || w.failures() < MAX_FAILURES) {
            return 0;
        }
        long left = w.startMillis() + WINDOW.toMillis() - clock.millis();
        if (left <= 0) {
            windows.remove(address, w);
            return 0;
        }
        return Math.max(1, (left + 999) / 1000);
    }

    /** {@code address} sent a key that did not authenticate (or none where one is needed). */
    public void failed(String address) {
        long now = clock.millis();
        if (windows.size() >= MAX_ADDRESSES) {
            windows.entrySet().removeIf(e -> e.getValue().startMillis() + WINDOW.toMillis() <= now);
        }
        windows.compute(address, (a, w) -> w == null || w.startMillis() + WINDOW.toMillis() <= now
                ? new Window(now, 1)
                : new Window(w.startMillis(), w.failures() + 1));
    }
}
