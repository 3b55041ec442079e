package dev.weft.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Scope scope() {
        return Scope.empty()
                .put("input", json("{\"amount\": 42, \"tags\": [\"a\", \"b\"], \"who\": {\"name\": \"Ada\"},"
                        + " \"none\": null, \"price\": 1.5}"))
                .put("execution", json("{\"id\": \"ex-1\", \"flow\": \"billing\","
                        + " \"startedAt\": \"2024-05-01T10:00:00Z\"}"))
                .put("notify-finance", json("{\"status\": 202}"));
    }

    static JsonNode eval(String template) throws ExpressionException {
        return Template.parse(template).evaluate(scope());
    }

    @Test
    void aLoneExpressionYieldsTheTypedValue() throws Exception {
        assertThat(eval("{{ input.amount }}")).isEqualTo(json("42"));
        assertThat(eval("{{ input.tags }}")).isEqualTo(json("[\"a\",\"b\"]"));
        assertThat(eval("{{ input.who }}")).isEqualTo(json("{\"name\":\"Ada\"}"));
        assertThat(eval("{{ input.amount > 10 }}")).isEqualTo(json("true"));
        assertThat(eval("{{ input.none }}")).isEqualTo(json("null"));
        assertThat(eval("{{ input.price * 2 }}")).isEqualTo(json("3"));
        assertThat(eval("{{ input.price / 2 }}")).isEqualTo(json("0.75"));
    }

    @Test
    void textAroundExpressionsInterpolates() throws Exception {
        assertThat(eval("total {{ input.amount }} EUR")).isEqualTo(TextNode.valueOf("total 42 EUR"));
        assertThat(eval("{{ input.who }}!")).isEqualTo(TextNode.valueOf("{\"name\":\"Ada\"}!"));
        assertThat(eval("tags={{ input.tags }}")).isEqualTo(TextNode.valueOf("tags=[\"a\",\"b\"]"));
        assertThat(eval("[{{ input.none }}|{{ input.missing }}]")).isEqualTo(TextNode.valueOf("[|]"));
        assertThat(eval(" {{ input.amount }}")).isEqualTo(TextNode.valueOf(" 42"));
        assertThat(eval("no expression")).isEqualTo(TextNode.valueOf("no expression"));
    }

    @Test
    void missingNamesAreUndefinedNotErrors() throws Exception {
        assertThat(eval("{{ nosuchstep.output }}")).isEqualTo(json("null"));
        assertThat(eval("{{ input.nosuchfield }}")).isEqualTo(json("null"));
        assertThat(eval("{{ $exists(nosuchstep) }}")).isEqualTo(json("false"));
    }

    @Test
    void stepIdsWithDashesAreReachedWithBackquotes() throws Exception {
        assertThat(eval("{{ `notify-finance`.status }}")).isEqualTo(json("202"));
    }

    @Test
    void executionIsInScope() throws Exception {
        assertThat(eval("{{ execution.flow & '/' & execution.id }}"))
                .isEqualTo(TextNode.valueOf("billing/ex-1"));
    }

    @Test
    void lazyValuesAreLoadedOnlyWhenRead() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        Scope scope = scope().putLazy("big", () -> {
            loads.incrementAndGet();
            return json("{\"n\": 7}");
        });
        assertThat(Template.parse("{{ input.amount }}").evaluate(scope)).isEqualTo(json("42"));
        assertThat(loads).hasValue(0);
        Template readsBig = Template.parse("{{ big.n }}");
        assertThat(readsBig.evaluate(scope)).isEqualTo(json("7"));
        assertThat(readsBig.evaluate(scope)).isEqualTo(json("7"));
        assertThat(readsBig.evaluate(scope.child().put("item", json("1")))).isEqualTo(json("7"));
        assertThat(loads).hasValue(1);
    }

    @Test
    void childScopesSeeTheirParentAndHideItsNames() throws Exception {
        Scope parent = scope().put("item", json("\"outer\""));
        Scope child = parent.child().put("item", json("{\"sku\": \"X\"}")).put("index", json("3"));
        Template t = Template.parse("{{ item.sku & '#' & index & ' of ' & input.amount }}");
        assertThat(t.evaluate(child)).isEqualTo(TextNode.valueOf("X#3 of 42"));
        assertThat(Template.parse("{{ item }}").evaluate(parent)).isEqualTo(TextNode.valueOf("outer"));
    }

    @Test
    void valuesPutAfterAnEvaluationAreSeen() throws Exception {
        Scope scope = scope();
        Template t = Template.parse("{{ later }}");
        assertThat(t.evaluate(scope)).isEqualTo(json("null"));
        scope.put("later", json("1"));
        assertThat(t.evaluate(scope)).isEqualTo(json("1"));
    }

    @Test
    void syntaxErrorsPointIntoTheTemplate() {
        assertThatThrownBy(() -> Template.parse("abc {{ input.( }}")).isInstanceOf(ExpressionException.class)
                .satisfies(e -> assertThat(((ExpressionException) e).offset()).isBetween(6, 16));
        assertThatThrownBy(() -> Template.parse("abc {{ input")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("not closed")
                .satisfies(e -> assertThat(((ExpressionException) e).offset())
                        .isEqualTo(4));
        assertThatThrownBy(() -> Template.parse("x {{  }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void evaluationErrorsCarryTheExpressionOffset() {
        assertThatThrownBy(() -> eval("ok {{ input.who + 1 }}")).isInstanceOf(ExpressionException.class)
                .satisfies(e -> assertThat(((ExpressionException) e).offset()).isGreaterThanOrEqualTo(5));
        assertThatThrownBy(() -> eval("{{ $error('bad input') }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("bad input");
    }

    @Test
    void testsTruthiness() throws Exception {
        assertThat(Template.parse("{{ input.amount > 10 }}").test(scope())).isTrue();
        assertThat(Template.parse("{{ input.missing }}").test(scope())).isFalse();
        assertThat(Template.parse("{{ input.none }}").test(scope())).isFalse();
        assertThat(Template.parse("{{ input.tags }}").test(scope())).isTrue();
    }

    @Test
    void oneCompiledTemplateServesManyThreads() throws Exception {
        Template t = Template.parse("{{ $sum(input.tags.($length($))) + index }}");
        Thread[] threads = new Thread[8];
        JsonNode[] results = new JsonNode[threads.length];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    for (int k = 0; k < 200; k++) {
                        results[n] = t.evaluate(scope().put("index", json(Integer.toString(n))));
                    }
                } catch (ExpressionException e) {
                    throw new AssertionError(e);
                }
            });
        }
        for (int i = 0; i < threads.length; i++) {
            threads[i].join();
            assertThat(results[i]).isEqualTo(json(Integer.toString(2 + i)));
        }
    }

    @Test
    void aCompiledExpressionNeverSeesAnotherThreadsVariables() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Template[] probe = new Template[1];
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                Template holdsSecret = Template.parse("{{ ($secret := 'tenant-a'; big.n) }}");
                probe[0] = Template.parse("{{ $secret }}"); // compiled last on this thread
                holdsSecret.evaluate(scope().putLazy("big", () -> {
                    reading.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return json("{\"n\": 1}");
                }));
            } catch (ExpressionException e) {
                throw new AssertionError(e);
            }
        });
        reading.await();
        try {
            assertThat(probe[0].evaluate(scope())).isEqualTo(json("null"));
        } finally {
            release.countDown();
            other.join();
        }
    }
}
