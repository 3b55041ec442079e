package dev.weft.server.access;

import dev.weft.engine.store.TenantRecord;
import dev.weft.engine.store.TenantStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Which tenants are active, read from the store at most every {@link #REFRESH} (tenants are created and
 * suspended on any node): for the paths that must not read the store per request, such as webhooks.
 * Thread-safe.
 */
public final class ActiveTenants {
    /** How long a reading is trusted; a suspension reaches every node within it. */
    public static final Duration REFRESH = Duration.ofSeconds(2);

    private record Snapshot(Set<String> active, long readAt) {
    }

    private final TenantStore store;
    private final LongSupplier nanoTime;
    private volatile Snapshot snapshot;

    public ActiveTenants(TenantStore store, LongSupplier nanoTime) {
        this.store = store;
        this.nanoTime = nanoTime;
    }

    /** Forgets the reading, after a change made through this node: the next question reads the store. */
    public void changed() {
        snapshot = null;
    }

    public boolean active(String tenant) {
        return current().active().contains(tenant);
    }

    /** The active tenants' ids, sorted. */
    public List<String> ids() {
        return current().active().stream().sorted().toList();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = nanoTime.getAsLong();
        if (s == null || now - s.readAt() > REFRESH.toNanos()) {
            s = new Snapshot(Set.copyOf(store.tenants().stream().filter(TenantRecord::active)
                    .map(TenantRecord::id).toList()), now);
            snapshot = s;
        }
        return s;
    }
}
