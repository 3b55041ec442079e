package dev.weft.outbound.internal;

import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The endpoints of each tenant as the fan-out and the dispatcher read them: loaded from the store (the
 * fan-out reloads a tenant for every batch of events; the dispatcher takes what is at most {@link #MAX_AGE_NANOS}
 * old), with their patterns and filters compiled once per endpoint version. Thread-safe.
 */
final class Endpoints {
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    /** An endpoint with its compiled subscriptions. */
    record Compiled(WebhookEndpoint endpoint, TypePatterns patterns, PayloadFilter filter) {
    }

    private record Loaded(Map<String, Compiled> byId, long atNanos) {
    }

    private final WebhookStore store;
    private final LongSupplier nanos;
    private final Map<String, Loaded> tenants = new ConcurrentHashMap<>();
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    Endpoints(WebhookStore store, LongSupplier nanos) {
        this.store = store;
        this.nanos = nanos;
    }

    /** The tenant's endpoints as the store has them now. */
    List<Compiled> reload(String tenantId) {
        return List.copyOf(load(tenantId).byId().values());
    }

    private Loaded load(String tenantId) {
        Map<String, Compiled> byId = new java.util.LinkedHashMap<>();
        for (WebhookEndpoint e : store.endpoints(tenantId)) {
            byId.put(e.id(), compile(e));
        }
        Loaded loaded = new Loaded(java.util.Collections.unmodifiableMap(byId), nanos.getAsLong());
        tenants.put(tenantId, loaded);
        return loaded;
    }

    /** One endpoint, as loaded at most a second ago; empty when it was deleted. */
    Optional<Compiled> get(String tenantId, String id) {
        Loaded loaded = tenants.get(tenantId);
        if (loaded == null || nanos.getAsLong() - loaded.atNanos() > MAX_AGE_NANOS) {
            loaded = load(tenantId);
        }
        return Optional.ofNullable(loaded.byId().get(id));
    }

    /** Forgets what is loaded of a tenant (an endpoint of it changed here). */
    void changed(String tenantId) {
        tenants.remove(tenantId);
    }

    private Compiled compile(WebhookEndpoint e) {
        String key = e.tenantId() + "/" + e.id() + "/" + e.version();
        Compiled c = compiled.get(key);
        if (c != null) {
            return c;
        }
        PayloadFilter filter = null;
        if (e.filter() != null) {
            try {
                filter = PayloadFilter.compile(e.filter());
            } catch (ExpressionException checkedWhenSaved) {
                // Checked when saved; a filter that no longer compiles (a newer engine) lets nothing through.
                filter = null;
                c = new Compiled(e, TypePatterns.of(List.of()), null);
            }
        }
        if (c == null) {
            c = new Compiled(e, TypePatterns.of(e.events()), filter);
        }
        if (compiled.size() > 10_000) {
            compiled.clear();
        }
        compiled.put(key, c);
        return c;
    }
}
