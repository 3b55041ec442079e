package dev.weft.engine.flow;

import static dev.weft.engine.flow.FlowFiles.at;
import static dev.weft.engine.flow.FlowFiles.onlyProblem;
import static dev.weft.engine.flow.FlowFiles.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowValidatorTest {

    @Test
    void aDuplicateStepIdIsReportedEvenInsideANestedList() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - id: fan
                    type: parallel
                    branches:
                      - id: left
                        steps: [{ id: work, type: fail, message: m }]
                      - id: right
                        steps: [{ id: work, type: fail, message: m }]
                """);

        assertThat(at(problem)).isEqualTo("9:23 /steps/0/branches/1/steps/0/id");
        assertThat(problem.message()).startsWith("step id 'work' is already used by the step at line 7");
    }

    @Test
    void anExpressionNestedHundredsDeepIsAProblemOfItsField() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - { id: deep, type: transform, output: "{{ %s1%s }}" }
                """.formatted("(".repeat(600), ")".repeat(600)));

        assertThat(at(problem)).endsWith("/steps/0/output");
        assertThat(problem.message()).contains("600 levels deep");
    }

    @Test
    void aRespondStatusMustBeAFinalStatus() {
        for (int status : new int[]{101, 100, 199, 600}) {
            Problem problem = onlyProblem("""
                    id: x
                    steps:
                      - { id: reply, type: respond, status: %d }
                    """.formatted(status));
            assertThat(problem.message()).as("status %d", status).contains("from 200 to 599");
        }
        assertThat(problems("""
                id: x
                steps:
                  - { id: reply, type: respond, status: 204 }
                """)).isEmpty();
    }

    @Test
    void aNextNamingNoStepIsReportedWithTheStepsThatExist() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - { id: first, type: transform, output: 1, next: secnd }
                  - { id: second, type: transform, output: 2 }
                """);

        assertThat(at(problem)).isEqualTo("3:52 /steps/0/next");
        assertThat(problem.message())
                .isEqualTo("step 'first': next names 'secnd', which is not a step of the flow's "
                        + "steps; did you mean 'second'?. Expected one of: first, second, or end");
    }

    @Test
    void everyKindOfStepReferenceIsChecked() {
        assertThat(problems("""
                id: x
                steps:
                  - id: route
                    type: switch
                    cases: [{ when: "{{ true }}", next: nowhere }]
                    default: elsewhere
                  - { id: work, type: transform, output: 1, onError: end, next: end }
                  - { id: again, type: transform, output: 1, onError: again }
                onError: missing
                """)).extracting(FlowFiles::at).containsExactly("5:41 /steps/0/cases/0/next",
                "6:14 /steps/0/default", "7:54 /steps/1/onError", "8:55 /steps/2/onError", "9:10 /onError");
    }

    @Test
    void nextEndStopsThePathAndLeavesTheFollowingStepUnreachable() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - { id: a, type: transform, output: 1, next: end }
                  - { id: b, type: transform, output: 2 }
                """);

        assertThat(at(problem)).isEqualTo("4:11 /steps/1/id");
        assertThat(problem.message())
                .isEqualTo("step 'b' is never reached: no next, case, default or onError "
                        + "names it, and the step before it, 'a', continues with next: end");
    }

    @Test
    void aStepWithoutNextDoesNotFallIntoAnErrorHandler() {
        String flow = """
                id: x
                steps:
                  - { id: a, type: transform, output: 1, onError: h }
                  - { id: h, type: transform, output: 2 }
                  - { id: after, type: transform, output: 3 }
                """;
        StepPaths paths = new StepPaths(StepLists.of(FlowFiles.flow(flow)).lists().get(0));

        assertThat(paths.entries()).containsExactly(0, 1);
        assertThat(paths.successors(0)).isEmpty();
        assertThat(paths.successors(1)).containsExactly(2);
    }

    @Test
    void aSwitchReachesItsCasesAndDefaultButNotTheStepAfterIt() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - id: s
                    type: switch
                    cases: [{ when: "{{ input.big }}", next: big }]
                    default: small
                  - { id: never, type: transform, output: 0 }
                  - { id: big, type: transform, output: 1, next: end }
                  - { id: small, type: transform, output: 2 }
                """);

        assertThat(at(problem)).isEqualTo("7:11 /steps/1/id");
        assertThat(problem.message())
                .endsWith("the step before it, 's', is a switch whose default goes elsewhere");
    }

    @Test
    void aNestedListHasItsOwnEntryAndItsOwnNames() {
        assertThat(problems("""
                id: x
                steps:
                  - id: each
                    type: foreach
                    items: "{{ input.orders }}"
                    steps:
                      - { id: one, type: transform, output: 1, next: end }
                      - { id: two, type: transform, output: 2, next: after }
                  - { id: after, type: transform, output: 3 }
                """)).singleElement().satisfies(p -> {
            assertThat(at(p)).isEqualTo("8:54 /steps/0/steps/1/next");
            assertThat(p.message())
                    .startsWith("step 'two': next names 'after', which is not a step of the steps of "
                            + "foreach step 'each'. Expected one of: one, two, or end");
        });
    }

    @Test
    void anExpressionThatDoesNotParseIsLocatedInsideItsString() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - id: greet
                    type: transform
                    output: { text: "Dear {{ input.name + }}, welcome" }
                """);

        assertThat(at(problem)).isEqualTo("5:43 /steps/0/output/text");
        assertThat(problem.message())
                .isEqualTo("step 'greet': expression \"{{ input.name + }}\" in 'output/text' "
                        + "does not parse: Unexpected end of expression");
    }

    @Test
    void anExpressionOnSeveralLinesIsLocatedAtItsString() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - id: stop
                    type: fail
                    message: |
                      Failed:
                      {{ error.message + }}
                """);

        assertThat(at(problem)).isEqualTo("5:14 /steps/0/message");
    }

    @Test
    void checksExpressionsInEveryEvaluatedField() {
        assertThat(problems(
                """
                        id: x
                        steps:
                          - { id: s, type: switch, cases: [{ when: "{{ ( }}", next: c }], default: c }
                          - { id: c, type: call, operation: http.request, if: "{{ ] }}", with: ["{{ ( }}"] }
                          - { id: e, type: foreach, items: "{{ ( }}", steps: [{ id: f, type: fail, message: "{{ ( }}" }] }
                          - { id: w, type: wait, until: "{{ ( }}" }
                          - { id: sub, type: subflow, flow: a/b, input: { x: "{{ ( }}" } }
                        """))
                .extracting(Problem::path).containsExactly("/steps/0/cases/0/when", "/steps/1/if",
                        "/steps/1/with/0", "/steps/2/items", "/steps/2/steps/0/message", "/steps/3/until",
                        "/steps/4/input/x");
    }

    @Test
    void aDanglingNextAndABrokenExpressionAreBothReportedEachOnItsLine() {
        List<Problem> problems = problems("""
                id: x
                steps:
                  - id: fetch
                    type: call
                    operation: http.request
                    with: { url: "{{ input.url ++ }}" }
                    next: parse
                  - id: store
                    type: transform
                    output: "{{ fetch.body }}"
                """);

        assertThat(problems).extracting(FlowFiles::at).containsExactly("6:34 /steps/0/with/url",
                "7:11 /steps/0/next");
        assertThat(problems.get(0).message()).contains("\"{{ input.url ++ }}\"");
        assertThat(problems.get(1).message()).contains("next names 'parse'");
    }

    @Test
    void anInvalidInputSchemaIsReportedAtTheOffendingKeyword() {
        Problem problem = onlyProblem("""
                id: x
                input:
                  type: object
                  properties:
                    amount: { type: money }
                steps: [{ id: a, type: fail, message: m }]
                """);

        assertThat(at(problem)).isEqualTo("5:21 /input/properties/amount/type");
        assertThat(problem.message())
                .startsWith("flow: 'input' is not a valid JSON Schema (draft 2020-12) at "
                        + "/properties/amount/type:");
    }

    @Test
    void anUnknownOperationIsReportedWithTheKnownOnesWhenTheyAreGiven() {
        String flow = "id: x\nsteps: [{ id: a, type: call, operation: htp.request }]\n";

        assertThat(FlowReader.read("f.yaml", flow).problems()).isEmpty();
        List<Problem> problems = FlowReader.read("f.yaml", flow, Set.of("http.request", "sql.query"))
                .problems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(at(p)).isEqualTo("2:41 /steps/0/operation");
            assertThat(p.message())
                    .isEqualTo("step 'a': unknown operation 'htp.request'; did you mean 'http.request'? "
                            + "Known operations: http.request, sql.query");
        });
    }

    @Test
    void anOperationOfAConnectorWhoseSystemsOfferTheirOwnIsAcceptedByItsPrefix() {
        Set<String> known = Set.of("http.request", "openapi.call", "openapi.*");
        assertThat(FlowReader.read("f.yaml",
                "id: x\nsteps: [{ id: a, type: call, system: pets, operation: openapi.get_pet_by_id }]\n",
                known)
                .problems()).isEmpty();
        assertThat(FlowReader
                .read("f.yaml", "id: x\nsteps: [{ id: a, type: call, operation: http.get }]\n", known)
                .problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("unknown operation"));
        assertThat(FlowReader
                .read("f.yaml", "id: x\nsteps: [{ id: a, type: call, operation: openapi. }]\n", known)
                .problems()).hasSize(1);
        assertThat(FlowReader.read("f.yaml",
                "id: x\nsteps: [{ id: a, type: call, operation: openapi.get_pet_by_id }]\n", known)
                .problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("name the system"));
        assertThat(FlowReader.read("f.yaml",
                "id: x\nsteps: [{ id: a, type: call, system: pets, operation: openapi.getPetById }]\n", known)
                .problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("openapi.get_pet_by_id", "lower case"));
    }

    @Test
    void validatesAFlowBuiltInCodeWithExactPathsAndNoLines() {
        Step.Common common = new Step.Common("a", "transform", "b", null, RetryPolicy.NONE, null, null, null);
        Flow flow = new Flow("x", "ns", null, null, List.of(), List.of(new Step.Transform(common, null)),
                null);

        assertThat(FlowValidator.anyOperation().validate(flow)).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("ns/x:0:0: step 'a': next names 'b'"))
                .extracting(Problem::path).isEqualTo("/steps/0/next");
    }
}
