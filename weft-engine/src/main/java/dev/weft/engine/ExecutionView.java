package dev.weft.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.internal.Payloads;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How an execution, its steps and their attempts look to people: the JSON of the API's execution view
 * ({@code GET /api/v1/executions/{id}}) and of {@code weft executions show}, built once here so that both
 * print the same fields. Stateless and thread-safe.
 */
public final class ExecutionView {
    private static final String CALL = "call";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ExecutionView() {
    }

    /** The execution row alone, as listed. */
    public static ObjectNode execution(ExecutionRecord e) {
        ObjectNode o = JSON.objectNode();
        o.put("id", e.id());
        o.put("flow", e.namespace() + "/" + e.flowId());
        o.put("version", e.flowVersion());
        o.put("status", e.status().wireName());
        o.set("input", e.input());
        o.set("output", e.output());
        o.set("error", e.error());
        o.set("trigger", e.trigger() == null ? JSON.objectNode().put("type", "manual") : e.trigger());
        o.put("triggerKind", dev.weft.engine.store.ExecutionTrigger.kind(e));
        instant(o, "createdAt", e.createdAt());
        instant(o, "updatedAt", e.updatedAt());
        instant(o, "finishedAt", e.finishedAt());
        instant(o, "dueAt", e.dueAt());
        if (e.parentId() != null) {
            o.put("parentId", e.parentId());
        }
        return o;
    }

    /** The execution with its steps and their attempts, as stored; outputs stored out of line are read in. */
    public static ObjectNode withSteps(ExecutionStore store, ExecutionRecord e) {
        return withSteps(store, e, StepPage.ALL);
    }

    /**
     * A page of an execution's steps, in the order they were last written: those written after {@code after}
     * (a step's sequence number; -1 for the first page), at most {@code limit}. A step that changes while the
     * pages are read is written again, so it shows again on a later page, as it is then.
     */
    public record StepPage(long after, int limit) {
        public static final StepPage ALL = new StepPage(-1, Integer.MAX_VALUE);

