package dev.weft.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Request rates per API key or user and per tenant, on this node: token buckets that refill at the
 * configured rate and hold twice that (a burst). A request takes one token from its key's bucket and one
 * from its tenant's. Thread-safe.
 */
final class RateLimits {
    private static final int MAX_BUCKETS = 100_000;

    private final double keyRate;
    private final double tenantRate;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> tenants = new ConcurrentHashMap<>();

    /** @param keyRate requests a second per key or user; 0 for no limit (likewise {@code tenantRate}) */
    RateLimits(double keyRate, double tenantRate, LongSupplier nanoTime) {
        this.keyRate = keyRate;
        this.tenantRate = tenantRate;
        this.nanoTime = nanoTime;
    }

    /** What a refusal says: whose limit, and how many seconds until a request is let through again. */
    record Refusal(String whose, double rate, long retryAfterSeconds) {
    }

    /** Takes a request of {@code actor} in {@code tenant}; null when it may go on. */
    Refusal take(String tenant, String actor) {
        long now = nanoTime.getAsLong();
        if (keyRate > 0) {
            long wait = bucket(keys, actor, keyRate).take(now);
            if (wait > 0) {
                return new Refusal("this key's", keyRate, wait);
            }
        }
        if (tenantRate > 0) {
            long wait = bucket(tenants, tenant, tenantRate).take(now);
            if (wait > 0) {
                return new Refusal("tenant " + tenant + "'s", tenantRate, wait);
            }
        }
        return null;
    }

    private Bucket bucket(ConcurrentHashMap<String, Bucket> buckets, String name, double rate) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear(); // forgets recent use: at worst one more burst each
        }
        return buckets.computeIfAbsent(name, k -> new Bucket(rate, nanoTime.getAsLong()));
    }

    private static final class Bucket {
        private final double rate;
        private final double capacity;
        private double tokens;
        private long at;

        Bucket(double rate, long now) {
            this.rate = rate;
            this.capacity = Math.max(2 * rate, 1);
            this.tokens = capacity;
            this.at = now;
        }

        /** 0 when a token was taken; else the whole seconds until one is there. */
        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - at) / 1e9 * rate);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }
    }
}
