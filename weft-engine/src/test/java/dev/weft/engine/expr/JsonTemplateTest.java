package dev.weft.engine.expr;

import static dev.weft.engine.expr.TemplateTest.json;
import static dev.weft.engine.expr.TemplateTest.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonTemplateTest {

    @Test
    void rendersExpressionsAnywhereInTheTree() throws Exception {
        JsonTemplate t = JsonTemplate.compile(
                json("""
                        {"url": "https://example.test/orders/{{ input.amount }}",
                         "body": {"amount": "{{ input.amount }}", "who": "{{ input.who }}",
                                  "lines": [1, "{{ input.tags }}", {"{{ not.a.template }}": "{{ input.amount > 40 }}"}]},
                         "fixed": {"a": [1, 2, "three"]}, "n": 5, "flag": true, "none": null}
                        """));
        assertThat(t.render(scope())).isEqualTo(json("""
                {"url": "https://example.test/orders/42",
                 "body": {"amount": 42, "who": {"name": "Ada"},
                          "lines": [1, ["a", "b"], {"{{ not.a.template }}": true}]},
                 "fixed": {"a": [1, 2, "three"]}, "n": 5, "flag": true, "none": null}
                """));
    }

    @Test
    void constantSubtreesAreSharedNotCopied() throws Exception {
        JsonNode source = json("{\"fixed\": {\"a\": [1, 2]}, \"x\": \"{{ input.amount }}\"}");
        JsonTemplate t = JsonTemplate.compile(source);
        assertThat(t.isConstant()).isFalse();
        assertThat(t.render(scope()).get("fixed")).isSameAs(source.get("fixed"));

        JsonNode constant = json("{\"a\": [\"no expressions\", \"{ single braces }\"]}");
        JsonTemplate c = JsonTemplate.compile(constant);
        assertThat(c.isConstant()).isTrue();
        assertThat(c.render(scope())).isSameAs(constant);
    }

    @Test
    void scalarsAndTopLevelStringsWork() throws Exception {
        assertThat(JsonTemplate.compile(json("\"{{ input.amount + 1 }}\"")).render(scope()))
                .isEqualTo(json("43"));
        assertThat(JsonTemplate.compile(json("7")).render(scope())).isEqualTo(json("7"));
    }

    @Test
    void compileErrorsNameTheJsonPointer() {
        assertThatThrownBy(() -> JsonTemplate.compile(json(
                "{\"body\": {\"a/b\": [0, \"ok {{ input.( }}\"]}}")))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.path()).isEqualTo("/body/a~1b/1");
                    assertThat(e.offset()).isGreaterThanOrEqualTo(5);
                    assertThat(e.toString()).contains("/body/a~1b/1");
                });
    }

    @Test
    void evaluationErrorsNameTheJsonPointer() throws Exception {
        JsonTemplate t = JsonTemplate.compile(json("{\"list\": [\"fine\", \"{{ $random() }}\"]}"));
        assertThatThrownBy(() -> t.render(scope())).isInstanceOfSatisfying(ExpressionException.class,
                e -> assertThat(e.path()).isEqualTo("/list/1"));
    }
}
