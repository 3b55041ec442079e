package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds an {@code agent} step: its model system, goal, tools and limits. */
final class AgentBinder {
    static final List<String> TOOL_FIELDS = List.of("operation", "system", "name", "description", "with",
            "approval");
    static final List<String> LIMIT_FIELDS = List.of("maxTurns", "maxToolCalls", "maxTokens", "timeout");
    static final List<String> MODEL_FIELDS = List.of("model", "temperature", "maxTokens");
    /** What OpenAI-compatible endpoints accept as a function name. */
    static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern OPERATION = Pattern
            .compile("[a-z0-9][a-z0-9_-]*\\.[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final Problems problems;

    AgentBinder(Problems problems) {
        this.problems = problems;
    }

    Step.Agent bind(Fields f, Step.Common common) {
        String system = f.requiredString("system",
                "the llm system whose model does the work (its llm.chat is called each turn), such as ai");
        String goal = f.requiredString("goal",
                "what the model is asked to achieve; it may contain expressions");
        String instructions = f.string("instructions");
        JsonNode model = f.object("model");
        if (model != null) {
            new Fields(model, f.pointer("model"), f.owner() + " model", problems).allowOnly(MODEL_FIELDS,
                    "an agent's model options");
        }
        JsonNode list = f.list("tools", true,
                "the operations the model may call, each with 'operation' and 'system'");
        List<Step.Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            Step.Tool tool = tool(f, list.get(i), i);
            if (tool == null) {
                continue;
            }
            if (!names.add(tool.name())) {
                problems.at(Pointers.child(Pointers.child(f.pointer("tools"), i), "name"), f.owner()
                        + ": two tools are called '" + tool.name() + "'; give one a 'name' of its own");
            }
            tools.add(tool);
        }
        return new Step.Agent(common, system, goal, instructions, model, tools, limits(f));
    }

    private Step.Tool tool(Fields step, JsonNode node, int index) {
        String pointer = Pointers.child(step.pointer("tools"), index);
        if (!node.isObject()) {
            problems.at(pointer, step.owner() + ": each tool must be an object with 'operation' and 'system',"
                    + " but was " + Fields.describe(node));
            return null;
        }
        Fields f = new Fields(node, pointer, step.owner() + " tool " + (index + 1), problems);
        f.allowOnly(TOOL_FIELDS, "an agent tool");
        String operation = f.matching("operation", OPERATION,
                "a connector operation written connector.operation, such as postgres.query", true);
        String system = f.string("system");
        String name = f.matching("name", TOOL_NAME,
                "a tool name: letters, digits, '_' and '-', at most 64 (what the model calls it)", false);
        if (name == null && f.has("name")) {
            name = f.string("name"); // refused above; kept as written so it is not also taken for a duplicate
        }
        if (name == null && operation != null) {
            name = operation.replace('.', '_');
        }
        JsonNode with = f.object("with");
        String approval = f.choice("approval", List.of("required", "none"), "none");
        return operation == null
                ? null
                : new Step.Tool(operation, system, name, f.string("description"), with,
                        "required".equals(approval));
    }

    private Step.AgentLimits limits(Fields step) {
        JsonNode node = step.object("limits");
        if (node == null) {
            return new Step.AgentLimits(Step.AgentLimits.DEFAULT_MAX_TURNS,
                    Step.AgentLimits.DEFAULT_MAX_TOOL_CALLS,
                    Step.AgentLimits.DEFAULT_MAX_TOKENS, Step.AgentLimits.DEFAULT_TIMEOUT);
        }
        Fields f = new Fields(node, step.pointer("limits"), step.owner() + " limits", problems);
        f.allowOnly(LIMIT_FIELDS, "an agent's limits");
        return new Step.AgentLimits(
                f.integer("maxTurns", Step.AgentLimits.DEFAULT_MAX_TURNS, 1),
                f.integer("maxToolCalls", Step.AgentLimits.DEFAULT_MAX_TOOL_CALLS, 0),
                f.integer("maxTokens", (int) Step.AgentLimits.DEFAULT_MAX_TOKENS, 1),
                f.duration("timeout", Step.AgentLimits.DEFAULT_TIMEOUT, true));
    }
}
