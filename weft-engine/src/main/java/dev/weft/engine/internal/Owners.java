package dev.weft.engine.internal;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Lease owner names of the form {@code host:pid:startMillis:n}. On one machine a dead owner can be told
 * at once: its process no longer exists, or a new process reuses its pid with another start time. That
 * lets the embedded store take over a killed process's work without waiting for its leases to expire.
 */
public final class Owners {
    private Owners() {
    }

    private static final java.util.concurrent.atomic.AtomicInteger ENGINES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A new owner name for one engine of this process: {@code host:pid:startMillis:n}. Two engines in one
     * process are two owners, so neither renews nor skips the other's leases.
     */
    public static String self() {
        ProcessHandle me = ProcessHandle.current();
        long start = me.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return host() + ":" + me.pid() + ":" + start + ":" + ENGINES.incrementAndGet();
    }

    /** True only when the owner is on this host and its process is gone (or was replaced). */
    public static boolean isDead(String owner) {
        if (owner == null) {
            return true;
        }
        String[] parts = owner.split(":");
        if (parts.length < 3 || parts.length > 4 || !parts[0].equals(host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long start = Long.parseLong(parts[2]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return true;
            }
            long actualStart = p.get().info().startInstant().map(java.time.Instant::toEpochMilli)
                    .orElse(start);
            return actualStart != start;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replace(':', '_');
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
