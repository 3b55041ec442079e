package dev.weft.engine.flow;

import dev.weft.connector.Suggestions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Binds step objects of a flow file to {@link Step} records, reporting what is wrong with each. */
final class StepBinder {
    /** Fields every step has, in the order the docs list them. */
    static final List<String> COMMON_FIELDS = List.of("id", "type", "next", "onError", "retry", "timeout",
            "if",
            "compensate");
    /** The fields each step type adds. */
    static final Map<String, List<String>> TYPE_FIELDS = typeFields();
    static final List<String> RETRY_FIELDS = List.of("maxAttempts", "backoff", "initial", "max", "jitter");
    /** {@code next: end} stops the path, so no step may be called that. */
    static final String END = "end";

    static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    static final String STEP_ID_EXPECTED = "letters, digits, '-' and '_', starting with a letter or digit";
    private static final Pattern OPERATION = Pattern
            .compile("[a-z0-9][a-z0-9_-]*\\.[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern FLOW_REF = Pattern.compile("[a-z0-9][a-z0-9_-]*/[a-z0-9][a-z0-9_-]*");

    private final Problems problems;
    private static final java.util.regex.Pattern EVENT_TYPE = java.util.regex.Pattern
            .compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)+");

    StepBinder(Problems problems) {
        this.problems = problems;
    }

    private static Map<String, List<String>> typeFields() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("call", List.of("operation", "system", "with"));
        m.put("transform", List.of("output"));
        m.put("switch", List.of("cases", "default"));
        m.put("parallel", List.of("branches"));
        m.put("foreach", List.of("items", "concurrency", "steps"));
        m.put("wait", List.of("duration", "until"));
        m.put("await", List.of("signal"));
        m.put("subflow", List.of("flow", "input"));
        m.put("respond", List.of("status", "headers", "body"));
        m.put("emit", List.of("event", "payload"));
        m.put("fail", List.of("message", "code"));
        m.put("agent", List.of("system", "goal", "instructions", "model", "tools", "limits"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Binds every element; one step per element, even a broken one, so indexes match the file. */
    List<Step> bindList(JsonNode list, String pointer) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            steps.add(bind(list.get(i), Pointers.child(pointer, i), null));
        }
        return steps;
    }

    /**
     * @param compensating the id of the step this one compensates, or null for a step of a list
     */
    private Step bind(JsonNode node, String pointer, String compensating) {
        if (!node.isObject()) {
            problems.at(pointer, "each step must be an object with at least 'id' and 'type', but was "
                    + Fields.describe(node));
            return placeholder(new Step.Common(null, null, null, null, RetryPolicy.NONE, null, null, null));
        }
        String rawId = node.path("id").isTextual() ? node.get("id").textValue() : null;
        String owner = compensating != null
                ? "compensate step of '" + compensating + "'"
                : rawId != null ? "step '" + rawId + "'" : "step " + pointer;
        Fields f = new Fields(node, pointer, owner, problems);
        String type = f.requiredString("type", "one of " + String.join(", ", TYPE_FIELDS.keySet()));
        List<String> specific = type == null ? null : TYPE_FIELDS.get(type);
        if (type != null && specific == null) {
            String hint = Suggestions.didYouMean(type, TYPE_FIELDS.keySet());
            f.invalid("type",
                    "unknown step type '" + type + "'" + (hint.isEmpty() ? "." : hint) + " Step types: "
                            + String.join(", ", TYPE_FIELDS.keySet()));
        }
        if (specific != null) {
            // await's own timeout replaces the common one, so the field list stays the same.
            f.allowOnly(Stream.concat(COMMON_FIELDS.stream(), specific.stream()).toList(),
                    "a " + type + " step");
        } else {
            // Without a type, still catch typos such as 'typ' against every field any step may have.
            f.allowOnly(
                    Stream.concat(COMMON_FIELDS.stream(), TYPE_FIELDS.values().stream().flatMap(List::stream))
                            .distinct().toList(),
                    "any step");
        }
        String id;
        if (compensating != null) {
            String given = f.matching("id", STEP_ID, "a step id: " + STEP_ID_EXPECTED, false);
            id = given != null ? given : compensating + "-compensate";
            for (String field : List.of("next", "onError", "compensate")) {
                if (f.has(field)) {
                    f.invalid(field, "a compensate step runs on its own after a failure; '" + field
                            + "' is not allowed here");
                }
            }
        } else {
            id = f.matching("id", STEP_ID, "a step id: " + STEP_ID_EXPECTED, true);
        }
        if (END.equals(id)) {
            f.invalid("id", "'end' is reserved ('next: end' stops a path); choose another step id");
        }
        Step.Common common = common(f, id, type);
        if (specific == null) {
            return placeholder(common);
        }
        return switch (type) {
            case "call" -> new Step.Call(common, f.matching("operation", OPERATION,
                    "a connector operation written connector.operation, such as http.request", true),
                    f.string("system"), f.any("with"));
            case "transform" -> new Step.Transform(common,
                    f.required("output", "the value the step produces; it may contain expressions"));
            case "switch" -> switchStep(f, common);
            case "parallel" -> new Step.Parallel(common, branches(f));
            case "foreach" -> foreach(f, common);
            case "wait" -> waitStep(f, common);
            case "await" -> new Step.Await(common,
                    f.matching("signal", STEP_ID, "a signal name: " + STEP_ID_EXPECTED, true),
                    f.duration("timeout", null, true));
            case "subflow" -> new Step.Subflow(common,
                    f.matching("flow", FLOW_REF,
                            "the flow to run, written namespace/id such as finance/invoice-approval",
                            true),
                    f.any("input"));
            case "respond" -> respond(f, common);
            case "agent" -> new AgentBinder(problems).bind(f, common);
            case "emit" -> new Step.Emit(common, f.matching("event", EVENT_TYPE,
                    "a custom event type: dotted lower-case words such as invoice.approved", true),
                    f.any("payload"));
            default -> new Step.Fail(common, f.requiredString("message", "why the execution fails"),
                    f.string("code"));
        };
    }

