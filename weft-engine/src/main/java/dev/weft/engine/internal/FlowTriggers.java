package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flow-completion triggers ({@code {type: flow, flow: ns/id, status: [...]}}): the executions an
 * execution's end starts, created in the same commit as that end, so that neither exists without the
 * other. Their ids derive from the finished execution and the started flow, so that a repeated end
 * starts nothing twice. Which flows watch which is a view of the {@link FlowCatalog}. Thread-safe.
 */
public final class FlowTriggers {
    /** The statuses a flow trigger watches when it names none. */
    static final List<String> DEFAULT_STATUSES = List.of("succeeded");

    private record Watcher(FlowVersion version, Flow flow, List<String> statuses) {
    }

    /** Watched flow ({@code namespace/id}) to the flows whose triggers watch it. */
    private static final FlowCatalog.View<Map<String, List<Watcher>>> WATCHERS = entries -> {
        Map<String, List<Watcher>> byWatched = new HashMap<>();
        for (FlowCatalog.Entry e : entries) {
            for (Trigger t : e.triggers("flow")) {
                byWatched.computeIfAbsent(t.config().path("flow").asText(), k -> new ArrayList<>())
                        .add(new Watcher(e.version(), e.flow(), statuses(t.config())));
            }
        }
        return byWatched;
    };

    private final FlowCatalog catalog;
    private final Clock clock;
    private final InputSchemas schemas;

    public FlowTriggers(FlowCatalog catalog, Clock clock, InputSchemas schemas) {
        this.catalog = catalog;
        this.clock = clock;
        this.schemas = schemas;
    }

    /** The creations of the executions that {@code finished}'s end starts; empty for most ends. */
    List<Transition> startsAfter(ExecutionRecord finished) {
        List<Watcher> watchers = catalog.view(finished.tenantId(), WATCHERS)
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
