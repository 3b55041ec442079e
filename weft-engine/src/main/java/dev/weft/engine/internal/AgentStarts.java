package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.OperationSpec;
import dev.weft.engine.flow.Step;
import dev.weft.engine.store.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts an {@code agent} step: its goal, instructions and tools' fixed inputs evaluated, each tool's
 * parameters taken from its operation's input schema (less the fixed inputs), all recorded in one data row
 * that every later turn reads, so a resumed or replayed agent sees the tools it started with.
 */
final class AgentStarts {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AgentStarts() {
    }

    /** The step's expressions as one template: {@code {goal, instructions, with: [per tool]}}. */
    static JsonNode templated(Step.Agent a) {
        ObjectNode node = JSON.objectNode();
        node.put("goal", a.goal());
        node.put("instructions", a.instructions());
        ArrayNode with = node.putArray("with");
        a.tools().forEach(t -> with.add(t.with() == null ? JSON.nullNode() : t.with()));
        return node;
    }

    static void start(Worker worker, ExecutionState state, Step.Agent a, String path, int attempt,
            JsonNode rendered, Instant now, Writes writes) {
        String tenant = state.record.tenantId();
        List<String> problems = new ArrayList<>();
        String modelProblem = worker.calls().problem(tenant, a.system(), Step.Agent.CHAT);
        if (modelProblem != null) {
            problems.add("its model: " + modelProblem);
        }
        ObjectNode plan = JSON.objectNode();
        plan.set("goal", rendered.path("goal"));
        plan.set("instructions", rendered.path("instructions"));
        if (a.model() != null) {
            plan.set("model", a.model());
        }
        ArrayNode tools = plan.putArray("tools");
        for (int i = 0; i < a.tools().size(); i++) {
            Step.Tool tool = a.tools().get(i);
            String problem = worker.calls().problem(tenant, tool.system(), tool.operation());
            OperationSpec spec = worker.calls().operation(tool.operation());
            if (problem != null || spec == null) {
                problems.add("tool '" + tool.name() + "': " + (problem != null
                        ? problem
                        : "operation '" + tool.operation() + "' declares no input schema"));
                continue;
            }
            JsonNode with = rendered.path("with").path(i);
            String literal = unfixedLiteral(spec.inputSchema(), tool.with());
            if (literal != null) {
                problems.add("tool '" + tool.name() + "': the model may not write '" + literal + "' of "
                        + tool.operation() + ", which must be written out in the flow ("
                        + spec.inputSchema().at("/properties/" + literal + "/" + LITERAL).asText()
                        + "); give it in the tool's 'with', without {{ }}");
                continue;
            }
            ObjectNode t = tools.addObject();
            t.put("name", tool.name());
            t.put("operation", tool.operation());
            t.put("system", tool.system());
            t.put("description", tool.description() != null ? tool.description() : spec.description());
            t.set("parameters", parameters(spec.inputSchema(), with));
            if (with.isObject()) {
                t.set("with", with);
            }
            t.put("approval", tool.approval());
        }
        if (!problems.isEmpty()) {
            writes.failed(a, path, attempt,
                    Errors.of("agent.invalid", "agent step '" + a.id() + "' cannot start: "
                            + String.join("; ", problems), a.id()),
                    now, now);
            return;
        }
        writes.put(a, path, StepStatus.RUNNING, attempt, null, null, now, null, null);
        writes.data(path + AgentTurns.PLAN_SUFFIX, "agent.plan", plan, now);
    }

    /** The keyword of a field a connector declares must be written out in the flow (a SQL statement's text). */
    static final String LITERAL = "x-weft-literal";

    /**
     * A field of the operation that must be written out in the flow but that the tool leaves to the model, or
     * fills with an expression: what the model (or the data) gives would become part of a statement. Null when
     * there is none.
     */
    static String unfixedLiteral(JsonNode schema, JsonNode with) {
        for (var p : schema.path("properties").properties()) {
            if (p.getValue().has(LITERAL)) {
                JsonNode fixed = with == null ? null : with.get(p.getKey());
                if (fixed == null || fixed.toString().contains("{{")) {
                    return p.getKey();
                }
            }
        }
        return null;
    }

    /** The operation's input schema without the properties the flow fixes: the model neither sees nor sets them. */
    static JsonNode parameters(JsonNode schema, JsonNode with) {
        if (!with.isObject() || with.isEmpty() || !schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        if (copy.path("properties").isObject()) {
            ObjectNode properties = (ObjectNode) copy.get("properties");
            with.fieldNames().forEachRemaining(properties::remove);
        }
        if (copy.path("required").isArray()) {
            ArrayNode required = JSON.arrayNode();
            copy.get("required").forEach(r -> {
                if (!with.has(r.asText())) {
                    required.add(r);
                }
            });
            copy.set("required", required);
        }
        return copy;
    }
}
