package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code llm.extract}: a JSON value of the step's schema taken from a text. The endpoint is held to the schema
 * as far as it can be ({@code response_format} {@code json_schema}, else {@code json_object}, else the schema
 * in the instructions); every answer is checked against the schema all the same, and one that does not fit is
 * sent back with what it breaks, a bounded number of times. Stateless.
 */
final class Extract {
    static final String OPERATION = "llm.extract";
    static final int DEFAULT_REPAIRS = 2;
    static final int MAX_REPAIRS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Extract() {
    }

    static ObjectNode run(ModelEndpoint endpoint, Call call, long started) throws ConnectorException {
        Inputs in = Inputs.ofOperation(OPERATION);
        JsonNode input = call.input();
        String text = in.required(input, "input", "Invoice 2026-114 from ACME, total 1,250.00 EUR");
        JsonNode schema = input.get("schema");
        SchemaCheck check = SchemaCheck.of(in, "schema", schema);
        int maxRepairs = in.integer(input, "maxRepairs", DEFAULT_REPAIRS, 0, MAX_REPAIRS);
        String instructions = in.text(input, "instructions", null);
        Settings.StructuredOutput mode = endpoint.settings().structuredOutput();

        ObjectNode body = Chat.base(endpoint.settings(), in, input);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system(schema, instructions, mode));
        messages.addObject().put("role", "user").put("content", text);
        switch (mode) {
            case JSON_SCHEMA -> {
                ObjectNode format = body.putObject("response_format").put("type", "json_schema");
                format.putObject("json_schema").put("name", "extraction").put("strict", strictFits(schema))
                        .set("schema", schema);
            }
            case JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
            case NONE -> {
                // the schema is in the instructions; the answer is read from the text
            }
        }

        Usage usage = Usage.NONE;
        List<String> problems = List.of();
        String last = "";
        String model = "";
        for (int attempt = 1; attempt <= maxRepairs + 1; attempt++) {
            Answer answer = endpoint.chat(body, call, attempt, started);
            usage = usage.plus(answer.usage());
            model = answer.model();
            last = answer.content() == null ? "" : answer.content();
            JsonNode value = json(last);
            problems = value == null ? List.of(notJson(answer)) : check.problems(value);
            if (problems.isEmpty()) {
                ObjectNode out = NODES.objectNode();
                out.set("value", value);
                out.put("attempts", attempt).put("mode", mode.wireName());
                out.set("usage", usage.toJson());
                out.put("latencyMs", (System.nanoTime() - started) / 1_000_000).put("model", model);
                return out;
            }
            messages.addObject().put("role", "assistant").put("content", last);
            messages.addObject().put("role", "user").put("content",
                    "That answer does not fit the JSON Schema:\n- "
                            + String.join("\n- ", problems)
                            + "\nAnswer again with the corrected JSON value only.");
        }
        ObjectNode details = NODES.objectNode().put("attempts", maxRepairs + 1).put("mode", mode.wireName());
        problems.forEach(details.putArray("problems")::add);
        details.put("answer", Chat.abbreviate(NODES.textNode(last)));
        details.set("usage", usage.toJson());
        throw ConnectorException.permanent("llm.extract_invalid",
                OPERATION + ": model " + model + "'s answer did"
                        + " not fit the schema after " + (maxRepairs + 1) + " attempt"
                        + (maxRepairs == 0 ? "" : "s") + ": "
                        + String.join("; ", problems)
                        + " (describe the fields in the schema or the instructions, raise"
                        + " maxRepairs, or use a stronger model)",
                details, null);
    }

    private static String system(JsonNode schema, String instructions, Settings.StructuredOutput mode) {
        StringBuilder s = new StringBuilder(
                "Extract what the user's text says as JSON. Answer with one JSON value"
                        + " only: no prose, no code fences. Leave out what the text does not say, unless the schema"
                        + " requires it.");
        if (mode != Settings.StructuredOutput.JSON_SCHEMA) {
            s.append("\nThe JSON must fit this JSON Schema:\n").append(schema);
        }
        if (instructions != null && !instructions.isBlank()) {
            s.append("\n\n").append(instructions);
        }
        return s.toString();
    }

    private static String notJson(Answer answer) {
        if ("length".equals(answer.finishReason())) {
            return "(the whole answer): not complete JSON: it was cut off at maxTokens";
        }
        return answer.content() == null || answer.content().isBlank()
                ? "(the whole answer): no text"
                : "(the whole answer): not JSON";
    }

    /**
     * The answer as JSON: the whole text, or what is inside code fences, or from its first brace or bracket to
     * the last one (a model asked without {@code response_format} often writes a sentence around it).
     */
    static JsonNode json(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[A-Za-z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        JsonNode whole = parse(t);
        if (whole != null) {
            return whole;
        }
        int from = firstOf(t, '{', '[');
        int to = Math.max(t.lastIndexOf('}'), t.lastIndexOf(']'));
        return from >= 0 && to > from ? parse(t.substring(from, to + 1)) : null;
    }

    private static int firstOf(String t, char a, char b) {
        int i = t.indexOf(a);
        int j = t.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether OpenAI's strict mode takes the schema: every object lists all its properties as required and
     * allows no others. A schema that does not is sent with {@code strict: false} (the endpoint then tries to
     * follow it, and the answer is checked here).
     */
    static boolean strictFits(JsonNode schema) {
        if (schema.isObject()) {
            JsonNode properties = schema.get("properties");
            if (properties != null && properties.isObject()) {
                if (!schema.path("additionalProperties").isBoolean()
                        || schema.get("additionalProperties").asBoolean()) {
                    return false;
                }
                Set<String> required = new HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                for (Map.Entry<String, JsonNode> p : properties.properties()) {
                    if (!required.contains(p.getKey())) {
                        return false;
                    }
                }
            }
            for (Map.Entry<String, JsonNode> field : schema.properties()) {
                if (!field.getKey().equals("enum") && !field.getKey().equals("const")
                        && !strictFits(field.getValue())) {
                    return false;
                }
            }
        } else if (schema.isArray()) {
            for (JsonNode item : schema) {
                if (!strictFits(item)) {
                    return false;
                }
            }
        }
        return true;
    }
}
