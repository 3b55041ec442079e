package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private String validate(int expectedExit, Path... files) {
        String[] args = new String[files.length + 1];
        args[0] = "validate";
        for (int i = 0; i < files.length; i++) {
            args[i + 1] = files[i].toString();
        }
        CommandLineRun run = CommandLineRun.weft(args);
        assertThat(run.exit()).isEqualTo(expectedExit);
        return run.out();
    }

    @Test
    void aDanglingNextAndABrokenExpressionAreBothReportedByLine() throws Exception {
        Path flow = dir.resolve("broken.yaml");
        Files.writeString(flow, """
                id: broken
                steps:
                  - id: a
                    type: transform
                    output: "{{ input.x + }}"
                    next: nowhere
                  - id: b
                    type: transform
                    output: ok
                """);
        String out = validate(ExitCodes.INVALID, flow);
        assertThat(out.lines()).hasSize(2);
        assertThat(out).contains(flow + ":5:").contains("input.x +");
        assertThat(out).contains(flow + ":6:").contains("nowhere");
    }

    @Test
    void validFlowsExitZeroAndPrintNothing() throws Exception {
        Path flow = dir.resolve("ok.json");
        Files.writeString(flow,
                "{\"id\": \"ok\", \"steps\": [{\"id\": \"a\", \"type\": \"transform\", \"output\": 1}]}");
        assertThat(validate(ExitCodes.OK, flow)).isEmpty();
    }

    @Test
    void anUnknownOperationNamesTheKnownOnes() throws Exception {
        Path flow = dir.resolve("op.yaml");
        Files.writeString(flow, """
                id: op
                steps:
                  - {id: a, type: call, operation: http.get}
                """);
        assertThat(validate(ExitCodes.INVALID, flow)).contains(flow + ":3:").contains("http.request");
    }

    @Test
    void aCallsWrittenOutInputIsCheckedAgainstItsOperation() throws Exception {
        Path flow = dir.resolve("with.yaml");
        Files.writeString(flow, """
                id: with
                steps:
                  - {id: a, type: call, operation: http.request, with: {url: "https://x.example", verb: GET}}
                  - {id: b, type: call, operation: http.request, with: {url: "{{ input.url }}"}}
                """);
        assertThat(validate(ExitCodes.INVALID, flow)).contains(flow + ":3:").contains("verb")
                .doesNotContain(flow + ":4:");
    }

    @Test
    void aConnectorTriggersConfigurationIsCheckedAgainstItsDeclaration() throws Exception {
        Path flow = dir.resolve("triggers.yaml");
        Files.writeString(flow, """
                id: triggers
                triggers:
                  - {type: rabbitmq.consume, system: mq}
                  - {type: rabbitmq.listen, system: mq, queue: orders}
                  - {type: rabbitmq.consume, system: mq, queue: orders}
                steps:
                  - {id: a, type: fail, message: x}
                """);
        assertThat(validate(ExitCodes.INVALID, flow)).contains(flow + ":3:").contains("queue")
                .contains(flow + ":4:").contains("rabbitmq.consume")
                .doesNotContain(flow + ":5:");
    }
}
