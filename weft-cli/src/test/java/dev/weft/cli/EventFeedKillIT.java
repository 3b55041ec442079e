package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold for the event feed, with real processes: a consumer ({@code weft events follow
 * --consumer}) killed with {@code kill -9} while the server writes about 1,000 events, and the server itself
 * killed with {@code kill -9} mid-way; after both restart, the consumer has printed every event the store
 * holds at least once, and nothing the store does not hold (no event of a change that was rolled back by the
 * server's death), and every execution the API accepted has its three events.
 */
class EventFeedKillIT {
    private static final String TICK = """
            id: tick
            namespace: feed
            steps:
              - {id: announce, type: emit, event: test.tick, payload: {n: "{{ input.n }}"}}
            """;
    /** 350 executions, three events each (started, test.tick, succeeded): 1,050 events. */
    private static final int EXECUTIONS = 350;

    @TempDir
    Path dir;

    @Test
    void aKilledConsumerResumesAndSeesEveryCommittedEventAndNoOther() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "server: {port: 0}\n");
        Map<String, Integer> accepted = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        List<Path> outputs = new ArrayList<>();

        ServerProcess first = ServerProcess.start(config, data, dir.resolve("first.log"));
        Process consumer;
        try {
            assertThat(first.call("PUT", "/api/v1/flows/feed/tick", TICK, "application/yaml").statusCode())
                    .isEqualTo(201);
            consumer = follow(data, outputs);
            // A third of the executions; the consumer is killed once it has printed some of their events.
            write(first, next, EXECUTIONS / 3, accepted);
            awaitLines(outputs.getLast(), 30);
            consumer.destroyForcibly();
            assertThat(consumer.waitFor(20, TimeUnit.SECONDS)).isTrue();
            // Another third while no consumer runs, and the server killed while it is still writing.
            try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
                Future<?> writing = pool.submit(() -> write(first, next, 2 * EXECUTIONS / 3, accepted));
                awaitTrue(() -> next.get() > EXECUTIONS / 2);
                first.kill();
                writing.get(60, TimeUnit.SECONDS);
            }
        } finally {
            first.kill();
        }

        try (ServerProcess second = ServerProcess.start(config, data, dir.resolve("second.log"))) {
            consumer = follow(data, outputs);
            try {
                write(second, next, EXECUTIONS, accepted);
                second.awaitTrue(() -> accepted.keySet().stream()
                        .allMatch(id -> second.status(id).equals("succeeded")));
                List<JsonNode> stored = allEvents(second);
                Set<String> storedIds = new HashSet<>();
                stored.forEach(e -> storedIds.add(e.get("id").asText()));
                awaitTrue(() -> printedIds(outputs).containsAll(storedIds));

                Set<String> printed = printedIds(outputs);
                assertThat(printed).as("every printed event is committed in the store").isSubsetOf(storedIds);
                assertThat(printed).as("every committed event is printed").containsAll(storedIds);
                Map<String, List<String>> typesByExecution = new HashMap<>();
                for (JsonNode e : stored) {
                    if (e.hasNonNull("executionId")) {
                        typesByExecution
                                .computeIfAbsent(e.get("executionId").asText(), k -> new ArrayList<>())
                                .add(e.get("type").asText());
                    }
                }
                for (String id : accepted.keySet()) {
                    assertThat(typesByExecution.get(id)).as("events of accepted execution %s", id)
                            .containsExactly("execution.started", "test.tick", "execution.succeeded");
                }
                // An execution whose start was cut off by the kill either committed whole, with all its
                // events, or left nothing: no event exists for a change that did not commit.
                for (Map.Entry<String, List<String>> e : typesByExecution.entrySet()) {
                    assertThat(second.status(e.getKey())).isEqualTo("succeeded");
                    assertThat(e.getValue()).containsExactly("execution.started", "test.tick",
                            "execution.succeeded");
                }
                assertThat(stored.size()).isGreaterThanOrEqualTo(3 * accepted.size() + 1);
            } finally {
                consumer.destroyForcibly();
                consumer.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts executions until {@code next} reaches {@code until}; a start refused by a dying server is not accepted. */
    private static Void write(ServerProcess server, AtomicInteger next, int until,
            Map<String, Integer> accepted) {
        int n;
        while ((n = next.getAndIncrement()) < until) {
            try {
                HttpResponse<String> r = server.call("POST", "/api/v1/flows/feed/tick/executions",
                        "{\"n\": " + n + "}", "application/json");
                if (r.statusCode() == 201) {
                    accepted.put(ServerProcess.JSON.readTree(r.body()).get("id").asText(), n);
                }
            } catch (IOException e) {
                return null; // the server was killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        next.set(until);
        return null;
    }

    /** {@code weft events follow --consumer it}, printing to a new file added to {@code outputs}. */
    private Process follow(Path data, List<Path> outputs) throws IOException {
        Path out = dir.resolve("consumer-" + outputs.size() + ".jsonl");
        outputs.add(out);
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-jar", Path.of("target", "weft.jar").toString(), "events", "follow",
                "--data", data.toString(), "--consumer", "it", "--poll", "50ms")
                .redirectOutput(out.toFile()).redirectError(dir.resolve("consumer-" + outputs.size() + ".err")
                        .toFile())
                .start();
    }

    private static Set<String> printedIds(List<Path> outputs) {
        Set<String> ids = new HashSet<>();
        for (Path p : outputs) {
            for (String line : lines(p)) {
                try {
                    ids.add(ServerProcess.JSON.readTree(line).get("id").asText());
                } catch (IOException e) {
                    // the last line of a killed consumer's file may be cut off mid-way
                }
            }
        }
        return ids;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> allEvents(ServerProcess server) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            JsonNode page = server
                    .get("/api/v1/events?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(all::add);
            if (page.get("items").isEmpty()) {
                return all;
            }
            cursor = page.get("next").asText();
        }
    }

    private static void awaitLines(Path file, int count) throws Exception {
        awaitTrue(() -> lines(file).size() >= count);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws Exception {
        dev.weft.testkit.Eventually.until("the condition", java.time.Duration.ofSeconds(60),
                condition::getAsBoolean);
    }
}
