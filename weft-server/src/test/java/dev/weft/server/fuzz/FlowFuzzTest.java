package dev.weft.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.engine.FlowParser;
import dev.weft.engine.InvalidFlowException;
import dev.weft.engine.expr.ExpressionException;
import dev.weft.engine.expr.Scope;
import dev.weft.engine.expr.Template;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The flow reader and validator, and the expression evaluator, on any input: a flow is valid or its problems
 * are listed; an expression evaluates or fails as an expression. Anything else (an unexpected exception, a
 * stack overflow, a hang) is a finding. The committed inputs ({@code FlowFuzzTestInputs/}) replay in every
 * build: YAML alias bombs, deep nesting, expression escapes tried against other platforms.
 */
class FlowFuzzTest {
    private static final FlowParser PARSER = FlowParser.reading(Set.of("http.request"));

    @FuzzTest(maxDuration = "5s")
    void flowSourceIsReadOrRefusedWithProblems(byte[] data) {
        String source = new String(data, StandardCharsets.UTF_8);
        try {
            PARSER.parse("fuzz.yaml", source);
        } catch (InvalidFlowException expected) {
            // A flow that is not valid: its problems are the answer.
        }
    }

    @FuzzTest(maxDuration = "5s")
    void expressionsEvaluateOrFailAsExpressions(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            Template template = Template.parse(text);
            Scope scope = Scope.empty().put("input", JsonNodeFactory.instance.objectNode().put("n", 7)
                    .put("s", "text").set("items", JsonNodeFactory.instance.arrayNode().add(1).add("two")));
            template.evaluate(scope);
        } catch (ExpressionException expected) {
            // Not an expression, or it failed: the evaluator says where.
        }
    }
}
