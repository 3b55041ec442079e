package dev.weft.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value whose strings may hold expressions, compiled once. Thread-safe.
 */
public final class JsonTemplate {
    private final JsonNode constant;
    private final Template template;
    private final Map<String, JsonTemplate> fields;
    private final List<JsonTemplate> elements;

    private JsonTemplate(JsonNode constant, Template template, Map<String, JsonTemplate> fields,
            List<JsonTemplate> elements) {
        this.constant = constant;
        this.template = template;
        this.fields = fields;
        this.elements = elements;
    }

    public static JsonTemplate compile(JsonNode value) throws ExpressionException {
        if (value == null || !containsExpression(value)) {
            return new JsonTemplate(value, null, null, null);
        }
        if (value.isTextual()) {
            return new JsonTemplate(null, Template.parse(value.asText()), null, null);
        }
        if (value.isObject()) {
            Map<String, JsonTemplate> fields = new LinkedHashMap<>();
            for (var e : value.properties()) {
                fields.put(e.getKey(), compile(e.getValue()));
            }
            return new JsonTemplate(null, null, fields, null);
        }
        List<JsonTemplate> elements = new ArrayList<>();
        for (JsonNode e : value) {
            elements.add(compile(e));
        }
        return new JsonTemplate(null, null, null, elements);
    }

    private static boolean containsExpression(JsonNode value) {
        if (value.isTextual()) {
            return Template.hasExpression(value.asText());
        }
        if (value.isContainerNode()) {
            for (JsonNode child : value) {
                if (containsExpression(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    public JsonNode render(Scope scope) throws ExpressionException {
        if (template != null) {
            return template.evaluate(scope);
        }
        if (fields != null) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (var e : fields.entrySet()) {
                out.set(e.getKey(), e.getValue().render(scope));
            }
            return out;
        }
        if (elements != null) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonTemplate e : elements) {
                out.add(e.render(scope));
            }
            return out;
        }
        return constant;
    }
}
