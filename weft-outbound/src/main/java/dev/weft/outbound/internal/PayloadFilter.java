package dev.weft.outbound.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.expr.Scope;
import dev.weft.engine.expr.Template;
import java.util.Map;

/**
 * An endpoint's JSONata filter on an event's payload, evaluated by the flows' sandboxed expression engine:
 * the payload's fields are its top-level names ({@code amount > 1000}, {@code status = "failed"}). An event
 * passes when the result is truthy. Immutable and thread-safe.
 */
final class PayloadFilter {
    private final Template template;

    private PayloadFilter(Template template) {
        this.template = template;
    }

    /**
     * Compiles a filter.
     *
     * @throws ExpressionException naming the offset (in the filter's own text) and what is wrong
     */
    static PayloadFilter compile(String filter) throws ExpressionException {
        if (filter.contains("{{") || filter.contains("}}")) {
            throw new ExpressionException("a filter is one JSONata expression without {{ }}, such as"
                    + " amount > 1000", Math.max(0, filter.indexOf(filter.contains("{{") ? "{{" : "}}")),
                    null);
        }
        try {
            return new PayloadFilter(Template.parse("{{" + filter + "}}"));
        } catch (ExpressionException e) {
            throw new ExpressionException(e.getMessage(), Math.max(0, e.offset() - 2), null);
        }
    }

    /**
     * Whether the event passes.
     *
     * @throws ExpressionException when the expression fails on this payload (a bound exceeded)
     */
    boolean test(JsonNode payload) throws ExpressionException {
        Scope scope = Scope.empty();
        if (payload != null && payload.isObject()) {
            for (Map.Entry<String, JsonNode> field : payload.properties()) {
                scope.put(field.getKey(), field.getValue());
            }
        }
        return template.test(scope);
    }
}
