package dev.weft.server.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.ExecutionView;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.FlowVersion;

/** How flows and executions look in API answers; executions as {@link ExecutionView} shows them. Stateless. */
final class Views {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Views() {
    }

    /** A file's located problems as an error's details: line, column, JSON path and message each. */
    static java.util.List<com.fasterxml.jackson.databind.JsonNode> problems(
            java.util.List<dev.weft.engine.flow.Problem> problems) {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> details = new java.util.ArrayList<>();
        for (dev.weft.engine.flow.Problem p : problems) {
            ObjectNode d = JSON.objectNode();
            d.put("line", p.location().line());
            d.put("column", p.location().column());
            d.put("path", p.path());
            d.put("message", p.message());
            details.add(d);
        }
        return details;
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
}
