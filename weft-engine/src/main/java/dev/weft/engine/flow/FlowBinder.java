package dev.weft.engine.flow;

import dev.weft.connector.Suggestions;

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
            "onError", "events", "sensitive");
    /** Each trigger type and the field it cannot do without. */
    static final Map<String, String> TRIGGER_REQUIRED = Map.of("manual", "", "webhook", "path", "schedule",
            "cron",
            "flow", "flow");
    static final List<String> TRIGGER_TYPES = List.of("manual", "webhook", "schedule", "flow");
    /**
     * The key under which a {@link TriggerCheck} for connector triggers (any type with a dot, such as
     * {@code rabbitmq.consume}) is registered.
     */
    static final String CONNECTOR_TRIGGERS = TriggerCheck.CONNECTOR_TRIGGERS;
    static final String DEFAULT_NAMESPACE = "default";
    /** The fields each trigger type may have. */
    static final Map<String, List<String>> TRIGGER_FIELDS = Map.of(
            "manual", List.of("type", "description"),
            "webhook", List.of("type", "description", "path", "mode", "timeout", "verify"),
            "schedule", List.of("type", "description", "cron", "timezone", "misfire"),
            "flow", List.of("type", "description", "flow", "status"));
    /** The statuses a flow trigger can watch. */
    static final List<String> FLOW_TRIGGER_STATUSES = List.of("succeeded", "failed");
    private static final Pattern HOOK_PATH = Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*");
    private static final Pattern FLOW_REF = Pattern.compile("[a-z0-9][a-z0-9-_]*/[a-z0-9][a-z0-9-_]*");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-_]*");
    private static final String NAME_EXPECTED = "lower-case letters, digits, '-' and '_', starting with a letter "
            + "or digit";

    private final Problems problems;
    private final Map<String, TriggerCheck> triggerChecks;

    FlowBinder(Problems problems, Map<String, TriggerCheck> triggerChecks) {
        this.problems = problems;
        this.triggerChecks = triggerChecks;
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
        Map<String, JsonNode> events = events(f);
        Flow flow = new Flow(id, namespace == null ? DEFAULT_NAMESPACE : namespace, description, input,
                triggers, steps, onError, events, sensitive(f));
        checkEmits(flow, f.has("events"));
        return flow;
    }

    /** {@code sensitive}: its executions keep no step inputs, and no step outputs once they end. */
    private static boolean sensitive(Fields f) {
        JsonNode v = f.any("sensitive");
        if (v != null && !v.isBoolean()) {
            f.wrongType("sensitive", "true or false", v);
            return false;
        }
        return v != null && v.booleanValue();
    }

    /** {@code events}: custom event type to the JSON Schema of its payload. */
    private Map<String, JsonNode> events(Fields flow) {
        JsonNode declared = flow.object("events");
        Map<String, JsonNode> events = new java.util.LinkedHashMap<>();
        if (declared == null) {
            return events;
        }
        for (Map.Entry<String, JsonNode> e : declared.properties()) {
            String pointer = Pointers.child("/events", e.getKey());
            String problem = dev.weft.engine.event.EventFeed.problem(e.getKey(), null);
            if (problem != null) {
                problems.at(pointer, "events: " + problem);
            } else if (!e.getValue().isObject()) {
                problems.at(pointer, "events: the value of '" + e.getKey() + "' must be the JSON Schema of"
                        + " its payload (an object, {} for any), but was " + Fields.describe(e.getValue()));
            } else {
                events.put(e.getKey(), e.getValue());
            }
        }
        return events;
    }

    /** Emitted types must not be the platform's own, and must be declared when the flow declares any. */
    private void checkEmits(Flow flow, boolean declares) {
        for (StepLists.PlacedStep placed : StepLists.of(flow).steps()) {
            if (!(placed.step() instanceof Step.Emit emit) || emit.event() == null) {
                continue;
            }
            String pointer = Pointers.child(placed.pointer(), "event");
            String problem = dev.weft.engine.event.EventFeed.problem(emit.event(), null);
            if (problem != null) {
                problems.at(pointer, "step '" + emit.common().id() + "': " + problem);
            } else if (declares && !flow.events().containsKey(emit.event())) {
                problems.at(pointer, "step '" + emit.common().id() + "' emits '" + emit.event()
                        + "', which the flow's events do not declare; declare it under events, or emit one"
                        + " of: " + String.join(", ", flow.events().keySet()));
            }
        }
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
            if (type.contains(".")) {
                // A connector's trigger (rabbitmq.consume, postgres.rows): the system it listens to, and
                // its configuration, which the check registered as CONNECTOR_TRIGGERS knows (the server's).
                f.requiredString("system", "the id of the system whose " + type + " events start this flow");
                f.duration("every", null, true);
                TriggerCheck check = triggerChecks.get(CONNECTOR_TRIGGERS);
                if (check != null) {
                    for (TriggerCheck.Finding finding : check.check(node)) {
                        problems.at(pointer + finding.pointer(),
                                "trigger " + (i + 1) + ": " + finding.message());
                    }
                }
                triggers.add(new Trigger(type, node));
                continue;
            }
            String required = TRIGGER_REQUIRED.get(type);
            if (required == null) {
                String hint = Suggestions.didYouMean(type, TRIGGER_TYPES);
                f.invalid("type", "unknown trigger type '" + type + "'" + (hint.isEmpty() ? "." : hint)
                        + " Trigger types: " + String.join(", ", TRIGGER_TYPES)
                        + ", or a connector's trigger named <connector>.<trigger> (GET /api/v1/connectors)");
                continue;
            }
            if (!required.isEmpty()) {
                f.requiredString(required, switch (required) {
                    case "path" -> "the webhook path under /hooks/<namespace>/, such as invoices";
                    case "cron" -> "a cron expression such as \"0 9 * * *\"";
                    default -> "the flow whose completion starts this one, written namespace/id";
                });
            }
            f.allowOnly(TRIGGER_FIELDS.get(type), "a " + type + " trigger");
            switch (type) {
                case "webhook" -> webhook(f);
                case "flow" -> flowTrigger(f);
                default -> {
                }
            }
            TriggerCheck check = triggerChecks.get(type);
            if (check != null) {
                for (TriggerCheck.Finding finding : check.check(node)) {
                    problems.at(pointer + finding.pointer(), "trigger " + (i + 1) + ": " + finding.message());
                }
            }
            triggers.add(new Trigger(type, node));
        }
        return triggers;
    }

    private void webhook(Fields f) {
        String path = f.string("path");
        if (path != null && !HOOK_PATH.matcher(path).matches()) {
            f.invalid("path",
                    "'path' must be lower-case segments of letters, digits, '-' and '_' separated by"
                            + " '/', without a leading '/' (served at /hooks/<namespace>/<path>), but was '"
                            + path
                            + "'");
        }
        String mode = f.choice("mode", List.of("async", "sync"), "async");
        f.duration("timeout", null, true);
        if (f.has("timeout") && !"sync".equals(mode)) {
            f.invalid("timeout", "'timeout' is how long a sync webhook waits for its respond step; it needs"
                    + " mode: sync");
        }
        JsonNode verify = f.any("verify");
        if (verify == null) {
            f.missing("verify", "how deliveries are verified: verify: {scheme: standard-webhooks, credential:"
                    + " <name>} (or hmac, token, or a vendor's: stripe, slack, hubspot-v3, github, shopify,"
                    + " frappe); write verify: {scheme: none} to accept unsigned"
                    + " deliveries from anyone");
        } else if (!verify.isObject()) {
            f.invalid("verify", "'verify' must be an object such as {scheme: standard-webhooks, credential:"
                    + " <name>}, but was " + Fields.describe(verify));
        } else if (!verify.hasNonNull("scheme")) {
            problems.missing(f.pointer("verify"), "scheme", f.owner() + " verify: 'scheme' is required:"
                    + " standard-webhooks, hmac, token, a vendor's (stripe, slack, hubspot-v3, github, shopify,"
                    + " frappe) or none");
        }
    }

    private void flowTrigger(Fields f) {
        String flow = f.string("flow");
        if (flow != null && !FLOW_REF.matcher(flow).matches()) {
            f.invalid("flow", "'flow' must name the watched flow as namespace/id, such as finance/invoices,"
                    + " but was '" + flow + "'");
        }
        JsonNode status = f.any("status");
        if (status == null || status.isNull()) {
            return;
        }
        List<JsonNode> values = new ArrayList<>();
        if (status.isArray()) {
            status.forEach(values::add);
        } else {
            values.add(status);
        }
        for (JsonNode v : values) {
            if (!v.isTextual() || !FLOW_TRIGGER_STATUSES.contains(v.asText())) {
                f.invalid("status", "'status' lists the end states that start this flow, among "
                        + String.join(", ", FLOW_TRIGGER_STATUSES) + ", but held " + Fields.describe(v));
            }
        }
    }
}
