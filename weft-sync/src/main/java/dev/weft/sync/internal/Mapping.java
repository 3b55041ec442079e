package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.expr.JsonTemplate;
import dev.weft.engine.expr.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One direction's mapping, compiled: each target field's value from the source record, by a JSONata template
 * whose names are the record's fields. A field that is exactly one field of the source ({@code "{{ email }}"})
 * is copied without evaluating anything, which is most of a typical mapping and what makes a million records
 * a minute possible. Thread-safe.
 */
final class Mapping {
    private static final Pattern PLAIN = Pattern.compile("^\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record Field(String name, String copyOf, JsonTemplate template) {
    }

    private final List<Field> fields;
    private final List<String> names;
    private final boolean copiesOnly;

    private Mapping(List<Field> fields) {
        this.fields = fields;
        this.names = fields.stream().map(Field::name).toList();
        this.copiesOnly = fields.stream().allMatch(f -> f.copyOf() != null);
    }

    /** Compiles a checked mapping object (field name to template). */
    static Mapping of(JsonNode mapping) {
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : mapping.properties()) {
            JsonNode v = f.getValue();
            Matcher plain = v.isTextual() ? PLAIN.matcher(v.textValue()) : null;
            if (plain != null && plain.matches()) {
                fields.add(new Field(f.getKey(), plain.group(1), null));
            } else {
                try {
                    fields.add(new Field(f.getKey(), null, JsonTemplate.compile(v)));
                } catch (ExpressionException e) {
                    throw new IllegalArgumentException(
                            "a checked mapping does not compile: " + e.getMessage(), e);
                }
            }
        }
        return new Mapping(List.copyOf(fields));
    }

    /** The target fields this mapping writes, in order. */
    List<String> fields() {
        return names;
    }

    /** The target record of a source record; a field whose expression gives nothing is null. */
    ObjectNode apply(JsonNode source) throws ExpressionException {
        ObjectNode out = NODES.objectNode();
        Scope scope = copiesOnly ? null : scope(source);
        for (Field f : fields) {
            if (f.copyOf() != null) {
                JsonNode v = source.get(f.copyOf());
                out.set(f.name(), v == null ? NODES.nullNode() : v);
            } else {
                try {
                    JsonNode v = f.template().render(scope);
                    out.set(f.name(), v == null || v.isMissingNode() ? NODES.nullNode() : v);
                } catch (ExpressionException e) {
                    throw new ExpressionException(e.getMessage(), e.offset(), "/" + f.name() + e.path(), e);
                }
            }
        }
        return out;
    }

    /** The fields of {@code record} this mapping writes, as they are there. */
    ObjectNode project(JsonNode record) {
        ObjectNode out = NODES.objectNode();
        for (String name : names) {
            JsonNode v = record.get(name);
            out.set(name, v == null ? NODES.nullNode() : v);
        }
        return out;
    }

    private static Scope scope(JsonNode record) {
        Scope scope = Scope.empty();
        record.properties().forEach(e -> scope.put(e.getKey(), e.getValue()));
        return scope;
    }
}