    /**
     * Stands in for a step whose type is missing or unknown, so that its id still counts and list indexes
     * still match the file; it never reaches the engine because its flow has problems.
     */
    private static Step placeholder(Step.Common common) {
        return new Step.Transform(common, NullNode.getInstance());
    }

    private Step.Common common(Fields f, String id, String type) {
        String next = f.string("next");
        if ("switch".equals(type) && f.has("next")) {
            f.invalid("next",
                    "a switch step chooses what runs next with 'cases' and 'default'; use 'default' "
                            + "instead of 'next'");
        }
        String onError = f.string("onError");
        RetryPolicy retry = retry(f);
        Duration timeout = "await".equals(type) ? null : f.duration("timeout", null, true);
        String ifCondition = f.string("if");
        Step compensate = null;
        if (f.object("compensate") != null) {
            compensate = bind(f.any("compensate"), f.pointer("compensate"), id == null ? "step" : id);
        }
        return new Step.Common(id, type, next, onError, retry, timeout, ifCondition, compensate);
    }

    private RetryPolicy retry(Fields step) {
        JsonNode node = step.object("retry");
        if (node == null) {
            return RetryPolicy.NONE;
        }
        Fields f = new Fields(node, step.pointer("retry"), step.owner() + " retry", problems);
        f.allowOnly(RETRY_FIELDS, "retry");
        int maxAttempts = f.integer("maxAttempts", RetryPolicy.DEFAULT_MAX_ATTEMPTS, 1);
        String backoff = f.choice("backoff", List.of("fixed", "exponential"), "exponential");
        Duration initial = f.duration("initial", RetryPolicy.DEFAULT_INITIAL, false);
        Duration max = f.duration("max", RetryPolicy.DEFAULT_MAX, false);
        double jitter = f.number("jitter", RetryPolicy.DEFAULT_JITTER, 0, 1);
        if (initial.compareTo(max) > 0) {
            f.invalid(f.has("initial") ? "initial" : "max",
                    "'initial' (" + initial + ") must not be longer than 'max' ("
                            + max + ")");
        }
        return new RetryPolicy(maxAttempts,
                RetryPolicy.Backoff.valueOf(backoff.toUpperCase(java.util.Locale.ROOT)),
                initial, max, jitter);
    }

