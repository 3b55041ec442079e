package dev.weft.engine.flow;

import static dev.weft.engine.flow.FlowFiles.at;
import static dev.weft.engine.flow.FlowFiles.onlyProblem;
import static dev.weft.engine.flow.FlowFiles.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expressions that read a step which does not exist are refused at validation, and only those. */
class ExpressionNamesTest {

    @Test
    void anExpressionReadingAStepThatDoesNotExistIsRefusedWithTheStepsThatExist() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - { id: fetch, type: transform, output: 1 }
                  - { id: total, type: transform, output: "{{ fecth.amount + 1 }}" }
                """);

        assertThat(at(problem)).isEqualTo("4:47 /steps/1/output");
        assertThat(problem.message())
                .isEqualTo("step 'total': expression \"{{ fecth.amount + 1 }}\" in 'output'"
                        + " reads 'fecth', which is not a step of this flow; the steps are fetch, total, and expressions"
                        + " may also read error, execution, index, input, item, trigger (quote a step id that is not a"
                        + " plain name with backquotes: `my-step`); did you mean 'fetch'?");
    }

    @Test
    void everyTopLevelReadIsCheckedInEveryEvaluatedField() {
        assertThat(problems(
                """
                        id: x
                        steps:
                          - { id: a, type: transform, if: "{{ nope }}", output: "{{ $count(missing) }}" }
                          - { id: b, type: call, operation: t.op, with: { q: "n={{ ghost }}", r: ["{{ [a, phantom] }}"] } }
                          - { id: c, type: fail, message: "{{ input.x ? a : gone }}" }
                        """))
                .extracting(p -> p.message().replaceAll(".* reads '([^']+)'.*", "$1"))
                .containsExactlyInAnyOrder("nope", "missing", "ghost", "phantom", "gone");
    }

    @Test
    void namesThatDoNotReadAStepAreNotMistakenForOnes() {
        assertThat(problems("""
                id: x
                steps:
                  - id: notify-finance
                    type: transform
                    output: "{{ `notify-finance` }}"
                  - id: lines
                    type: foreach
                    items: "{{ input.lines[price > 10 and qty in [1, 2]] }}"
                    steps:
                      - { id: each, type: transform, output: "{{ item.price * index + lines[0] }}" }
                  - id: shapes
                    type: transform
                    output:
                      lambda: "{{ $map(input.lines, function($l){ $l.price + amount.total }) }}"
                      short: "{{ $filter(input.lines, λ($l){ qty > 1 }) }}"
                      grouped: "{{ input.lines{category: $sum(price)} }}"
                      block: "{{ input.lines.(price * qty) }}"
                      sorted: "{{ input.lines^(>price).name }}"
                      object: "{{ {'name': input.name, \\"id\\": execution.id, 'at': trigger.type} }}"
                      transform: "{{ input ~> | lines | {'checked': true} | }}"
                      regex: "{{ $match(input.s, /ab+c/i) and $contains(input.s, 'fetch me') }}"
                      variables: "{{ ($total := $sum(input.lines.price); $total / 2) }}"
                      wildcard: "{{ input.* and input.**.id and $.input and $$.input }}"
                      range: "{{ [1..3] }}"
                      literals: "{{ true or false or null = 1e3 or 2.5 > 1 }}"
                      mixed: "text {{ `notify-finance`.status }} and {{ shapes2 }}"
                  - id: shapes2
                    type: transform
                    output: "{{ error.code & ' ' & /* a comment with names */ 'x' }}"
                """)).isEmpty();
    }
}
