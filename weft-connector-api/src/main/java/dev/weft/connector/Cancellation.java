package dev.weft.connector;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells a call that its result is no longer wanted (the execution was cancelled, or the step's time is
 * up). The calling thread is interrupted too; a connector blocked in I/O that ignores interrupts
 * registers {@link #onCancel} to abort it. Thread-safe.
 */
public final class Cancellation {
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /** Whether the call has been cancelled. */
    public boolean cancelled() {
        return reason != null;
    }

    /** Why, or null while not cancelled. */
    public String reason() {
        return reason;
    }

    /** Runs {@code callback} when the call is cancelled, at once if it is already. */
    public void onCancel(Runnable callback) {
        callbacks.add(callback);
        if (reason != null && callbacks.remove(callback)) {
            callback.run();
        }
    }

    /** Cancels (for the platform); the first reason stays. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null ? "cancelled" : why;
        }
        for (Runnable r : callbacks) {
            if (callbacks.remove(r)) {
                r.run();
            }
        }
    }
}
