package dev.weft.engine.expr;

import static dev.weft.engine.expr.TemplateTest.eval;
import static dev.weft.engine.expr.TemplateTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runaway expressions end with an ExpressionException, never a hang or an OutOfMemoryError. */
class BoundsTest {

    @Test
    void deeplyNestedBracketsAreRefusedWhenReadNamingTheLimit() {
        String deep = "(".repeat(600) + "1" + ")".repeat(600);
        assertThatThrownBy(() -> Template.parse("{{ " + deep + " }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("600 levels deep")
                .hasMessageContaining("at most " + Sandbox.MAX_NESTING);
        // Brackets inside strings do not count; a flow's ordinary nesting reads
        assertThat(Sandbox.nesting("'((((' & \"[[[\" & $f((1))")).isEqualTo(2);
    }

    @Test
    void aVeryLongChainOfOperatorsIsAnExpressionErrorNotACrash() {
        String chain = "1" + " + 1".repeat(50_000);
        try {
            assertThat(eval("{{ " + chain + " }}").asInt()).isEqualTo(50_001);
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).containsAnyOf("nested too deeply", "units of work");
        } catch (Exception e) {
            throw new AssertionError("not an expression error", e);
        }
    }

    @Test
    void endlessRecursionStops() {
        assertThatThrownBy(() -> eval("{{ ($f := function($x){ $f($x) }; $f(1)) }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageMatching(".*(nested too deeply|units of work).*");
    }

    @Test
    void deepNonTailRecursionStops() {
        assertThatThrownBy(() -> eval("{{ ($f := function($x){ 1 + $f($x + 1) }; $f(1)) }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("nested too deeply");
    }

    @Test
    void legitimateRecursionRuns() throws Exception {
        assertThat(eval("{{ ($fact := function($n){ $n <= 1 ? 1 : $n * $fact($n - 1) }; $fact(10)) }}"))
                .isEqualTo(json("3628800"));
    }

    @Test
    void longLoopsStop() {
        assertThatThrownBy(() -> eval("{{ $count([1..1000000].[1..1000000]) }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("units of work");
        assertThatThrownBy(() -> eval(
                "{{ $map([1..1000000], function($i){ $map([1..1000], function($j){ $i * $j }) }) }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("units of work");
    }

    @Test
    void anEvaluationThatIsPausedLongerThanASecondStillSucceeds() throws Exception {
        // A pause of the evaluating thread (a GC, a stopped process, a slow read of a stored output), not
        // computation: the bound counts work, so the evaluation goes on as it would have without the pause.
        CountDownLatch never = new CountDownLatch(1);
        Scope scope = Scope.empty().put("input", json("{\"orderId\": 42}")).putLazy("slow", () -> {
            try {
                assertThat(never.await(1_500, TimeUnit.MILLISECONDS)).isFalse(); // the pause itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json("7");
        });

        JsonNode result = Template.parse("{{ input.orderId + slow }}").evaluate(scope);

        assertThat(result).isEqualTo(json("49"));
    }

    @Test
    void theSameEndlessLoopStopsWithTheSameErrorEveryTime() {
        String loop = "{{ ($f := function($x){ $x > 1e15 ? $x : $f($x + 1) }; $f(0)) }}";
        assertThatThrownBy(() -> eval(loop)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("units of work");
        assertThatThrownBy(() -> eval(loop)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("units of work");
    }

    @Test
    void hugeSequencesAreRefused() {
        // dashjoin allows ranges up to 1e7 items; Weft refuses sequences above 1e6 once they exist
        assertThatThrownBy(() -> eval("{{ $sum([1..10000000]) }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("sequence of 10000000 items");
        assertThatThrownBy(() -> eval("{{ $sum([1..100000000]) }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("1e6"); // dashjoin's own range bound (its message says 1e6; it checks 1e7)
    }

    @Test
    void doublingStringsStop() {
        assertThatThrownBy(
                () -> eval("{{ $reduce([1..40], function($acc, $i){ $acc & $acc }, 'xxxxxxxx') }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("characters");
    }

    @Test
    void amplifyingBuiltinsAreCheckedBeforeTheyRun() {
        assertThatThrownBy(() -> eval("{{ $pad('x', 2000000000) }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("$pad()");
        String shared = "($s := $pad('', 100000, 'a'); $l := $map([1..1000], function(){ $s }); ";
        assertThatThrownBy(() -> eval("{{ " + shared + "$join($l)) }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("$join()");
        assertThatThrownBy(() -> eval("{{ " + shared + "$string($l)) }}"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("$string()");
        // 50 copies (5M characters) are past the result bound (4M): the size check refuses it, unless the
        // work bound comes first. Refused either way.
        String fewer = shared.replace("[1..1000]", "[1..50]");
        assertThatThrownBy(() -> eval("{{ " + fewer + "$l ~> | $ | {} |) }}"))
                .isInstanceOf(ExpressionException.class).hasMessageMatching(".*(characters|units of work).*");
        assertThatThrownBy(() -> eval("{{ $replace($pad('', 100000, 'a'), 'a', $pad('', 100000, 'b')) }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("$replace()");
    }

    @Test
    void resultsReferencingOneValueManyTimesAreRefused() {
        assertThatThrownBy(
                () -> eval("{{ ($s := $pad('', 100000, 'a'); $map([1..1000], function(){ $s })) }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("the result");
        assertThatThrownBy(
                () -> eval("x {{ ($s := $pad('', 100000, 'a'); $map([1..1000], function(){ $s })) }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("the result");
    }

    @Test
    void ordinaryWorkStaysWithinBounds() throws Exception {
        assertThat(eval("{{ $sum([1..100000]) }}")).isEqualTo(json("5000050000"));
        assertThat(eval("{{ $length($join($map([1..1000], function($i){ $pad('', 100, 'x') }))) }}"))
                .isEqualTo(json("100000"));
        assertThat(eval("{{ $replace('a-b-c', '-', '+') }}")).isEqualTo(json("\"a+b+c\""));
        assertThat(eval("{{ $pad('7', -3, '0') }}")).isEqualTo(json("\"007\""));
        assertThat(eval("{{ $pad('ab', 7, '-+') }}")).isEqualTo(json("\"ab-+-+-\""));
        assertThat(eval("{{ $pad('abcdef', 3) }}")).isEqualTo(json("\"abcdef\""));
        assertThat(eval("{{ $string({'a': [1, 2]}) }}")).isEqualTo(json("\"{\\\"a\\\":[1,2]}\""));
    }
}