    private Step switchStep(Fields f, Step.Common common) {
        JsonNode cases = f.list("cases", true, "a list of cases, each with 'when' and 'next'");
        List<Step.Case> bound = new ArrayList<>();
        for (int i = 0; cases != null && i < cases.size(); i++) {
            String pointer = Pointers.child(f.pointer("cases"), i);
            JsonNode c = cases.get(i);
            if (!c.isObject()) {
                problems.at(pointer,
                        f.owner() + ": each case must be an object with 'when' and 'next', but was "
                                + Fields.describe(c));
                bound.add(new Step.Case(null, null));
                continue;
            }
            Fields cf = new Fields(c, pointer, f.owner() + " case " + (i + 1), problems);
            cf.allowOnly(List.of("when", "next"), "a switch case");
            bound.add(new Step.Case(
                    cf.requiredString("when", "the condition, an expression such as \"{{ input.x > 1 }}\""),
                    cf.requiredString("next", "the id of the step to run when the condition holds")));
        }
        return new Step.Switch(common, bound, f.string("default"));
    }

    private List<Step.Branch> branches(Fields f) {
        JsonNode branches = f.list("branches", true, "a list of branches, each with 'id' and 'steps'");
        List<Step.Branch> bound = new ArrayList<>();
        for (int i = 0; branches != null && i < branches.size(); i++) {
            String pointer = Pointers.child(f.pointer("branches"), i);
            JsonNode b = branches.get(i);
            if (!b.isObject()) {
                problems.at(pointer,
                        f.owner() + ": each branch must be an object with 'id' and 'steps', but was "
                                + Fields.describe(b));
                bound.add(new Step.Branch(null, List.of()));
                continue;
            }
            Fields bf = new Fields(b, pointer, f.owner() + " branch " + (i + 1), problems);
            bf.allowOnly(List.of("id", "steps"), "a parallel branch");
            String id = bf.matching("id", STEP_ID, "a branch id: " + STEP_ID_EXPECTED, true);
            JsonNode steps = bf.list("steps", true, "the steps the branch runs, in order");
            bound.add(new Step.Branch(id, steps == null ? List.of() : bindList(steps, bf.pointer("steps"))));
        }
        return bound;
    }

    private Step foreach(Fields f, Step.Common common) {
        String items = f.requiredString("items",
                "an expression giving the list to iterate, such as \"{{ input.orders }}\"");
        if (items != null && !items.contains("{{")) {
            f.invalid("items", "'items' must be an expression such as \"{{ input.orders }}\", but was \""
                    + items + "\"");
        }
        int concurrency = f.integer("concurrency", 1, 1);
        JsonNode steps = f.list("steps", true, "the steps run for each item, in order");
        return new Step.Foreach(common, items, concurrency,
                steps == null ? List.of() : bindList(steps, f.pointer("steps")));
    }

    private Step respond(Fields f, Step.Common common) {
        com.fasterxml.jackson.databind.node.ObjectNode response = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode();
        JsonNode status = f.any("status");
        if (status != null && !(status.isInt() && status.asInt() >= 200 && status.asInt() <= 599)
                && !(status.isTextual() && status.asText().contains("{{"))) {
            f.invalid("status",
                    "'status' must be a final HTTP status from 200 to 599 (1xx answers are the server's own),"
                            + " or an expression giving one, but was "
                            + Fields.describe(status));
        }
        response.set("status",
                status == null ? com.fasterxml.jackson.databind.node.IntNode.valueOf(200) : status);
        JsonNode headers = f.any("headers");
        if (headers != null && !headers.isObject()) {
            f.invalid("headers", "'headers' must be an object of header names to values, but was "
                    + Fields.describe(headers));
        }
        response.set("headers",
                headers == null
                        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        : headers);
        JsonNode body = f.any("body");
        response.set("body", body == null ? NullNode.getInstance() : body);
        return new Step.Respond(common, response);
    }

    private Step waitStep(Fields f, Step.Common common) {
        Duration duration = f.duration("duration", null, true);
        String until = f.string("until");
        if (f.has("duration") && f.has("until")) {
            f.invalid("until", "a wait step takes either 'duration' or 'until', not both");
        } else if (!f.has("duration") && !f.has("until")) {
            f.problems().missing(f.pointer(), "duration",
                    f.owner() + ": a wait step needs 'duration' (such as 10m) "
                            + "or 'until' (an instant, or an expression giving one)");
        }
        return new Step.Wait(common, duration, until);
    }
}
