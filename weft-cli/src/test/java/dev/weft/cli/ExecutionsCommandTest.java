package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import dev.weft.store.jdbc.SqliteExecutionStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExecutionsCommandTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @BeforeEach
    void storeThreeExecutions() {
        try (SqliteExecutionStore store = SqliteExecutionStore.open(data)) {
            store.apply(Stream.of(execution("at-ten", T0), execution("at-eleven", T0.plusSeconds(3600)),
                    execution("at-noon", T0.plusSeconds(7200))).map(Transition::create).toList());
        }
    }

    @Test
    void sinceIsInclusiveAndUntilExclusive() {
        assertThat(listed("--since", "2026-11-22T11:00:00Z")).containsExactly("at-noon", "at-eleven");
        assertThat(listed("--until", "2026-11-22T11:00:00Z")).containsExactly("at-ten");
        assertThat(listed("--since", "2026-11-22T10:00:00Z", "--until", "2026-11-22T12:00:00Z"))
                .containsExactly("at-eleven", "at-ten");
    }

    @Test
    void filtersByTriggerKindAndFindsByIdPrefix() {
        assertThat(listed("--trigger", "manual")).containsExactly("at-noon", "at-eleven", "at-ten");
        assertThat(listed("--trigger", "webhook,schedule")).isEmpty();
        assertThat(listed("--id", "at-n")).containsExactly("at-noon");
        assertThat(listed("--id", "at-", "--until", "2026-11-22T11:00:00Z")).containsExactly("at-ten");
        assertThat(refused("--trigger", "Web Hook")).contains("--trigger must be among manual, webhook",
                "but held 'Web Hook'");
        assertThat(refused("--id", "at ten")).contains("--id must be the start of an execution id");
    }

    @Test
    void aDurationCountsBackFromNow() {
        ExecutionsCommand.ListCommand list = new ExecutionsCommand.ListCommand();
        list.clock = Clock.fixed(T0.plusSeconds(7200 + 1800), ZoneOffset.UTC); // 12:30
        assertThat(listed(list, "--since", "2h")).containsExactly("at-noon", "at-eleven");
        list = new ExecutionsCommand.ListCommand();
        list.clock = Clock.fixed(T0.plusSeconds(7200 + 1800), ZoneOffset.UTC);
        assertThat(listed(list, "--until", "PT1H")).containsExactly("at-eleven", "at-ten");
    }

    @Test
    void aBadTimeIsRefusedWithTheFormsItTakes() {
        assertThat(refused("--since", "yesterday")).contains("--since must be an ISO-8601 instant such as"
                + " 2026-11-22T10:00:00Z, or a duration before now such as 15m, 1h, 7d or PT30M, but was 'yesterday'");
        assertThat(refused("--since", "1h", "--until", "2h")).contains("--since (")
                .contains(") must not be after"
                        + " --until (");
    }

    @Test
    void commandsThatReadAStoreRefuseADirectoryThatHoldsNone() {
        Path typo = data.resolveSibling(data.getFileName() + "-typo");
        for (String[] command : List.of(new String[]{"executions", "list"},
                new String[]{"executions", "show", "at-ten"}, new String[]{"resume"},
                new String[]{"signal", "at-ten", "go"})) {
            String[] args = Stream.concat(Stream.of(command), Stream.of("--data", typo.toString()))
                    .toArray(String[]::new);
            CommandLineRun run = CommandLineRun.weft(args);
            assertThat(run.exit()).as(String.join(" ", command)).isEqualTo(ExitCodes.INVALID);
            assertThat(run.err()).contains("no Weft store in " + typo.toAbsolutePath()).contains("--data");
            assertThat(typo).doesNotExist();
        }
    }

    @Test
    void showPrintsEveryStepWithItsAttemptsAsTheApiDoes() throws Exception {
        try (SqliteExecutionStore store = SqliteExecutionStore.open(data)) {
            ExecutionRecord e = execution("at-ten", T0);
            StepRecord fetch = new StepRecord("at-ten", "fetch", "fetch", "call", StepStatus.SUCCEEDED, 2,
                    null,
                    JSON.readTree("{\"status\": 200}"), null, null, T0.plusSeconds(3), T0.plusSeconds(4),
                    null, 0);
            store.apply(
                    List.of(new Transition(Transition.Kind.UPDATE, e, 0, List.of(fetch), List.of(), List.of(),
                            List.of(),
                            List.of(new StepAttempt("at-ten", "fetch", "fetch", "call", 1,
                                    StepAttempt.Outcome.FAILED, T0,
                                    T0.plusSeconds(1), "http.status", "the target answered 503", true, 503)),
                            List.of())));
        }

        CommandLineRun run = CommandLineRun.weft("executions", "show", "at-ten", "--data", data.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode step = JSON.readTree(run.out()).get("steps").get(0);
        assertThat(step.get("attempts").asInt()).isEqualTo(2);
        assertThat(step.get("history").get(0)).isEqualTo(JSON.readTree("""
                {"number": 1, "outcome": "failed", "startedAt": "2026-11-22T10:00:00Z",
                 "finishedAt": "2026-11-22T10:00:01Z", "durationMillis": 1000,
                 "error": {"code": "http.status", "message": "the target answered 503", "retryable": true},
                 "targetStatus": 503}
                """));
        assertThat(step.get("history").get(1).get("outcome").asText()).isEqualTo("succeeded");
        assertThat(step.get("history").get(1).get("targetStatus").asInt()).isEqualTo(200);
    }

    /** What {@code weft executions list} prints on standard error when it exits as invalid. */
    private String refused(String... options) {
        String[] args = Stream.concat(Stream.of("executions", "list", "--data", data.toString()),
                Stream.of(options)).toArray(String[]::new);
        CommandLineRun run = CommandLineRun.weft(args);
        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        return run.err();
    }

    private List<String> listed(String... options) {
        return listed(new ExecutionsCommand.ListCommand(), options);
    }

    /** The ids the command prints, after its header line. */
    private List<String> listed(ExecutionsCommand.ListCommand command, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            String[] args = Stream.concat(Stream.of("--data", data.toString()), Stream.of(options))
                    .toArray(String[]::new);
            exit = new CommandLine(command).execute(args);
        } finally {
            System.setOut(original);
        }
        assertThat(exit).isEqualTo(ExitCodes.OK);
        return out.toString(StandardCharsets.UTF_8).lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
    }

    private static ExecutionRecord execution(String id, Instant createdAt) {
        return new ExecutionRecord(ExecutionStore.DEFAULT_TENANT, id, "lists", "a", 1,
                ExecutionStatus.SUCCEEDED,
                null, null, null, null, createdAt, createdAt, createdAt, null, null, null, 0, null, null);
    }
}
