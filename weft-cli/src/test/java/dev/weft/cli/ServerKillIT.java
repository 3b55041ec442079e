package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold: {@code kill -9} of a real {@code weft server} process while executions are
 * queued, running (a call in flight) and waiting (for a timer and for a signal); after a restart on the
 * same data directory every one of them finishes, and each effect after the kill happens once. And the
 * graceful stop: a call in flight finishes and is recorded, so the next start does not make it again.
 */
class ServerKillIT {
    private static final String TWO_CALLS = """
            id: two-calls
            namespace: ops
            steps:
              - {id: first, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/slow"}}
              - {id: second, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/next"}}
            """;
    private static final String SLOW = """
            id: slow
            namespace: ops
            steps:
              - {id: call, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/slow"}}
              - {id: done, type: transform, output: "{{ call.body.path }}"}
            """;
    private static final String NAP = """
            id: nap
            namespace: ops
            steps:
              - {id: nap, type: wait, duration: 3s}
              - {id: after, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/after"}}
            """;
    private static final String APPROVAL = """
            id: approval
            namespace: ops
            steps:
              - {id: approval, type: await, signal: approved}
              - {id: done, type: call, operation: http.request, with: {method: POST, url: "{{ input.url }}/approved"}}
            """;

    @TempDir
    Path dir;

    @Test
    void executionsQueuedRunningAndWaitingAllFinishAfterAKill() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("weft.yaml");
        // Two executions at a time, so that the third slow one is queued behind two running ones.
        Files.writeString(config, "server: {port: 0}\nengine: {maxConcurrentExecutions: 2}\n");
        try (LocalServer stub = new LocalServer()) {
            String input = "{\"url\": \"" + stub.url() + "\"}";
            stub.hold("/slow");
            List<String> slow = new ArrayList<>();
            String nap;
            String approval;
            ServerProcess first = ServerProcess.start(config, data, dir.resolve("first.log"));
            try {
                for (String[] flow : new String[][]{{"slow", SLOW}, {"nap", NAP}, {"approval", APPROVAL}}) {
                    assertThat(first.call("PUT", "/api/v1/flows/ops/" + flow[0], flow[1], "application/yaml")
                            .statusCode()).isEqualTo(201);
                }
                nap = first.startExecution("ops", "nap", input);
                approval = first.startExecution("ops", "approval", input);
                first.awaitTrue(() -> first.status(nap).equals("waiting")
                        && first.status(approval).equals("waiting"));
                slow.add(first.startExecution("ops", "slow", input));
                slow.add(first.startExecution("ops", "slow", input));
                first.awaitTrue(() -> stub.requests("POST", "/slow").size() == 2);
                slow.add(first.startExecution("ops", "slow", input));

                assertThat(slow.stream().map(first::status).toList())
                        .containsExactly("running", "running", "queued");
                assertThat(first.status(nap)).isEqualTo("waiting");
                assertThat(first.status(approval)).isEqualTo("waiting");
            } finally {
                first.kill();
            }

            stub.release("/slow");
            try (ServerProcess second = ServerProcess.start(config, data, dir.resolve("second.log"))) {
                assertThat(second.call("POST", "/api/v1/executions/" + approval + "/signals/approved",
                        "{\"by\": \"ann\"}", "application/json").statusCode()).isEqualTo(202);
                List<String> all = new ArrayList<>(slow);
                all.add(nap);
                all.add(approval);
                second.awaitTrue(() -> all.stream().allMatch(id -> second.status(id).equals("succeeded")));
                assertThat(second.get("/api/v1/executions/" + slow.get(0)).get("output").asText())
                        .isEqualTo("/slow");
            }
            // Each slow call was made once per execution after the kill (the two cut off in flight are
            // made again with the same idempotency key); every effect after the kill happened once.
            assertThat(stub.requests("POST", "/slow").stream().map(LocalServer.Request::idempotencyKey)
                    .distinct()).hasSize(3);
            assertThat(stub.requests("POST", "/after")).hasSize(1);
            assertThat(stub.requests("POST", "/approved")).hasSize(1);
        }
    }

    @Test
    void aGracefulStopLetsTheCallInFlightFinishAndTheNextStartContinuesAfterIt() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "server: {port: 0, shutdownGrace: 60s}\n");
        try (LocalServer stub = new LocalServer()) {
            String input = "{\"url\": \"" + stub.url() + "\"}";
            stub.hold("/slow");
            String id;
            ServerProcess first = ServerProcess.start(config, data, dir.resolve("first.log"));
            try {
                assertThat(first.call("PUT", "/api/v1/flows/ops/two-calls", TWO_CALLS, "application/yaml")
                        .statusCode()).isEqualTo(201);
                id = first.startExecution("ops", "two-calls", input);
                first.awaitTrue(() -> stub.requests("POST", "/slow").size() == 1);
                first.terminate();
                // Stopping: new requests are refused while the call is still in flight.
                first.awaitTrue(() -> !first.answers());
                stub.release("/slow");
                assertThat(first.awaitExit()).isIn(0, 143);
            } finally {
                first.kill();
            }
            assertThat(first.log()).contains("handed back");
            assertThat(stub.requests("POST", "/next")).isEmpty();

            try (ServerProcess second = ServerProcess.start(config, data, dir.resolve("second.log"))) {
                second.awaitTrue(() -> second.status(id).equals("succeeded"));
            }
            assertThat(stub.requests("POST", "/slow"))
                    .as("the call finished before the stop is not made again")
                    .hasSize(1);
            assertThat(stub.requests("POST", "/next")).hasSize(1);
        }
    }
}