        public StepPage {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
            }
        }
    }

    /**
     * The execution with one page of its steps; {@code stepsNextCursor} names the next page when more
     * follow (null on the last, which also lists the steps only an earlier run of a retried execution has).
     */
    public static ObjectNode withSteps(ExecutionStore store, ExecutionRecord e, StepPage page) {
        List<StepRecord> all = store.steps(e.tenantId(), e.id());
        List<StepRecord> shown = new ArrayList<>();
        String next = null;
        java.util.Set<String> paths = new java.util.HashSet<>();
        for (StepRecord s : all) {
            paths.add(s.path());
            if (s.stepId() == null || s.seq() <= page.after()) {
                continue;
            }
            if (shown.size() == page.limit()) {
                next = Long.toString(shown.getLast().seq());
                continue;
            }
            shown.add(s);
        }
        java.util.Set<String> onPage = new java.util.HashSet<>();
        shown.forEach(s -> onPage.add(s.path()));
        List<StepAttempt> attempts = new ArrayList<>();
        for (StepAttempt a : store.attempts(e.tenantId(), e.id())) {
            boolean onThisPage = onPage.contains(a.path());
            // A path without a step row is an earlier run's: listed once, on the last page
            if (onThisPage || next == null && !paths.contains(a.path())) {
                attempts.add(a);
            }
        }
        ObjectNode o = withSteps(e, shown, attempts, hash -> Payloads.forReading(store, e.tenantId(), hash));
        if (page != StepPage.ALL) {
            o.put("stepsNextCursor", next);
        }
        return o;
    }

    /**
     * The execution with its steps, each with its attempts.
     *
     * @param attempts the execution's recorded attempts ({@code ExecutionStore.attempts})
     * @param payload reads an output stored out of line by its hash
     */
    public static ObjectNode withSteps(ExecutionRecord e, List<StepRecord> steps, List<StepAttempt> attempts,
            Function<String, JsonNode> payload) {
        Map<String, List<StepAttempt>> byPath = new LinkedHashMap<>();
        for (StepAttempt a : attempts) {
            byPath.computeIfAbsent(a.path(), k -> new ArrayList<>()).add(a);
        }
        ObjectNode o = execution(e);
        ArrayNode list = o.putArray("steps");
        for (StepRecord s : steps) {
            if (s.stepId() == null) {
                continue; // engine data rows (a foreach's items), not steps
            }
            JsonNode output = s.output() != null || s.outputRef() == null
                    ? s.output()
                    : payload.apply(s.outputRef());
            ArrayNode history = history(s, output, byPath.getOrDefault(s.path(), List.of()));
            ObjectNode step = list.addObject();
            step.put("path", s.path());
            step.put("id", s.stepId());
            step.put("type", s.type());
            step.put("status", s.status().wireName());
            step.put("attempts", history.size());
            instant(step, "startedAt", s.startedAt());
            instant(step, "finishedAt", s.finishedAt());
            instant(step, "dueAt", s.dueAt());
            duration(step, s.startedAt(), s.finishedAt());
            step.set("input", s.input());
            step.set("output", output);
            step.set("error", s.error());
            step.set("history", history);
            byPath.remove(s.path());
        }
        // Steps an earlier run of a retried execution ran and this run has not (an error handler, a step
        // after the failure): their row is gone, their attempts stay.
        byPath.forEach((path, recorded) -> {
            StepAttempt last = recorded.getLast();
            ArrayNode history = history(null, null, recorded);
            ObjectNode step = list.addObject();
            step.put("path", path);
            step.put("id", last.stepId());
            step.put("type", last.type());
            step.put("status", last.outcome().wireName());
            step.put("fromEarlierRun", true);
            step.put("attempts", history.size());
            instant(step, "startedAt", last.startedAt());
            instant(step, "finishedAt", last.finishedAt());
            duration(step, last.startedAt(), last.finishedAt());
            step.set("history", history);
        });
        return o;
    }

    /**
     * A step's attempts, oldest first, numbered from 1 across retries of the execution: the recorded ones,
     * then the one the step row describes when none was recorded for it (an attempt in progress, the
     * attempt that succeeded or was skipped, which records none, or a step reused by a replay). Without a
     * step row ({@code s} null), the recorded ones alone.
     *
     * @param output the step row's output (read back when stored out of line), where a succeeded call's
     *     target status is read
     */
    static ArrayNode history(StepRecord s, JsonNode output, List<StepAttempt> recorded) {
        ArrayNode list = JSON.arrayNode();
        for (StepAttempt a : recorded) {
            ObjectNode o = list.addObject();
            o.put("number", list.size());
            o.put("outcome", a.outcome().wireName());
            instant(o, "startedAt", a.startedAt());
            instant(o, "finishedAt", a.finishedAt());
            duration(o, a.startedAt(), a.finishedAt());
            if (a.errorCode() != null || a.errorMessage() != null) {
                ObjectNode error = o.putObject("error");
                error.put("code", a.errorCode());
                error.put("message", a.errorMessage());
                error.put("retryable", Boolean.TRUE.equals(a.retryable()));
            }
            if (a.targetStatus() != null) {
                o.put("targetStatus", a.targetStatus());
            }
        }
        if (s == null) {
            return list;
        }
        String current = currentOutcome(s);
        if (current == null && recorded.isEmpty() && s.status() != StepStatus.WAITING) {
            // Recorded elsewhere or not at all: a step a replay reused from the execution it replays, a row
            // written before attempts were recorded. Its row is the one attempt known.
            current = s.status().wireName();
        }
        if (current != null) {
            ObjectNode o = list.addObject();
            o.put("number", list.size());
            o.put("outcome", current);
            instant(o, "startedAt", s.startedAt());
            instant(o, "finishedAt", s.finishedAt());
            duration(o, s.startedAt(), s.finishedAt());
            if (s.status() == StepStatus.FAILED && s.error() != null) {
                ObjectNode error = o.putObject("error");
                error.put("code", s.error().path("code").asText(null));
                error.put("message", s.error().path("message").asText(null)); // retryable: not known here
            }
            Integer status = s.status() == StepStatus.SUCCEEDED && CALL.equals(s.type())
                    ? targetStatus(output)
                    : null;
            if (status != null) {
                o.put("targetStatus", status);
            }
        }
        return list;
    }

    /** The outcome of the attempt only the step row describes, or null when it is recorded (or none runs). */
    private static String currentOutcome(StepRecord s) {
        return switch (s.status()) {
            case RUNNING -> "running";
            // A retry's backoff (an error recorded) waits for the next attempt, which has not started.
            case WAITING -> s.error() == null ? "waiting" : null;
            case SUCCEEDED -> "succeeded";
            case SKIPPED -> "skipped";
            case FAILED -> null;
        };
    }

    /**
     * Whether a step row's attempt is recorded already (see {@link StepAttempt}), by its status: a failed
     * one, and one waiting for its retry after a failure, are; a succeeded or skipped one, or one still
     * running, only the row describes.
     */
    public static boolean attemptRecorded(StepRecord s) {
        return s.status() == StepStatus.FAILED || s.status() == StepStatus.WAITING && s.error() != null;
    }

    /**
     * The status a target answered with, as a call's output (or its error's details) reports it
     * ({@code status}, an integer), or null.
     */
    public static Integer targetStatus(JsonNode outputOrDetails) {
        JsonNode status = outputOrDetails == null ? null : outputOrDetails.path("status");
        return status != null && status.isInt() ? status.intValue() : null;
    }

    private static void duration(ObjectNode o, Instant start, Instant end) {
        if (start != null && end != null) {
            o.put("durationMillis", end.toEpochMilli() - start.toEpochMilli());
        }
    }

    private static void instant(ObjectNode o, String field, Instant value) {
        if (value != null) {
            o.put(field, value.toString());
        }
    }
}
