package dev.weft.engine.catalog;

import dev.weft.engine.event.EventFeed;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one catalogue of deployed flows: each tenant's latest flow versions, compiled, and the views that
 * webhooks, schedules, connector triggers and flow-completion triggers derive from them. A tenant's
 * snapshot is loaded on first use and dropped when one of its flows changes: at once for a change made in
 * this process, and within the feed's poll for a change made on another node ({@code flow.deployed} and
 * {@code flow.deleted} read from the event feed), when listeners hear of it too. Thread-safe.
 */
public final class FlowCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(FlowCatalog.class);
    /** How often the feed is asked for other nodes' deploys: they are served here within about this. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(500);

    /** A deployed flow: its latest version and its compiled definition. */
    public record Entry(FlowVersion version, Flow flow) {
        /** The flow's triggers of one type ({@code webhook}, {@code schedule}, {@code rabbitmq.consume}). */
        public List<Trigger> triggers(String type) {
            return flow.triggers().stream().filter(t -> t.type().equals(type)).toList();
        }
    }

    /**
     * Something derived from a tenant's entries (a routing table), computed once per snapshot. Views are
     * compared by identity: keep each in a constant.
     */
    @FunctionalInterface
    public interface View<T> {
        T build(List<Entry> entries);
    }

    /** Hears that a flow was deployed or deleted (here or on another node); must be quick and idempotent. */
    @FunctionalInterface
    public interface Listener {
        /** {@code now} is the flow's latest entry, or empty when it was deleted. */
        void flowChanged(String tenant, String namespace, String flowId, Optional<Entry> now);
    }

    private static final class Snapshot {
        final List<Entry> entries;
        final Map<String, Entry> byName = new LinkedHashMap<>();
        final Map<View<?>, Object> views = new ConcurrentHashMap<>();

        Snapshot(List<Entry> entries) {
            this.entries = List.copyOf(entries);
            entries.forEach(e -> byName.put(e.version().namespace() + "/" + e.version().flowId(), e));
        }
    }

    private final ExecutionStore store;
    private final Function<FlowVersion, Flow> compile;
    private final Map<String, Snapshot> byTenant = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public FlowCatalog(ExecutionStore store, Function<FlowVersion, Flow> compile) {
        this.store = store;
        this.compile = compile;
    }

    /**
     * Follows the event feed for other nodes' deploys and deletes, from now on. Snapshots read before are
     * dropped once the reader's start is fixed: a deploy between such a snapshot and that start would be
     * in neither.
     */
    public void follow(EventFeed feed, Duration poll) {
        feed.tail("weft.catalog", Set.of(EventRecord.FLOW_DEPLOYED, EventRecord.FLOW_DELETED), poll,
                events -> {
                    for (EventRecord e : events) {
                        changed(e.tenantId(), e.payload().path("namespace").asText(),
                                e.payload().path("flowId").asText());
                    }
                });
        byTenant.clear();
    }

    /** Every latest flow version of the tenant, compiled (flows that no longer compile are left out). */
    public List<Entry> flows(String tenant) {
        return snapshot(tenant).entries;
    }

    /** The latest version of {@code namespace/flowId}, if it is deployed. */
    public Optional<Entry> latest(String tenant, String namespace, String flowId) {
        return Optional.ofNullable(snapshot(tenant).byName.get(namespace + "/" + flowId));
    }

    /** The view of the tenant's current snapshot, built on first use. */
    @SuppressWarnings("unchecked")
    public <T> T view(String tenant, View<T> view) {
        Snapshot s = snapshot(tenant);
        return (T) s.views.computeIfAbsent(view, v -> view.build(s.entries));
    }

    /**
     * The compiled flow of a version: the catalogue's own when it is the latest (as the versions
     * {@link #flows} lists are), otherwise compiled (and kept by the engine) on demand.
     */
    public Flow compiled(FlowVersion v) {
        Entry latest = snapshot(v.tenantId()).byName.get(v.namespace() + "/" + v.flowId());
        return latest != null && latest.version().version() == v.version() ? latest.flow() : compile.apply(v);
    }

    /** Hears every change from now on. */
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** A flow of the tenant changed: the snapshot is read again, and listeners hear of it. */
    public void changed(String tenant, String namespace, String flowId) {
        byTenant.remove(tenant);
        Optional<Entry> now = latest(tenant, namespace, flowId);
        for (Listener l : listeners) {
            try {
                l.flowChanged(tenant, namespace, flowId, now);
            } catch (RuntimeException e) {
                LOG.warn("a listener of flow {}/{} failed; the change is seen at its next full read",
                        namespace,
                        flowId, e);
            }
        }
    }

    private Snapshot snapshot(String tenant) {
        return byTenant.computeIfAbsent(tenant, t -> {
            List<Entry> entries = new ArrayList<>();
            for (FlowVersion v : store.latestFlowVersions(t)) {
                try {
                    entries.add(new Entry(v, compile.apply(v)));
                } catch (RuntimeException e) {
                    LOG.warn("flow {}/{} v{} cannot be read; its triggers are not served: {}", v.namespace(),
                            v.flowId(), v.version(), e.getMessage());
                }
            }
            return new Snapshot(entries);
        });
    }
}
