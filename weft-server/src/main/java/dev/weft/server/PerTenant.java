package dev.weft.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service (a schedule loop, the connector triggers) per active tenant: started for every
 * active tenant at {@link #start}, for a tenant created later within {@link #every}, and closed when its
 * tenant is suspended. Thread-safe.
 */
final class PerTenant<T extends AutoCloseable> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PerTenant.class);

    private final String what;
    private final Supplier<List<String>> active;
    private final Function<String, T> open;
    private final Duration every;
    private final Map<String, T> running = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param what the service's name, for the log
     * @param active the active tenants' ids
     * @param open starts the service of a tenant
     */
    PerTenant(String what, Supplier<List<String>> active, Function<String, T> open, Duration every) {
        this.what = what;
        this.active = active;
        this.open = open;
        this.every = every;
    }

    /** Starts the service of every active tenant now, and the loop that follows tenants' changes. */
    PerTenant<T> start() {
        sync();
        thread = Thread.ofVirtual().name("weft-tenants-" + what).start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    sync();
                } catch (RuntimeException e) {
                    LOG.warn("{}: could not read the tenants; trying again in {}", what, every, e);
                }
            }
        });
        return this;
    }

    /** The tenant's service, started now if the tenant is active and has none yet. */
    Optional<T> of(String tenant) {
        T service = running.get(tenant);
        if (service != null || closed || !active.get().contains(tenant)) {
            return Optional.ofNullable(service);
        }
        return Optional.of(running.computeIfAbsent(tenant, open));
    }

    /** Every running service. */
    List<T> all() {
        return List.copyOf(running.values());
    }

    private synchronized void sync() {
        if (closed) {
            return;
        }
        Set<String> now = Set.copyOf(active.get());
        for (String tenant : now) {
            running.computeIfAbsent(tenant, open);
        }
        for (String tenant : Set.copyOf(running.keySet())) {
            if (!now.contains(tenant)) {
                LOG.info("{}: tenant {} is no longer active; its {} stop", what, tenant, what);
                closeQuietly(tenant, running.remove(tenant));
            }
        }
    }

    private void closeQuietly(String tenant, T service) {
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (Exception e) {
            LOG.warn("{} of tenant {} did not stop cleanly", what, tenant, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        running.forEach(this::closeQuietly);
        running.clear();
    }
}
