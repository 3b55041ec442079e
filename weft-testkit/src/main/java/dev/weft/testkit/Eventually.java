package dev.weft.testkit;

import java.time.Duration;

/**
 * Waits for a condition that another process or thread makes true (a broker delivering, a server's
 * trigger polling), by checking it again every few milliseconds until a limit: for tests that have nothing
 * in-process to wait on. Never a fixed sleep: a test goes on as soon as the condition holds.
 */
public final class Eventually {
    private static final long PAUSE_MILLIS = 20;

    private Eventually() {
    }

    /** A condition that may call a server. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /**
     * Returns once {@code condition} holds; fails with an {@link AssertionError} naming {@code what} when it
     * does not within {@code limit}, or when the thread is interrupted.
     */
    public static void until(String what, Duration limit, Check condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
