package dev.weft.engine.flow;

import static dev.weft.engine.flow.FlowFiles.at;
import static dev.weft.engine.flow.FlowFiles.onlyProblem;
import static dev.weft.engine.flow.FlowFiles.problems;
import static dev.weft.engine.flow.FlowFiles.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowReaderTest {

    @Test
    void readsTheInvoiceApprovalFlowOfTheProductBriefWithoutProblems() {
        FlowReader.Result result = FlowReader.read("invoice-approval.yaml",
                resource("invoice-approval.yaml"));

        assertThat(result.problems()).isEmpty();
        Flow flow = result.flow();
        assertThat(flow.qualifiedName()).isEqualTo("finance/invoice-approval");
        assertThat(flow.steps()).extracting(Step::id)
                .containsExactly("route", "manager", "supervisor", "decision", "record", "notify-finance");
        assertThat(flow.onError()).isEqualTo("notify-finance");
        assertThat(flow.triggers()).extracting(Trigger::type).containsExactly("webhook", "schedule");
        assertThat(flow.triggers().get(1).config().get("timezone").asText()).isEqualTo("Europe/Berlin");
        Step.Await decision = (Step.Await) flow.steps().get(3);
        assertThat(decision.timeout()).isEqualTo(Duration.ofHours(72));
        assertThat(decision.common().timeout()).isNull();
        RetryPolicy managerRetry = flow.steps().get(1).common().retry();
        assertThat(managerRetry)
                .isEqualTo(new RetryPolicy(5, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofSeconds(1),
                        Duration.ofMinutes(1), RetryPolicy.DEFAULT_JITTER));
    }

    @Test
    void notifyFinanceIsReachableOnlyAsTheFlowsErrorHandler() {
        Flow flow = FlowReader.read("invoice-approval.yaml", resource("invoice-approval.yaml")).flow();
        StepPaths paths = new StepPaths(StepLists.of(flow).lists().get(0));
        int notify = paths.index().get("notify-finance");

        assertThat(paths.entries()).containsExactly(0, notify);
        assertThat(paths.successors(paths.index().get("record"))).as("record ends the path").isEmpty();
        for (int i = 0; i < flow.steps().size(); i++) {
            assertThat(paths.successors(i)).doesNotContain(notify);
        }
    }

    @Test
    void withoutTheFlowsOnErrorTheLastStepFallsThroughIntoNotifyFinance() {
        String withoutHandler = resource("invoice-approval.yaml").replace("onError: notify-finance", "");
        Flow flow = FlowFiles.flow(withoutHandler);
        StepPaths paths = new StepPaths(StepLists.of(flow).lists().get(0));

        assertThat(paths.successors(4)).containsExactly(5);
    }

    @Test
    void readsTheSameFlowWrittenInJson() {
        String json = """
                {
                  "id": "hello",
                  "steps": [
                    { "id": "greet", "type": "transform", "output": { "text": "hello {{ input.name }}" } },
                    { "id": "stop", "type": "fail", "message": "{{ input.name & ' is not welcome' }}", "code": "NOPE" }
                  ]
                }
                """;

        FlowReader.Result result = FlowReader.read("hello.json", json);

        assertThat(result.problems()).isEmpty();
        assertThat(result.flow().namespace()).isEqualTo("default");
        assertThat(((Step.Fail) result.flow().steps().get(1)).code()).isEqualTo("NOPE");
    }

    @Test
    void locatesProblemsInJsonFilesToo() {
        String json = """
                {
                  "id": "hello",
                  "steps": [
                    { "id": "greet", "type": "transform", "output": "{{ input.name + }}", "next": "nobody" }
                  ]
                }
                """;

        assertThat(FlowReader.read("hello.json", json).problems()).extracting(FlowFiles::at)
                .containsExactly("4:70 /steps/0/output", "4:83 /steps/0/next");
    }

    @Test
    void aYamlSyntaxErrorIsALocatedProblem() {
        Problem problem = onlyProblem("id: x\nsteps:\n  - id: [a\n  b: c\n");

        assertThat(at(problem)).isEqualTo("4:4 ");
        assertThat(problem.message()).startsWith("syntax error: while parsing a flow sequence");
        assertThat(problem.toString()).startsWith("flow.yaml:4:4: syntax error");
    }

    @Test
    void aJsonSyntaxErrorIsALocatedProblem() {
        FlowReader.Result result = FlowReader.read("f.json", "{\n  \"id\": \"x\",\n  \"steps\": [1,\n  }");

        assertThat(result.flow()).isNull();
        assertThat(result.problems()).extracting(FlowFiles::at).containsExactly("4:3 ");
    }

    @Test
    void anUnquotedExpressionInYamlIsExplained() {
        Problem problem = onlyProblem("id: x\nsteps:\n  - id: a\n    type: transform\n    output: {{ x }}\n");

        assertThat(problem.location().line()).isEqualTo(5);
        assertThat(problem.message()).contains("an expression must be quoted in YAML");
    }

    @Test
    void anEmptyFileIsAProblem() {
        assertThat(onlyProblem("").message()).contains("the file is empty");
    }

    @Test
    void aDuplicateKeyIsAProblemAtTheSecondKey() {
        Problem problem = onlyProblem("""
                id: x
                steps:
                  - id: a
                    type: fail
                    message: first
                    message: second
                """);

        assertThat(at(problem)).isEqualTo("6:5 /steps/0/message");
        assertThat(problem.message()).isEqualTo("duplicate key 'message' (first written at line 5)");
    }

    @Test
    void aFileThatIsNotAnObjectIsAProblem() {
        assertThat(onlyProblem("- a\n- b\n").message()).contains("must hold an object");
    }

    @Test
    void reportsEveryProblemInFileOrderAndNoFlow() {
        FlowReader.Result result = FlowReader.read("flow.yaml", """
                id: x
                steps:
                  - id: a
                    type: wait
                    duration: soon
                  - id: b
                    typ: fail
                """);

        assertThat(result.flow()).isNull();
        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).extracting(FlowFiles::at)
                .containsExactly("5:15 /steps/0/duration", "6:5 /steps/1/type", "7:5 /steps/1/typ");
    }

    @Test
    void readsAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, "id: x\nsteps: []\n");

        FlowReader.Result result = FlowReader.read(file);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().file()).isEqualTo(file.toString());
            assertThat(at(p)).isEqualTo("2:8 /steps");
            assertThat(p.message())
                    .isEqualTo("flow: 'steps' must not be empty (the steps the flow runs, at least one)");
        });
    }

    @Test
    void problemsOfTheSameLineAreOrderedByColumn() {
        assertThat(problems("id: x\nsteps: [{ id: a, type: wait, duration: 0s, foo: 1 }]\n"))
                .extracting(FlowFiles::at).containsExactly("2:40 /steps/0/duration", "2:44 /steps/0/foo");
    }
}
