package dev.weft.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The shape of a recorded step error: {@code {code, message, step, details?}}, what {@code error} shows. */
final class Errors {
    private Errors() {
    }

    static ObjectNode of(String code, String message, String stepId) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("code", code);
        e.put("message", message);
        e.put("step", stepId);
        return e;
    }

    static ObjectNode of(String code, String message, String stepId, JsonNode details) {
        ObjectNode e = of(code, message, stepId);
        if (details != null && !details.isNull() && !details.isMissingNode()) {
            e.set("details", details);
        }
        return e;
    }

    /** An expression of the step failed while it ran (a type error, a bound); retries do not apply. */
    static ObjectNode expressionFailed(String stepId, dev.weft.engine.expr.ExpressionException e) {
        return of("expression.error", "step '" + stepId + "': expression failed: " + e.getMessage(), stepId);
    }
}
