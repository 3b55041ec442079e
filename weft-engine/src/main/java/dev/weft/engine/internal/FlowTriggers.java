package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.Transition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow-completion triggers ({@code {type: flow, flow: ns/id, status: [...]}}): the executions an
 * execution's end starts, created in the same commit as that end, so that neither exists without the
 * other. Their ids derive from the finished execution and the started flow, so that a repeated end
 * starts nothing twice. Which flows watch which is read from the latest flow versions and kept for a
 * few seconds (or until this process deploys). Thread-safe.
 */
public final class FlowTriggers {
    private static final Logger LOG = LoggerFactory.getLogger(FlowTriggers.class);
    /** How long a view of the deployed flows is used before it is read again (other nodes deploy too). */
    static final Duration REFRESH = Duration.ofSeconds(5);
    /** The statuses a flow trigger watches when it names none. */
    static final List<String> DEFAULT_STATUSES = List.of("succeeded");

    private record Watcher(FlowVersion version, Flow flow, List<String> statuses) {
    }

    private record Snapshot(Map<String, List<Watcher>> byWatchedFlow, Instant loadedAt) {
    }

    private final ExecutionStore store;
    private final String tenant;
    private final Clock clock;
    private final Function<FlowVersion, Flow> parse;
    private final InputSchemas schemas;
    private volatile Snapshot snapshot;

    public FlowTriggers(ExecutionStore store, String tenant, Clock clock, Function<FlowVersion, Flow> parse,
            InputSchemas schemas) {
        this.store = store;
        this.tenant = tenant;
        this.clock = clock;
        this.parse = parse;
        this.schemas = schemas;
    }

    /** Forget the view of deployed flows (this process deployed or deleted one). */
    public void invalidate() {
        snapshot = null;
    }

    /** The creations of the executions that {@code finished}'s end starts; empty for most ends. */
    List<Transition> startsAfter(ExecutionRecord finished) {
        List<Watcher> watchers = current().byWatchedFlow()
                .getOrDefault(finished.namespace() + "/" + finished.flowId(), List.of());
        if (watchers.isEmpty()) {
            return List.of();
        }
        String status = finished.status().wireName();
        List<Transition> starts = new ArrayList<>();
        Instant now = clock.instant();
        for (Watcher w : watchers) {
            if (!w.statuses().contains(status)) {
                continue;
            }
            ObjectNode trigger = JsonNodeFactory.instance.objectNode();
            trigger.put("type", "flow");
            trigger.put("flow", finished.namespace() + "/" + finished.flowId());
            trigger.put("executionId", finished.id());
            trigger.put("status", status);
            trigger.set("output", finished.output());
            trigger.set("error", finished.error());
            JsonNode input = JsonNodeFactory.instance.objectNode();
            List<String> problems = schemas.problems(w.flow().inputSchema(), input);
            String id = Ids.forKey(finished.tenantId(),
                    "flow:" + finished.id() + ">" + w.flow().qualifiedName());
            ExecutionRecord row = problems.isEmpty()
                    ? new ExecutionRecord(finished.tenantId(), id, w.version().namespace(),
                            w.version().flowId(),
                            w.version().version(), ExecutionStatus.QUEUED, input, trigger, null, null, now,
                            now,
                            null, null, null, null, 0, null, null)
                    // Created failed rather than not at all: the end that should have started it is visible.
                    : new ExecutionRecord(finished.tenantId(), id, w.version().namespace(),
                            w.version().flowId(),
                            w.version().version(), ExecutionStatus.FAILED, input, trigger, null,
                            Errors.of("input.invalid",
                                    "flow " + w.flow().qualifiedName() + " is started by the"
                                            + " end of " + trigger.get("flow").asText()
                                            + " with empty input, which its"
                                            + " input schema refuses: " + String.join("; ", problems),
                                    null),
                            now, now, now, null, null, null, 0, null, null);
            starts.add(Transition.create(row));
        }
        return starts;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s != null && now.isBefore(s.loadedAt().plus(REFRESH)) && !now.isBefore(s.loadedAt())) {
            return s;
        }
        Map<String, List<Watcher>> byWatched = new HashMap<>();
        for (FlowVersion v : store.latestFlowVersions(tenant)) {
            Flow flow;
            try {
                flow = parse.apply(v);
            } catch (RuntimeException e) {
                LOG.warn("flow {}/{} v{} cannot be read for its triggers: {}", v.namespace(), v.flowId(),
                        v.version(), e.getMessage());
                continue;
            }
            for (Trigger t : flow.triggers()) {
                if (!"flow".equals(t.type())) {
                    continue;
                }
                String watched = t.config().path("flow").asText();
                byWatched.computeIfAbsent(watched, k -> new ArrayList<>())
                        .add(new Watcher(v, flow, statuses(t.config())));
            }
        }
        s = new Snapshot(byWatched, now);
        snapshot = s;
        return s;
    }

    static List<String> statuses(JsonNode config) {
        JsonNode given = config.get("status");
        if (given == null || given.isNull()) {
            return DEFAULT_STATUSES;
        }
        List<String> out = new ArrayList<>();
        if (given.isTextual()) {
            out.add(given.asText().toLowerCase(Locale.ROOT));
        }
        for (JsonNode s : given) {
            out.add(s.asText().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
