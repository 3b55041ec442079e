package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds the tree of a flow file to a {@link Flow}. Binding never stops at the first problem: each
 * broken value is reported and left null, and the (then unusable) flow is still returned so that the
 * validator can find the remaining problems.
 */
final class FlowBinder {
    static final List<String> FLOW_FIELDS = List.of("id", "namespace", "description", "input", "triggers",
            "steps",
            "onError");
    /** Each trigger type and the field it cannot do without. */
    static final Map<String, String> TRIGGER_REQUIRED = Map.of("manual", "", "webhook", "path", "schedule",
            "cron",
            "flow", "flow");
    static final List<String> TRIGGER_TYPES = List.of("manual", "webhook", "schedule", "flow");
    static final String DEFAULT_NAMESPACE = "default";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-_]*");
    private static final String NAME_EXPECTED = "lower-case letters, digits, '-' and '_', starting with a letter "
            + "or digit";

    private final Problems problems;

    FlowBinder(Problems problems) {
        this.problems = problems;
    }

    /** The flow, or null when the root is not an object at all. */
    Flow bind(JsonNode root) {
        if (!root.isObject()) {
            problems.at("", "a flow file must hold an object with at least 'id' and 'steps', but held "
                    + Fields.describe(root));
            return null;
        }
        Fields f = new Fields(root, "", "flow", problems);
        f.allowOnly(FLOW_FIELDS, "a flow");
        String id = f.matching("id", NAME, "a flow id: " + NAME_EXPECTED, true);
        String namespace = f.matching("namespace", NAME, "a namespace: " + NAME_EXPECTED, false);
        String description = f.string("description");
        JsonNode input = f.object("input");
        List<Trigger> triggers = triggers(f);
        JsonNode stepList = f.list("steps", true, "the steps the flow runs, at least one");
        List<Step> steps = stepList == null
                ? List.of()
                : new StepBinder(problems).bindList(stepList, "/steps");
        String onError = f.string("onError");
        return new Flow(id, namespace == null ? DEFAULT_NAMESPACE : namespace, description, input, triggers,
                steps,
                onError);
    }

    private List<Trigger> triggers(Fields flow) {
        JsonNode list = flow.list("triggers", false, "");
        List<Trigger> triggers = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String pointer = Pointers.child("/triggers", i);
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                problems.at(pointer, "trigger " + (i + 1) + ": must be an object with a 'type', but was "
                        + Fields.describe(node));
                continue;
            }
            // Trigger objects carry connector-specific settings (verify, timezone, ...): only the
            // fields the engine itself relies on are checked here, and the whole object is kept.
            Fields f = new Fields(node, pointer, "trigger " + (i + 1), problems);
            String type = f.requiredString("type", "one of " + String.join(", ", TRIGGER_TYPES));
            if (type == null) {
                continue;
            }
            String required = TRIGGER_REQUIRED.get(type);
            if (required == null) {
                String hint = Suggestions.didYouMean(type, TRIGGER_TYPES);
                f.invalid("type", "unknown trigger type '" + type + "'" + (hint.isEmpty() ? "." : hint)
                        + " Trigger types: " + String.join(", ", TRIGGER_TYPES));
                continue;
            }
            if (!required.isEmpty()) {
                f.requiredString(required, switch (required) {
                    case "path" -> "the webhook path under /hooks/<namespace>/, such as invoices";
                    case "cron" -> "a cron expression such as \"0 9 * * *\"";
                    default -> "the flow whose completion starts this one, written namespace/id";
                });
            }
            triggers.add(new Trigger(type, node));
        }
        return triggers;
    }
}
