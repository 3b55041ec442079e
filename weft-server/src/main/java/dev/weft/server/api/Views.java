package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.ExecutionView;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStore;
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
        return ExecutionView.execution(e);
    }

    /** The execution with its steps and their attempts; outputs stored out of line are read back in. */
    static ObjectNode executionWithSteps(ExecutionRecord e, List<StepRecord> steps, ExecutionStore store) {
        return ExecutionView.withSteps(e, steps, store.attempts(e.tenantId(), e.id()),
                hash -> payload(store, e.tenantId(), hash));
    }

    private static JsonNode payload(ExecutionStore store, String tenant, String hash) {
        return store.payload(tenant, hash).map(bytes -> {
            try {
                return dev.weft.server.http.Exchange.JSON.readTree(bytes);
            } catch (IOException e) {
                return (JsonNode) JSON.textNode("(stored output " + hash + " is unreadable)");
            }
        }).orElse(JSON.nullNode());
    }

    private static void instant(ObjectNode o, String field, Instant value) {
        if (value != null) {
            o.put(field, value.toString());
        }
    }
}
