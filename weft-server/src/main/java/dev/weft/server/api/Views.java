package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.StepRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** How flows and executions look in API answers. Stateless. */
final class Views {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Views() {
    }

    static ObjectNode flowVersion(FlowVersion v, boolean withSource) {
        ObjectNode o = JSON.objectNode();
        o.put("namespace", v.namespace());
        o.put("id", v.flowId());
        o.put("version", v.version());
        o.put("sha256", v.sha256());
        o.put("createdAt", v.createdAt().toString());
        if (withSource) {
            o.put("source", v.source());
        }
        return o;
    }

    static ObjectNode execution(ExecutionRecord e) {
        ObjectNode o = JSON.objectNode();
        o.put("id", e.id());
        o.put("flow", e.namespace() + "/" + e.flowId());
        o.put("version", e.flowVersion());
        o.put("status", e.status().wireName());
        o.set("input", e.input());
        o.set("output", e.output());
        o.set("error", e.error());
        o.set("trigger", e.trigger() == null ? JSON.objectNode().put("type", "manual") : e.trigger());
        instant(o, "createdAt", e.createdAt());
        instant(o, "updatedAt", e.updatedAt());
        instant(o, "finishedAt", e.finishedAt());
        instant(o, "dueAt", e.dueAt());
        if (e.parentId() != null) {
            o.put("parentId", e.parentId());
        }
        return o;
    }

    /** The execution with its steps, as the client reads them (outputs stored out of line read back in). */
    static ObjectNode executionWithSteps(ExecutionRecord e, List<StepRecord> steps) {
        ObjectNode o = execution(e);
        ArrayNode list = o.putArray("steps");
        for (StepRecord s : steps) {
            if (s.stepId() == null) {
                continue; // engine data rows (a foreach's items), not steps
            }
            ObjectNode step = list.addObject();
            step.put("path", s.path());
            step.put("id", s.stepId());
            step.put("type", s.type());
            step.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
            step.put("attempts", s.attempt());
            instant(step, "startedAt", s.startedAt());
            instant(step, "finishedAt", s.finishedAt());
            instant(step, "dueAt", s.dueAt());
            if (s.startedAt() != null && s.finishedAt() != null) {
                step.put("durationMillis", s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli());
            }
            step.set("input", s.input());
            step.set("output", s.output());
            step.set("error", s.error());
        }
        return o;
    }

    private static void instant(ObjectNode o, String field, Instant value) {
        if (value != null) {
            o.put(field, value.toString());
        }
    }
}
