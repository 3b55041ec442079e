package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft run --mock}: a fixture that names no call step of the flow is refused before anything runs. */
class RunMockTest {
    static final String FLOW = """
            id: quote
            namespace: shop
            steps:
              - {id: shape, type: transform, output: 1}
              - id: fetch
                type: call
                operation: http.request
                with: {method: GET, url: "http://127.0.0.1:1/quote"}
            """;

    @TempDir
    Path dir;

    @Test
    void aFixtureNamingNoCallStepIsRefusedWithTheCallStepsOfTheFlow() throws Exception {
        Path flow = Files.writeString(dir.resolve("quote.yaml"), FLOW);
        Path mock = Files.writeString(dir.resolve("mock.json"), "{\"fecth\": {\"status\": 200}}");

        CommandLineRun run = CommandLineRun.weft("run", flow.toString(), "--input", "{}", "--data",
                dir.resolve("data").toString(), "--mock", mock.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains("names fecth, which is not the id of a call step of shop/quote")
                .contains("its call steps are: fetch");
    }
}
