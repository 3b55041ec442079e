package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code llm.classify}: one of the step's labels for a text. The model answers {@code {"label": ...,
 * "confidence": ...}} (held to the labels by {@code response_format} where the endpoint offers it). The score
 * is the probability of the label's tokens when the endpoint gives log probabilities ({@code logprobs},
 * {@code top_logprobs} are asked for), else the confidence the model stated. A label not in the list is sent
 * back once. Stateless.
 */
final class Classify {
    static final String OPERATION = "llm.classify";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Classify() {
    }

    static ObjectNode run(ModelEndpoint endpoint, Call call, long started) throws ConnectorException {
        Inputs in = Inputs.ofOperation(OPERATION);
        JsonNode input = call.input();
        String text = in.required(input, "input", "My parcel never arrived");
        List<String> labels = in.strings(input, "labels", "complaint");
        if (labels.size() < 2 || new LinkedHashSet<>(labels).size() != labels.size()) {
            throw in.invalid("labels", "must hold at least two different labels, such as [\"complaint\","
                    + " \"question\", \"praise\"], but was " + labels);
        }
        String instructions = in.text(input, "instructions", null);
        boolean logprobs = in.bool(input, "logprobs", true);
        Settings.StructuredOutput mode = endpoint.settings().structuredOutput();

        ObjectNode body = Chat.base(endpoint.settings(), in, input);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system(labels, instructions));
        messages.addObject().put("role", "user").put("content", text);
        if (mode == Settings.StructuredOutput.JSON_SCHEMA) {
            ObjectNode schema = NODES.objectNode().put("type", "object").put("additionalProperties", false);
            ObjectNode properties = schema.putObject("properties");
            labels.forEach(properties.putObject("label").put("type", "string").putArray("enum")::add);
            properties.putObject("confidence").put("type", "number");
            schema.putArray("required").add("label").add("confidence");
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", "classification").put("strict", true).set("schema",
                    schema);
        } else if (mode == Settings.StructuredOutput.JSON_OBJECT) {
            body.putObject("response_format").put("type", "json_object");
        }
        if (logprobs) {
            body.put("logprobs", true).put("top_logprobs", 5);
        }

        Usage usage = Usage.NONE;
        String said = "";
        for (int attempt = 1; attempt <= 2; attempt++) {
            Answer answer = endpoint.chat(body, call, attempt, started);
            usage = usage.plus(answer.usage());
            String content = answer.content() == null ? "" : answer.content();
            JsonNode value = Extract.json(content);
            said = value != null && value.path("label").isTextual()
                    ? value.get("label").asText()
                    : content.strip();
            if (labels.contains(said)) {
                ObjectNode out = NODES.objectNode().put("label", said);
                Double fromTokens = answer.logprobs() == null
                        ? null
                        : labelProbability(answer.logprobs(), content,
                                said);
                if (fromTokens != null) {
                    out.put("score", fromTokens).put("scoreFrom", "logprobs");
                } else {
                    double stated = value == null
                            ? Double.NaN
                            : value.path("confidence").asDouble(Double.NaN);
                    out.put("score", Double.isNaN(stated) ? 0 : Math.max(0, Math.min(1, stated)))
                            .put("scoreFrom", Double.isNaN(stated) ? "none" : "stated");
                }
                out.set("usage", usage.toJson());
                out.put("latencyMs", (System.nanoTime() - started) / 1_000_000).put("model", answer.model());
                return out;
            }
            messages.addObject().put("role", "assistant").put("content", content);
            messages.addObject().put("role", "user").put("content",
                    "\"" + said + "\" is not one of the labels."
                            + " Answer again with exactly one of: " + String.join(", ", labels) + ".");
        }
        ObjectNode details = NODES.objectNode().put("answer", Chat.abbreviate(NODES.textNode(said)));
        labels.forEach(details.putArray("labels")::add);
        details.set("usage", usage.toJson());
        throw ConnectorException.permanent("llm.classify_invalid", OPERATION + ": the model answered \""
                + Chat.abbreviate(NODES.textNode(said)) + "\", twice not one of the labels " + labels
                + " (describe the labels in the instructions, or use structuredOutput json_schema)", details,
                null);
    }

    private static String system(List<String> labels, String instructions) {
        StringBuilder s = new StringBuilder("Classify the user's text with exactly one of these labels: ")
                .append(String.join(", ", labels))
                .append(". Answer with JSON only: {\"label\": <one of the labels, as written>, \"confidence\":"
                        + " <how sure you are, from 0 to 1>}.");
        if (instructions != null && !instructions.isBlank()) {
            s.append("\n\n").append(instructions);
        }
        return s.toString();
    }

    /**
     * The probability of the tokens that spell the label in the answer: the exponent of the sum of their log
     * probabilities. Null when the tokens do not spell the answer (a server that reports them otherwise).
     */
    static Double labelProbability(JsonNode tokens, String content, String label) {
        int at = content.indexOf("\"" + label + "\"");
        int from = at >= 0 ? at + 1 : content.indexOf(label);
        if (from < 0) {
            return null;
        }
        int to = from + label.length();
        int position = 0;
        double sum = 0;
        boolean any = false;
        for (JsonNode t : tokens) {
            String token = t.path("token").asText("");
            int end = position + token.length();
            if (end > from && position < to) {
                if (!t.path("logprob").isNumber()) {
                    return null;
                }
                sum += t.get("logprob").asDouble();
                any = true;
            }
            position = end;
        }
        return any && position >= to ? Math.exp(sum) : null;
    }
}
