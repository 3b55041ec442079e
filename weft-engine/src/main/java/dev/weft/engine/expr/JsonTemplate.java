package dev.weft.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON value (a step's {@code with}, for example) in which every string containing <code>{{</code> is a
 * {@link Template}; object keys are taken literally. Compiled once; {@link #render(Scope)} evaluates the
 * templates and returns a new tree, sharing the subtrees that hold no expression (callers must not modify
 * the result or the compiled source). Errors carry the JSON pointer of the offending string in
 * {@link ExpressionException#path()}. Thread-safe.
 */
public final class JsonTemplate {
    private final Node root;

    private JsonTemplate(Node root) {
        this.root = root;
    }

    /** Compiles {@code value}; fails on the first malformed expression, naming its JSON pointer. */
    public static JsonTemplate compile(JsonNode value) throws ExpressionException {
        return new JsonTemplate(compile(value, ""));
    }

    /** Whether rendering can give anything but the compiled value itself. */
    public boolean isConstant() {
        return root instanceof Constant;
    }

    public JsonNode render(Scope scope) throws ExpressionException {
        return root.render(scope);
    }

    private static Node compile(JsonNode value, String pointer) throws ExpressionException {
        if (value.isTextual() && Template.hasExpression(value.textValue())) {
            try {
                return new Expression(Template.parse(value.textValue()), pointer);
            } catch (ExpressionException e) {
                throw e.at(pointer);
            }
        }
        if (value.isObject()) {
            List<String> names = new ArrayList<>(value.size());
            List<Node> nodes = new ArrayList<>(value.size());
            boolean constant = true;
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                Node node = compile(field.getValue(), pointer + "/" + escape(field.getKey()));
                constant &= node instanceof Constant;
                names.add(field.getKey());
                nodes.add(node);
            }
            return constant ? new Constant(value) : new ObjectTemplate(names, nodes);
        }
        if (value.isArray()) {
            List<Node> nodes = new ArrayList<>(value.size());
            boolean constant = true;
            for (int i = 0; i < value.size(); i++) {
                Node node = compile(value.get(i), pointer + "/" + i);
                constant &= node instanceof Constant;
                nodes.add(node);
            }
            return constant ? new Constant(value) : new ArrayTemplate(nodes);
        }
        return new Constant(value);
    }

    // RFC 6901: '~' and '/' in a key are written '~0' and '~1'
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private sealed interface Node {
        JsonNode render(Scope scope) throws ExpressionException;
    }

    private record Constant(JsonNode value) implements Node {
        @Override
        public JsonNode render(Scope scope) {
            return value;
        }
    }

    private record Expression(Template template, String pointer) implements Node {
        @Override
        public JsonNode render(Scope scope) throws ExpressionException {
            try {
                return template.evaluate(scope);
            } catch (ExpressionException e) {
                throw e.at(pointer);
            }
        }
    }

    private record ObjectTemplate(List<String> names, List<Node> nodes) implements Node {
        @Override
        public JsonNode render(Scope scope) throws ExpressionException {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < names.size(); i++) {
                out.set(names.get(i), nodes.get(i).render(scope));
            }
            return out;
        }
    }

    private record ArrayTemplate(List<Node> nodes) implements Node {
        @Override
        public JsonNode render(Scope scope) throws ExpressionException {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(nodes.size());
            for (Node node : nodes) {
                out.add(node.render(scope));
            }
            return out;
        }
    }
}
