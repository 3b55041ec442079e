package dev.weft.engine.expr;

import static dev.weft.engine.expr.TemplateTest.eval;
import static dev.weft.engine.expr.TemplateTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Regular expressions: bounded where they may appear, refused where they could not be bounded. */
class RegexBoundsTest {

    @Test
    void aBacktrackingRegexFailsAtItsBoundInEveryFunctionThatTakesOne() {
        String text = "a".repeat(27);
        for (String call : new String[]{"$match('%s', /(.*a){25}b/)", "$contains('%s', /(.*a){25}b/)",
                "$replace('%s', /(.*a){25}b/, 'x')", "$split('%s', /(.*a){25}b/)"}) {
            assertThatThrownBy(() -> eval("{{ " + call.formatted(text) + " }}")).as(call)
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining(
                            "a regular expression took more than " + Regexes.STEPS_PER_EVALUATION)
                    .hasMessageContaining("[^a]*a");
        }
    }

    @Test
    void theRegexFunctionsWorkAsJsonataDefinesThem() throws Exception {
        assertThat(eval("{{ $match('ab12cd345', /[0-9]+/).match }}")).isEqualTo(json("[\"12\",\"345\"]"));
        assertThat(eval("{{ $match('ab12cd345', /[0-9]+/, 1).index }}")).isEqualTo(json("2"));
        assertThat(eval("{{ $match('k=v', /(\\w)=(\\w)/).groups }}")).isEqualTo(json("[\"k\",\"v\"]"));
        assertThat(eval("{{ $contains('Hello', /hel/i) }}")).isEqualTo(json("true"));
        assertThat(eval("{{ $contains('Hello', 'xyz') }}")).isEqualTo(json("false"));
        assertThat(eval("{{ $replace('a-b-c', /-/, '+') }}")).isEqualTo(json("\"a+b+c\""));
        assertThat(eval("{{ $replace('a-b-c', /-/, '+', 1) }}")).isEqualTo(json("\"a+b-c\""));
        assertThat(eval("{{ $split('a, b,c', /,\\s*/) }}")).isEqualTo(json("[\"a\",\"b\",\"c\"]"));
        assertThat(eval("{{ $split('a/b', '/') }}")).isEqualTo(json("[\"a\",\"b\"]"));
    }

    @Test
    void aSlashThatDividesIsNotARegex() throws Exception {
        assertThat(eval("{{ input.amount / 2 }}")).isEqualTo(json("21"));
        assertThat(eval("{{ (input.amount) / 2 / 3 }}")).isEqualTo(json("7"));
        assertThat(eval("{{ input.tags[0] & '/' & input.who.name /* a / comment */ }}"))
                .isEqualTo(json("\"a/Ada\""));
        assertThat(eval("{{ $sum([4, 8]) / 4 }}")).isEqualTo(json("3"));
    }

    @Test
    void theNamesOfTheRegexFunctionsCanOnlyBeCalled() {
        for (String expression : new String[]{
                "($match := function($s, $r) { $r($s) }; $match('aaa', /(.*a){25}b/))",
                "($contains := $map; $contains(['a'], function($v) { $v }))", "$map(['a'], $split)",
                "(function($replace) { $replace })(1)"}) {
            assertThatThrownBy(() -> Template.parse("{{ " + expression + " }}")).as(expression)
                    .isInstanceOf(ExpressionException.class).hasMessageContaining("may only be called");
        }
    }

    @Test
    void theTextIsReadAsJsonatasTokenizerReadsIt() throws Exception {
        // A bracket escaped by one backslash, names holding quotes: each hides a regex applied as a function
        for (String expression : new String[]{"$match('t', /(\\\\)/,\"|(.*a){25}b|[)]/('aaaa'))",
                "(a'; /(.*a){25}b/(\"aaaa\"); b')"}) {
            assertThatThrownBy(() -> Template.parse("{{ " + expression + " }}")).as(expression)
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("may only be an argument of $match");
        }
        // A wildcard and the parent operator are operands: the slash after them divides
        assertThat(eval("{{ $sum(input.who.* ~> $length) / 1 }}")).isEqualTo(json("3"));
        assertThat(Template.parse("{{ input.* / 2 }}")).isNotNull();
        assertThat(Template.parse("{{ input.** / 2 }}")).isNotNull();
    }

    @Test
    void aRegexOutsideTheCallsThatBoundItIsRefusedWhenReadWithTheWayToWriteIt() {
        for (String expression : new String[]{"/a+/('aaa')", "$map(['a'], /a/)",
                "($r := /a/; $match('a', $r))",
                "$match('a', true ? /a/ : /b/)", "'aaa' ~> /a/", "$contains('a', /a/ ~> $string)"}) {
            assertThatThrownBy(() -> Template.parse("{{ " + expression + " }}")).as(expression)
                    .isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("may only be an argument of $match, $contains, $replace or $split");
        }
    }
}
