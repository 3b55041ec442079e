package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.store.jdbc.SqliteExecutionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code weft run} process with SIGKILL in the middle of a 4-second wait, then runs
 * {@code weft resume} on the same data directory: every side effect happens once and the timer keeps
 * the due time it was given before the kill.
 */
class KillAndResumeIT {
    private static final String FLOW = """
            id: kill-test
            steps:
              - {id: before, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/before"}}
              - {id: nap, type: wait, duration: 4s}
              - {id: after, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/after"}}
            """;

    @TempDir
    Path dir;

    @Test
    void killedDuringAWaitResumesWithTheSameDueTimeAndRunsEachEffectOnce() throws Exception {
        try (LocalServer server = new LocalServer()) {
            Path flow = dir.resolve("kill-test.yaml");
            Files.writeString(flow, FLOW);
            Path data = dir.resolve("data");
            Process run = weft(dir.resolve("run.log"), "run", flow.toString(), "--data", data.toString(),
                    "--input",
                    "{\"url\": \"" + server.url() + "\"}");
            try {
                StepRecord nap = waitFor(
                        () -> step(data, "nap").filter(s -> s.status() == StepStatus.WAITING),
                        Duration.ofSeconds(60), run, dir.resolve("run.log"));
                // Kill 1.5 s into the 4 s wait.
                waitUntil(nap.startedAt().plusMillis(1500));
                run.destroyForcibly();
                assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                run.destroyForcibly();
            }
            assertThat(server.requests("POST", "/after")).isEmpty();

            Process resume = weft(dir.resolve("resume.log"), "resume", "--data", data.toString());
            assertThat(resume.waitFor(60, TimeUnit.SECONDS)).as(log(dir.resolve("resume.log"))).isTrue();
            assertThat(resume.exitValue()).as(log(dir.resolve("resume.log"))).isZero();

            assertThat(server.requests("POST", "/before")).hasSize(1);
            assertThat(server.requests("POST", "/after")).hasSize(1);
            try (ExecutionStore store = SqliteExecutionStore.open(data)) {
                ExecutionRecord e = store.executions(dev.weft.engine.store.ExecutionQuery.all(
                        ExecutionStore.DEFAULT_TENANT)).get(0);
                assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                StepRecord nap = store.steps(ExecutionStore.DEFAULT_TENANT, e.id()).stream()
                        .filter(s -> s.path().equals("nap")).findFirst().orElseThrow();
                assertThat(Duration.between(nap.startedAt(), nap.dueAt())).isEqualTo(Duration.ofSeconds(4));
                // The due time is stored absolute and survived the kill unchanged (no wall-clock bound here:
                // how soon the resumed process fires it depends on the machine's load).
                assertThat(server.requests("POST", "/after").get(0).at()).isAfterOrEqualTo(nap.dueAt());
                assertThat(server.requests("POST", "/after").get(0).idempotencyKey())
                        .isEqualTo(e.id() + ":after");
            }
        }
    }

    private static Optional<StepRecord> step(Path data, String path) {
        if (!Files.exists(data.resolve("weft.db"))) {
            return Optional.empty();
        }
        try (ExecutionStore store = SqliteExecutionStore.open(data)) {
            var executions = store
                    .executions(dev.weft.engine.store.ExecutionQuery.all(ExecutionStore.DEFAULT_TENANT));
            if (executions.isEmpty()) {
                return Optional.empty();
            }
            return store.steps(ExecutionStore.DEFAULT_TENANT, executions.get(0).id()).stream()
                    .filter(s -> s.path().equals(path)).findFirst();
        }
    }

    static Process weft(Path log, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(
                List.of(java, "-jar", Path.of("target", "weft.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The stub it calls is on this machine: allowed explicitly, as an on-premises target would be.
        pb.environment().put("WEFT_EGRESS_ALLOW", "127.0.0.1/32");
        return pb.start();
    }

    private static <T> T waitFor(Supplier<Optional<T>> condition, Duration max, Process process, Path log)
            throws Exception {
        Instant deadline = Instant.now().plus(max);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("weft exited early with " + process.exitValue() + ":\n" + log(log));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("condition not met within " + max + ":\n" + log(log));
    }

    private static void waitUntil(Instant t) throws InterruptedException {
        long millis = Duration.between(Instant.now(), t).toMillis();
        if (millis > 0) {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
    }

    static String log(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
