package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.store.jdbc.SqliteExecutionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft signal}: a name no await step declares is refused with the names declared; the payload is
 * {@code --payload}, the data directory {@code --data} as in every other command, and the old spellings
 * still work ({@code --data JSON} with a deprecation warning, {@code --data-dir DIR}).
 */
class SignalCommandTest {
    static final String FLOW = """
            id: approval
            namespace: finance
            steps:
              - {id: decision, type: await, signal: decision}
              - {id: other, type: await, signal: reviewed, if: "{{ false }}"}
              - {id: result, type: transform, output: "{{ decision.approved }}"}
            """;

    @TempDir
    Path dir;
    Path data;

    @BeforeEach
    void runUntilTheAwait() throws Exception {
        data = dir.resolve("data");
        Path flow = Files.writeString(dir.resolve("approval.yaml"), FLOW);
        for (int i = 0; i < 3; i++) {
            CommandLineRun run = CommandLineRun.weft("run", flow.toString(), "--input", "{}", "--data",
                    data.toString());
            assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.STILL_WAITING);
        }
    }

    @Test
    void aSignalNoAwaitStepDeclaresIsRefusedWithTheNamesDeclared() {
        String id = waiting(0);
        CommandLineRun run = CommandLineRun.weft("signal", id, "decison", "--payload", "{}", "--data",
                data.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains("no await step for signal 'decison'")
                .contains("'decision', 'reviewed'");
        assertThat(status(id)).isEqualTo(ExecutionStatus.WAITING);
    }

    @Test
    void thePayloadIsPayloadAndTheDataDirectoryIsDataWhileTheOldSpellingsStillWork() throws Exception {
        CommandLineRun current = CommandLineRun.weft("signal", waiting(0), "decision", "--payload",
                "{\"approved\": true}", "--data", data.toString());
        assertThat(current.exit()).as(current.err()).isZero();
        assertThat(current.err()).doesNotContain("deprecated");
        assertThat(current.out().strip()).isEqualTo("true");

        CommandLineRun old = CommandLineRun.weft("signal", waiting(0), "decision", "--data",
                "{\"approved\": false}",
                "--data-dir", data.toString());
        assertThat(old.exit()).as(old.err()).isZero();
        assertThat(old.err()).contains("--data with the signal's payload is deprecated; use --payload");
        assertThat(old.out().strip()).isEqualTo("false");

        Path payload = Files.writeString(dir.resolve("payload.json"), "{\"approved\": true}");
        CommandLineRun fromFile = CommandLineRun.weft("signal", waiting(0), "decision", "--payload",
                "@" + payload,
                "--data-dir", data.toString());
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
    }

    private String waiting(int index) {
        try (ExecutionStore store = SqliteExecutionStore.open(data)) {
            return store.executions(ExecutionQuery.all(ExecutionStore.DEFAULT_TENANT)
                    .withStatuses(java.util.Set.of(ExecutionStatus.WAITING))).get(index).id();
        }
    }

    private ExecutionStatus status(String id) {
        try (ExecutionStore store = SqliteExecutionStore.open(data)) {
            return store.execution(ExecutionStore.DEFAULT_TENANT, id).map(ExecutionRecord::status)
                    .orElseThrow();
        }
    }
}
