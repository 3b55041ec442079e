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
public final class TenantQuotas implements Admission, dev.weft.engine.blob.BlobQuota {
    static final Duration REFRESH = Duration.ofSeconds(1);

    private static final class Count {
        final long readAt;
        final long limit;
        long active;

        Count(long readAt, long limit, long active) {
            this.readAt = readAt;
            this.limit = limit;
            this.active = active;
        }
    }

    private final TenantStore tenants;
    private final ExecutionStore executions;
    private final int defaultLimit;
    private final dev.weft.engine.store.BlobStore blobs;
    private final long defaultBytes;
    private final Map<String, Count> bytes = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    public TenantQuotas(TenantStore tenants, ExecutionStore executions, int defaultLimit,
            dev.weft.engine.store.BlobStore blobs, long defaultBytes, LongSupplier nanoTime) {
        this.blobs = blobs;
        this.defaultBytes = defaultBytes;
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

    /**
     * A tenant's quota of stored bytes (its blobs): its own ({@code quotas.maxStoredBytes}) or the server's
     * default ({@code limits.tenantMaxStoredBytes}); read like the executions' count.
     */
    @Override
    public void admit(String tenant, long adding) throws dev.weft.connector.ConnectorException {
        long now = nanoTime.getAsLong();
        Count count = bytes.get(tenant);
        if (count == null || now - count.readAt >= REFRESH.toNanos()) {
            Long own = tenants.tenant(tenant).map(TenantRecord::maxStoredBytes).orElse(null);
            long limit = own != null ? own : defaultBytes;
            count = new Count(now, limit, limit <= 0 ? 0 : blobs.storedBytes(tenant));
            bytes.put(tenant, count);
        }
        if (count.limit <= 0) {
            return;
        }
        synchronized (count) {
            if (count.active + adding > count.limit) {
                throw dev.weft.connector.ConnectorException.permanent("quota.stored_bytes", "tenant " + tenant
                        + " stores " + count.active + " bytes of blobs, and " + adding
                        + " more would pass its quota"
                        + " of " + count.limit + " (quotas.maxStoredBytes of the tenant, or"
                        + " limits.tenantMaxStoredBytes)", null, null);
            }
            count.active += adding;
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
