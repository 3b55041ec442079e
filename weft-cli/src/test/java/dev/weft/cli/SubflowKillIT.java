package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold for subflows, with real processes: a parent waits on a subflow; the server is
 * killed with {@code kill -9}; the child is finished by another process ({@code weft signal}) while the
 * parent's server is dead; after the server restarts, the parent has resumed and ended. Parents look at
 * their children only once an hour here ({@code engine.subflowPoll: 1h}), so only the child's end event,
 * read from the durable feed, can wake the parent in time: whichever process reads it first (the one that
 * ended the child usually does; otherwise the restarted server, from the consumer's saved position).
 * Before the feed, the wake-up was made but ignored: the parent waited for its hourly check.
 */
class SubflowKillIT {
    private static final String CHILD = """
            id: child
            namespace: lib
            steps:
              - {id: go, type: await, signal: go}
              - {id: out, type: transform, output: "{{ go.n * 2 }}"}
            """;
    private static final String PARENT = """
            id: parent
            namespace: lib
            steps:
              - {id: sub, type: subflow, flow: lib/child}
              - {id: result, type: transform, output: "{{ sub }}"}
            """;

    @TempDir
    Path dir;

    @Test
    void aParentWhoseChildEndedWhileItsServerWasDeadResumesAfterTheRestart() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "server: {port: 0}\nengine: {subflowPoll: 1h}\n");
        String parent;
        String child;
        ServerProcess first = ServerProcess.start(config, data, dir.resolve("first.log"));
        try {
            for (String[] flow : new String[][]{{"child", CHILD}, {"parent", PARENT}}) {
                assertThat(first.call("PUT", "/api/v1/flows/lib/" + flow[0], flow[1], "application/yaml")
                        .statusCode()).isEqualTo(201);
            }
            parent = first.startExecution("lib", "parent", "{}");
            first.awaitTrue(() -> first.status(parent).equals("waiting") && childOf(first, parent) != null);
            child = childOf(first, parent);
            first.awaitTrue(() -> first.status(child).equals("waiting"));
        } finally {
            first.kill();
        }

        String java = ProcessHandle.current().info().command().orElse("java");
        Process signal = new ProcessBuilder(java, "-jar", Path.of("target", "weft.jar").toString(), "signal",
                child, "go", "--payload", "{\"n\": 21}", "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("signal.log").toFile()).start();
        assertThat(signal.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(signal.exitValue()).as(Files.readString(dir.resolve("signal.log"))).isZero();

        try (ServerProcess second = ServerProcess.start(config, data, dir.resolve("second.log"))) {
            second.awaitTrue(() -> second.status(parent).equals("succeeded"));
            assertThat(second.get("/api/v1/executions/" + parent).get("output").asInt()).isEqualTo(42);
        }
    }

    private static String childOf(ServerProcess server, String parent) {
        try {
            for (JsonNode e : server.get("/api/v1/executions?flow=lib/child").get("executions")) {
                return e.get("id").asText();
            }
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
