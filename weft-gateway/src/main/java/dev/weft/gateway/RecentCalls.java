package dev.weft.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last calls of each system on this node, for its page in the UI: when each ended, the operation, the
 * endpoint, how it ended, the error's code, the attempts and how long it took; never its input, its output,
 * its idempotency key or anything of the credential (a {@link CallEvent} carries none of them). Kept in
 * memory only, a bounded ring per system ({@code perSystem} calls, the oldest dropped first) for at most
 * {@code systems} systems (the least recently called dropped first), so a restart starts them empty and each
 * node has its own. Calls without a system are not kept. Thread-safe.
 */
public final class RecentCalls {
    /** The calls kept per system by default. */
    public static final int PER_SYSTEM = 50;
    /** The systems kept by default, over all tenants. */
    public static final int SYSTEMS = 10_000;

    /** One call, as the UI shows it. */
    public record Entry(Instant at, String operation, String endpoint, String outcome, String errorCode,
            int attempts, double millis) {
    }

    private record Key(String tenant, String system) {
    }

    private final Clock clock;
    private final int perSystem;
    private final Cache<Key, ArrayDeque<Entry>> rings;

    public RecentCalls(Clock clock) {
        this(clock, PER_SYSTEM, SYSTEMS);
    }

    public RecentCalls(Clock clock, int perSystem, int systems) {
        if (perSystem < 1 || systems < 1) {
            throw new IllegalArgumentException("perSystem and systems must be at least 1");
        }
        this.clock = clock;
        this.perSystem = perSystem;
        this.rings = Caffeine.newBuilder().maximumSize(systems).build();
    }

    /** The observer that keeps the calls of one tenant's systems. */
    public CallObserver observer(String tenant) {
        return event -> {
            if (SystemDefinition.idProblem(event.system()) != null) {
                return; // a call without a system: "(connector without a system)" names no system
            }
            Entry entry = new Entry(clock.instant(), event.operation(), event.endpoint(),
                    event.outcome().wireName(), event.errorCode(), event.attempts(), event.nanos() / 1e6);
            ArrayDeque<Entry> ring = rings.get(new Key(tenant, event.system()), k -> new ArrayDeque<>());
            synchronized (ring) {
                if (ring.size() == perSystem) {
                    ring.removeLast();
                }
                ring.addFirst(entry);
            }
        };
    }

    /** The system's calls kept on this node, the latest first; empty when it has made none since. */
    public List<Entry> of(String tenant, String system) {
        ArrayDeque<Entry> ring = rings.getIfPresent(new Key(tenant, system));
        if (ring == null) {
            return List.of();
        }
        synchronized (ring) {
            return List.copyOf(ring);
        }
    }

    /** Drops the system's calls: it was deleted, and a new system of the same id starts with none. */
    public void forget(String tenant, String system) {
        rings.invalidate(new Key(tenant, system));
    }
}
