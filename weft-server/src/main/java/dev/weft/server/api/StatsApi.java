package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Durations;
import dev.weft.engine.WeftClient;
import dev.weft.engine.store.ExecutionStats;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import dev.weft.engine.store.webhook.EndpointBacklog;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookStore;
import dev.weft.gateway.Gateways;
import dev.weft.server.access.Permission;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import dev.weft.sync.SyncInputException;
import dev.weft.sync.SyncService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/stats}: what the dashboard shows, in one answer: the tenant's executions created in a
 * window by status per time bucket, the flows that failed most, the slowest steps, the systems whose circuit
 * breaker is open or half-open now, the webhook backlog and failing endpoints, and each sync job's lag. What
 * each number means is in docs/design/dashboard-stats.md. Thread-safe.
 */
public final class StatsApi {
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    static final int MAX_BUCKETS = 500;
    static final int DEFAULT_TOP = 10;
    static final int MAX_TOP = 50;
    /** The bucket widths chosen when none is asked for: the smallest that gives at most 60 buckets. */
    private static final List<Duration> NICE_BUCKETS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));
    private static final int DEFAULT_BUCKETS = 60;
    private static final List<ExecutionStatus> STATUSES = List.of(ExecutionStatus.values());

    private final WeftClient client;
    private final SystemStore systems;
    private final Gateways gateways;
    private final WebhookStore webhooks;
    private final SyncService sync;
    private final Clock clock;

    public StatsApi(WeftClient client, SystemStore systems, Gateways gateways, WebhookStore webhooks,
            SyncService sync, Clock clock) {
        this.client = client;
        this.systems = systems;
        this.gateways = gateways;
        this.webhooks = webhooks;
        this.sync = sync;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(Route.api("GET", "/api/v1/stats", this::stats));
    }

    private void stats(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), Set.of("since", "until", "bucket", "top"), Set.of());
        Instant now = clock.instant();
        Instant until = q.instant("until", now);
        Instant to = until == null ? now : until;
        Instant since = q.instant("since", now);
        Instant from = since == null ? to.minus(DEFAULT_WINDOW) : since;
        if (!from.isBefore(to)) {
            throw QueryParams.invalid("since (" + from + ") must be before until (" + to + ")");
        }
        Duration window = Duration.between(from, to);
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw QueryParams.invalid("the window from since to until is at most 31 days, but was "
                    + window.toDays() + " days; give a later since (such as 7d)");
        }
        Duration bucket = bucket(q.one("bucket"), window);
        int top = (int) q.integer("top", DEFAULT_TOP, 1, MAX_TOP);

        ExecutionStats stats = client.stats(x.caller(),
                new ExecutionStats.Query(x.tenant(), from, to, bucket, top));
        ObjectNode body = Exchange.JSON.createObjectNode();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("bucket", bucket.toString());
        body.put("bucketSeconds", bucket.toMillis() / 1000.0);
        body.set("executions", executions(stats, from, to, bucket));
        body.set("failingFlows", failingFlows(stats));
        body.set("slowSteps", slowSteps(stats));
        long total = stats.buckets().stream().mapToLong(ExecutionStats.StatusCount::count).sum();
        body.put("slowStepsOf", Math.min(total, ExecutionStats.SLOW_STEPS_OF));
        ArrayNode omitted = Exchange.JSON.createArrayNode();
        if (granted(x, Permission.SYSTEMS_READ, "systems", omitted)) {
            body.set("openBreakers", openBreakers(x.tenant()));
        }
        if (granted(x, Permission.WEBHOOKS_READ, "webhooks", omitted)) {
            body.set("webhooks", webhooks(x.tenant()));
        }
        if (granted(x, Permission.SYNC_READ, "sync", omitted)) {
            body.set("sync", syncLag(x.tenant(), now));
        }
        body.set("omitted", omitted);
        x.json(200, body);
    }

    private static boolean granted(Exchange x, Permission permission, String section, ArrayNode omitted) {
        if (x.principal().reach(permission).isPresent()) {
            return true;
        }
        omitted.add(section);
        return false;
    }

    private static Duration bucket(String value, Duration window) {
        if (value == null) {
            for (Duration d : NICE_BUCKETS) {
                if (window.toMillis() / d.toMillis() <= DEFAULT_BUCKETS) {
                    return d;
                }
            }
            return NICE_BUCKETS.getLast();
        }
        Duration d = Durations.parse(value).orElseThrow(
                () -> QueryParams
                        .invalid("bucket must be " + Durations.EXPECTED + ", but was '" + value + "'"));
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw QueryParams.invalid("bucket must be at least 1s, but was '" + value + "'");
        }
        if (d.compareTo(window) > 0) {
            // also keeps the arithmetic below within a long
            throw QueryParams.invalid("bucket '" + value + "' is longer than the window (" + window
                    + "); give a bucket of at most the window");
        }
        long buckets = (window.toMillis() + d.toMillis() - 1) / d.toMillis();
        if (buckets > MAX_BUCKETS) {
            throw QueryParams
                    .invalid("bucket '" + value + "' makes " + buckets + " buckets of the window; at most "
                            + MAX_BUCKETS + ": give a wider bucket or a shorter window");
        }
        return d;
    }

    /** Every bucket of the window, empty ones included, each with a count per status. */
    private static ObjectNode executions(ExecutionStats stats, Instant from, Instant to, Duration bucket) {
        long width = bucket.toMillis();
        int count = (int) ((Duration.between(from, to).toMillis() + width - 1) / width);
        Map<Long, Map<ExecutionStatus, Long>> byBucket = new HashMap<>();
        Map<ExecutionStatus, Long> totals = new HashMap<>();
        long total = 0;
        for (ExecutionStats.StatusCount c : stats.buckets()) {
            byBucket.computeIfAbsent(c.bucket(), b -> new HashMap<>()).merge(c.status(), c.count(),
                    Long::sum);
            totals.merge(c.status(), c.count(), Long::sum);
            total += c.count();
        }
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("total", total);
        o.set("byStatus", counts(totals));
        ArrayNode buckets = o.putArray("buckets");
        for (long i = 0; i < count; i++) {
            ObjectNode b = buckets.addObject();
            b.put("start", from.plusMillis(i * width).toString());
            b.set("counts", counts(byBucket.getOrDefault(i, Map.of())));
        }
        return o;
    }

    private static ObjectNode counts(Map<ExecutionStatus, Long> counts) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        STATUSES.forEach(s -> o.put(s.wireName(), counts.getOrDefault(s, 0L)));
        return o;
    }

    private static ArrayNode failingFlows(ExecutionStats stats) {
        ArrayNode items = Exchange.JSON.createArrayNode();
        for (ExecutionStats.FlowOutcomes f : stats.failingFlows()) {
            items.addObject().put("flow", f.namespace() + "/" + f.flowId()).put("namespace", f.namespace())
                    .put("id", f.flowId()).put("total", f.total()).put("succeeded", f.succeeded())
                    .put("failed", f.failed()).put("cancelled", f.cancelled())
                    .put("failureRate", f.failureRate());
        }
        return items;
    }

    private static ArrayNode slowSteps(ExecutionStats stats) {
        ArrayNode items = Exchange.JSON.createArrayNode();
        for (ExecutionStats.StepDurations s : stats.slowSteps()) {
            items.addObject().put("flow", s.namespace() + "/" + s.flowId()).put("namespace", s.namespace())
                    .put("flowId", s.flowId()).put("step", s.stepId()).put("runs", s.runs())
                    .put("averageMillis", s.averageMillis()).put("maxMillis", s.maxMillis());
        }
        return items;
    }

    /** The systems whose breaker (or an endpoint's breaker) is open or half-open now, on this node. */
    private ArrayNode openBreakers(String tenant) {
        ArrayNode items = Exchange.JSON.createArrayNode();
        var gateway = gateways.of(tenant);
        for (SystemRecord system : systems.systems(tenant)) {
            JsonNode state = gateway.state(system);
            String breaker = state.path("circuitBreaker").path("state").asText("closed");
            List<String> endpoints = new ArrayList<>();
            for (JsonNode e : state.path("endpoints")) {
                if (!"closed".equals(e.path("circuitBreaker").path("state").asText("closed"))) {
                    endpoints.add(e.path("baseUrl").asText());
                }
            }
            if (!"closed".equals(breaker) || !endpoints.isEmpty()) {
                ObjectNode o = items.addObject().put("system", system.id())
                        .put("connector", system.connector())
                        .put("state", breaker);
                JsonNode rate = state.path("circuitBreaker").path("failureRate");
                if (rate.isNumber()) {
                    o.put("failureRate", rate.doubleValue());
                }
                ArrayNode list = o.putArray("openEndpoints");
                endpoints.forEach(list::add);
            }
        }
        return items;
    }

    /** Pending deliveries by endpoint, and the endpoints whose last attempts failed or that are disabled. */
    private ObjectNode webhooks(String tenant) {
        Map<String, EndpointBacklog> backlog = new HashMap<>();
        webhooks.backlog(tenant).forEach(b -> backlog.put(b.endpointId(), b));
        long pending = 0;
        ObjectNode o = Exchange.JSON.createObjectNode();
        ArrayNode items = Exchange.JSON.createArrayNode();
        for (WebhookEndpoint e : webhooks.endpoints(tenant)) {
            EndpointBacklog b = backlog.get(e.id());
            boolean failing = e.failingSince() != null || !e.enabled();
            if (b == null && !failing) {
                continue;
            }
            ObjectNode item = items.addObject().put("endpoint", e.id()).put("url", e.url())
                    .put("enabled", e.enabled()).put("pending", b == null ? 0 : b.pending());
            if (b != null && b.oldestCreatedAt() != null) {
                item.put("oldestPendingAt", b.oldestCreatedAt().toString());
            }
            if (e.failingSince() != null) {
                item.put("failingSince", e.failingSince().toString());
            }
            if (e.disabledReason() != null) {
                item.put("disabledReason", e.disabledReason());
            }
            pending += b == null ? 0 : b.pending();
        }
        o.put("pending", pending);
        o.set("endpoints", items);
        return o;
    }

    /** Each sync job: how long ago its last successful run started, and what waits for the next run. */
    private ArrayNode syncLag(String tenant, Instant now) {
        ArrayNode items = Exchange.JSON.createArrayNode();
        for (var record : sync.jobs(tenant)) {
            SyncService.Status status;
            try {
                status = sync.status(tenant, record.id());
            } catch (SyncInputException e) {
                continue; // deleted since it was listed
            }
            ObjectNode o = items.addObject().put("job", record.id());
            var success = sync.lastSucceededRun(tenant, record.id());
            if (success.isPresent()) {
                Instant at = success.get().startedAt() != null
                        ? success.get().startedAt()
                        : success.get().createdAt();
                o.put("lastSuccessAt", at.toString());
                o.put("lagSeconds", Math.max(0, Duration.between(at, now).toMillis()) / 1000.0);
            } else {
                o.putNull("lastSuccessAt");
                o.putNull("lagSeconds");
            }
            status.lastRun().ifPresent(r -> o.set("lastRun", SyncViews.run(r)));
            o.put("waitingChanges", status.waitingChanges());
            o.put("failures", status.failures());
            o.put("openConflicts", status.openConflicts());
        }
        return items;
    }
}
