package dev.weft.server.access;

import dev.weft.engine.Admission;
import dev.weft.engine.QuotaExceededException;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.TenantRecord;
import dev.weft.engine.store.TenantStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tenants' quotas of active (queued and running) executions (starts, retries and replays): the tenant's own ({@code
 * quotas.maxActiveExecutions}) or the server's default ({@code limits.tenantMaxActiveExecutions}); 0 is no
 * limit. The count is read from the store at most every {@link #REFRESH} per tenant and the starts admitted
 * since are added to it, so a burst cannot slip past; starts on other nodes are seen at the next reading.
 * Executions waiting (an await, a wait) do not count: they hold nothing while they wait. Thread-safe.
 */
public final class TenantQuotas implements Admission {
    static final Duration REFRESH = Duration.ofSeconds(1);

    private static final class Count {
        final long readAt;
        final int limit;
        long active;

        Count(long readAt, int limit, long active) {
            this.readAt = readAt;
            this.limit = limit;
            this.active = active;
        }
    }

    private final TenantStore tenants;
    private final ExecutionStore executions;
    private final int defaultLimit;
    private final LongSupplier nanoTime;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    public TenantQuotas(TenantStore tenants, ExecutionStore executions, int defaultLimit,
            LongSupplier nanoTime) {
        this.tenants = tenants;
        this.executions = executions;
        this.defaultLimit = defaultLimit;
        this.nanoTime = nanoTime;
    }

    @Override
    public void admit(String tenant) {
        long now = nanoTime.getAsLong();
        Count count = counts.get(tenant);
        if (count == null || now - count.readAt >= REFRESH.toNanos()) {
            // Read outside the map's lock: two threads may both read, and the later reading wins.
            count = read(tenant, now);
            counts.put(tenant, count);
        }
        if (count.limit <= 0) {
            return;
        }
        synchronized (count) {
            if (count.active >= count.limit) {
                throw new QuotaExceededException(
                        "tenant " + tenant + " has " + count.active + " executions queued"
                                + " or running, its quota of " + count.limit
                                + " (quotas.maxActiveExecutions of the tenant,"
                                + " or limits.tenantMaxActiveExecutions); try again when some have ended");
            }
            count.active++;
        }
    }

    private Count read(String tenant, long now) {
        Integer own = tenants.tenant(tenant).map(TenantRecord::maxActiveExecutions).orElse(null);
        int limit = own != null ? own : defaultLimit;
        if (limit <= 0) {
            return new Count(now, 0, 0);
        }
        Map<ExecutionStatus, Long> unfinished = executions.countUnfinished(tenant);
        long active = unfinished.getOrDefault(ExecutionStatus.QUEUED, 0L)
                + unfinished.getOrDefault(ExecutionStatus.RUNNING, 0L);
        return new Count(now, limit, active);
    }
}
