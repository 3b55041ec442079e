package dev.weft.engine.expr;

import static dev.weft.engine.expr.TemplateTest.eval;
import static dev.weft.engine.expr.TemplateTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expressions that try to leave the sandbox: reach Java objects, files, the environment, system properties
 * or the network, or make a decision depend on the clock or chance. Each asserts what actually happens.
 */
class SandboxEscapeTest {

    @ParameterizedTest
    @ValueSource(strings = {"input.class", "input.getClass", "input.constructor", "input.__proto__",
            "$.class.name", "input.who.class.forName", "$lookup(input, 'class')", "$lookup($, 'getClass')",
            "input.constructor.prototype"})
    void javaMembersAreJustMissingFields(String expression) throws Exception {
        assertThat(eval("{{ " + expression + " }}")).isEqualTo(json("null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$getClass()", "input.getClass()", "$exec('id')", "$readFile('/etc/passwd')",
            "$env('HOME')", "$getenv('HOME')", "$system('id')", "$httpGet('http://127.0.0.1/')",
            "$fetch('http://127.0.0.1/')", "$http('http://127.0.0.1/')", "$forName('java.lang.Runtime')",
            "$invoke('java.lang.System', 'exit')", "$property('user.home')", "$load('x')", "$require('fs')"})
    void noFunctionReachesJavaOrTheOutside(String expression) {
        assertThatThrownBy(() -> eval("{{ " + expression + " }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("non-function");
    }

    @Test
    void evalIsRefused() {
        assertThatThrownBy(() -> eval("{{ $eval('1 + 1') }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("$eval() is not available");
        assertThatThrownBy(() -> eval("{{ $eval('$httpGet(\"http://127.0.0.1/\")') }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("$eval() is not available");
        // reaching the function by another route does not help
        assertThatThrownBy(() -> eval("{{ ($e := $eval; $e('1')) }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("$eval() is not available");
        assertThatThrownBy(() -> eval("{{ $lookup({'f': $eval}, 'f')('1') }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("$eval() is not available");
    }

    @Test
    void stringOfTheScopeOrOfFunctionsIsPlainData() throws Exception {
        JsonNode scope = eval("{{ $string($) }}");
        assertThat(scope.textValue()).startsWith("{\"execution\":{").doesNotContain("dev.weft", "java.",
                "@");
        assertThat(eval("{{ $string($string) }}")).isEqualTo(json("\"\""));
        assertThat(eval("{{ $string(function($x){ $x }) }}")).isEqualTo(json("\"\""));
        assertThat(eval("{{ $type($string) }}")).isEqualTo(json("\"function\""));
        assertThat(eval("{{ $keys($string) }}")).isEqualTo(json("null"));
        assertThat(eval("{{ $string }}")).isEqualTo(json("null"));
    }

    @Test
    void functionsCannotBeDressedUpAsJava() throws Exception {
        assertThat(eval("{{ $string.class }}")).isEqualTo(json("null"));
        assertThat(eval("{{ $lookup($string, 'method') }}")).isEqualTo(json("null"));
        assertThatThrownBy(() -> eval("{{ $sift($string, function($v){ true }) }}"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("does not match");
        assertThat(eval("{{ $keys($string).($lookup($string, $)) }}")).isEqualTo(json("null"));
    }

    @Test
    void nowAndMillisAreTheRecordedStart() throws Exception {
        assertThat(eval("{{ $now() }}")).isEqualTo(json("\"2024-05-01T10:00:00.000Z\""));
        assertThat(eval("{{ $millis() }}")).isEqualTo(json("1714557600000"));
        assertThat(eval("{{ $now('[Y0001]-[M01]-[D01]') }}")).isEqualTo(json("\"2024-05-01\""));
        assertThat(eval("{{ $fromMillis($millis()) = $now() }}")).isEqualTo(json("true"));
    }

    @Test
    void theClockIsNotReadWithoutARecordedStart() {
        assertThatThrownBy(() -> Template.parse("{{ $now() }}").evaluate(Scope.empty()))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("execution.startedAt");
    }

    @Test
    void randomnessIsRefused() {
        assertThatThrownBy(() -> eval("{{ $random() }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("$random() is not available");
        assertThatThrownBy(() -> eval("{{ $shuffle([1, 2, 3]) }}")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("$shuffle() is not available");
    }

    @Test
    void localDateTimesAreReadAsUtcWhateverTheHostZone() throws Exception {
        assertThat(eval("{{ $toMillis('2024-05-01T10:00:00') }}")).isEqualTo(json("1714557600000"));
        assertThat(eval("{{ $toMillis('2024-05-01T12:00:00+02:00') }}")).isEqualTo(json("1714557600000"));
    }
}
