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
 * Tenants' quotas.
 *
 * <p>Of active (queued and running) executions (starts, retries and replays): the tenant's own ({@code
 * quotas.maxActiveExecutions}) or the server's default ({@code limits.tenantMaxActiveExecutions}); 0 is no
 * limit. The count is read from the store at most every {@link #REFRESH} per tenant and the starts admitted
 * since are added to it, so a burst cannot slip past; starts on other nodes are seen at the next reading.
 * Executions waiting (an await, a wait) do not count: they hold nothing while they wait.
 *
 * <p>Of stored bytes ({@code quotas.maxStoredBytes}, {@code limits.tenantMaxStoredBytes}): the tenant's blobs,
 * read like the executions' count, plus its data in the execution store (flows, executions' and steps' data,
 * payloads, signals, events), which takes a full count of its rows: so that count is taken at most every
 * {@code limits.storedBytesRefresh}, in the background (the first time while the caller waits), and the
 * last one is used meanwhile. A tenant at its quota is refused new blobs and new executions (507); the
 * executions it is running go on to their end. Thread-safe.
 */
public final class TenantQuotas implements Admission, dev.weft.engine.blob.BlobQuota {
    static final Duration REFRESH = Duration.ofSeconds(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TenantQuotas.class);

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

    /** A tenant's own quotas as last read (null: the server's default). */
    private record Quotas(long readAt, Integer maxActiveExecutions, Long maxStoredBytes) {
    }

    /** A tenant's bytes in the execution store, as last counted, and whether a count is under way. */
    private record DataBytes(long bytes, long readAt, java.util.concurrent.atomic.AtomicBoolean counting) {
    }

    private final TenantStore tenants;
    private final ExecutionStore executions;
    private final int defaultLimit;
    private final dev.weft.engine.store.BlobStore blobs;
    private final long defaultBytes;
    private final long dataRefreshNanos;
    private final Map<String, Count> bytes = new ConcurrentHashMap<>();
    private final Map<String, DataBytes> data = new ConcurrentHashMap<>();
    private final Map<String, Quotas> ownQuotas = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.locks.ReentrantLock> firstCounts = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    public TenantQuotas(TenantStore tenants, ExecutionStore executions, int defaultLimit,
            dev.weft.engine.store.BlobStore blobs, long defaultBytes, Duration dataRefresh,
            LongSupplier nanoTime) {
        this.blobs = blobs;
        this.defaultBytes = defaultBytes;
        this.dataRefreshNanos = dataRefresh.toNanos();
        this.tenants = tenants;
        this.executions = executions;
        this.defaultLimit = defaultLimit;
        this.nanoTime = nanoTime;
    }

    @Override
    public void admit(String tenant) {
        long now = nanoTime.getAsLong();
        Count stored = storedBytes(tenant, now);
        if (stored.limit > 0) {
            synchronized (stored) {
                if (stored.active >= stored.limit) {
                    throw new QuotaExceededException(QuotaExceededException.STORED_BYTES, "tenant " + tenant
                            + " stores " + stored.active
                            + " bytes (blobs, flows, executions' data and events),"
                            + " its quota of " + stored.limit + " (quotas.maxStoredBytes of the tenant, or"
                            + " limits.tenantMaxStoredBytes), so no new execution starts; delete old"
                            + " executions (store.retention) or blobs, or raise the quota");
                }
            }
        }
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
     * A tenant's quota of stored bytes: its own ({@code quotas.maxStoredBytes}) or the server's default
     * ({@code limits.tenantMaxStoredBytes}); a new blob of {@code adding} bytes must fit.
     */
    @Override
    public void admit(String tenant, long adding) throws dev.weft.connector.ConnectorException {
        Count count = storedBytes(tenant, nanoTime.getAsLong());
        if (count.limit <= 0) {
            return;
        }
        synchronized (count) {
            if (count.active + adding > count.limit) {
                throw dev.weft.connector.ConnectorException.permanent(QuotaExceededException.STORED_BYTES,
                        "tenant " + tenant + " stores " + count.active
                                + " bytes (blobs, flows, executions' data"
                                + " and events), and " + adding + " more would pass its quota of "
                                + count.limit
                                + " (quotas.maxStoredBytes of the tenant, or limits.tenantMaxStoredBytes)",
                        null, null);
            }
            count.active += adding;
        }
    }

    /** The tenant's limit of stored bytes and what it stores: its blobs read now and then, plus its data. */
    private Count storedBytes(String tenant, long now) {
        Count count = bytes.get(tenant);
        if (count == null || now - count.readAt >= REFRESH.toNanos()) {
            Long own = quotas(tenant, now).maxStoredBytes();
            long limit = own != null ? own : defaultBytes;
            count = new Count(now, limit,
                    limit <= 0 ? 0 : blobs.storedBytes(tenant) + dataBytes(tenant, now));
            bytes.put(tenant, count);
        }
        return count;
    }

    /**
     * The tenant's bytes in the execution store as last counted; a count older than the refresh starts a new
     * one in the background (one at a time per tenant). The first count is taken while the caller waits.
     */
    private long dataBytes(String tenant, long now) {
        DataBytes last = data.get(tenant);
        if (last == null) {
            // One first count per tenant, the other callers waiting for it rather than counting too.
            java.util.concurrent.locks.ReentrantLock lock = firstCounts.computeIfAbsent(tenant,
                    t -> new java.util.concurrent.locks.ReentrantLock());
            lock.lock();
            try {
                last = data.get(tenant);
                if (last == null) {
                    last = new DataBytes(executions.storedBytes(tenant), now,
                            new java.util.concurrent.atomic.AtomicBoolean());
                    data.put(tenant, last);
                }
                return last.bytes();
            } finally {
                lock.unlock();
            }
        }
        DataBytes previous = last;
        if (now - previous.readAt() >= dataRefreshNanos && previous.counting().compareAndSet(false, true)) {
            Thread.ofVirtual().name("weft-quota-bytes-" + tenant).start(() -> {
                boolean counted = false;
                try {
                    long started = nanoTime.getAsLong();
                    data.put(tenant, new DataBytes(executions.storedBytes(tenant), started,
                            new java.util.concurrent.atomic.AtomicBoolean()));
                    counted = true;
                } catch (RuntimeException e) {
                    LOG.warn(
                            "counting the stored bytes of tenant {} failed; its last count ({} bytes) stays in"
                                    + " use: {}",
                            tenant, previous.bytes(), e.getMessage());
                } finally {
                    if (!counted) {
                        previous.counting().set(false); // the next check tries again
                    }
                }
            });
        }
        return previous.bytes();
    }

    /** The tenant's own quotas, read from the store at most every {@link #REFRESH}, for both counts. */
    private Quotas quotas(String tenant, long now) {
        Quotas q = ownQuotas.get(tenant);
        if (q == null || now - q.readAt() >= REFRESH.toNanos()) {
            java.util.Optional<TenantRecord> record = tenants.tenant(tenant);
            q = new Quotas(now, record.map(TenantRecord::maxActiveExecutions).orElse(null),
                    record.map(TenantRecord::maxStoredBytes).orElse(null));
            ownQuotas.put(tenant, q);
        }
        return q;
    }

    private Count read(String tenant, long now) {
        Integer own = quotas(tenant, now).maxActiveExecutions();
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
