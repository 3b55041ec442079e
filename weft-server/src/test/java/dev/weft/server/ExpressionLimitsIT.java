package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Expressions that do a lot of work, through the whole server: a regular expression that backtracks without
 * end fails its step at the expression's bound while the server keeps answering, and a step's recorded times
 * show how long its expression ran.
 */
class ExpressionLimitsIT extends ServerFixture {

    private String start(String flow, String input) throws Exception {
        HttpResponse<String> started = api.call("POST", "/api/v1/flows/limits/" + flow + "/executions", input,
                "application/json");
        assertThat(started.statusCode()).as(started.body()).isIn(201, 202);
        return ServerCalls.JSON.readTree(started.body()).get("id").asText();
    }

    @Test
    void aBacktrackingRegexFailsItsStepAtTheBoundWhileTheServerKeepsAnswering() throws Exception {
        api.deploy("limits", "backtrack", """
                id: backtrack
                namespace: limits
                steps:
                  - {id: scan, type: transform, output: "{{ $match(input.text, /(.*a){25}b/) }}"}
                """);

        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
            try {
                return start("backtrack", "{\"text\": \"" + "a".repeat(27) + "\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (!run.isDone()) {
            assertThat(api.call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        }
        JsonNode done = api.awaitEnd(run.get(), Duration.ofSeconds(30));

        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.at("/error/code").asText()).isEqualTo("expression.error");
        assertThat(done.at("/error/message").asText()).contains("a regular expression took more than");
    }

    @Test
    void aStepsRecordedTimesShowHowLongItsExpressionRan() throws Exception {
        api.deploy("limits", "busy",
                """
                        id: busy
                        namespace: limits
                        steps:
                          - {id: count, type: transform, output: "{{ $count($filter([1..100000], function($v) { $v % 7 = 0 })) }}"}
                        """);

        long before = System.nanoTime();
        JsonNode done = api.awaitEnd(start("busy", "{}"), Duration.ofSeconds(30));
        long tookMillis = (System.nanoTime() - before) / 1_000_000;

        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        JsonNode step = api.get("/api/v1/executions/" + done.get("id").asText()).at("/steps/0");
        assertThat(step.get("output").asInt()).isEqualTo(14285);
        Instant started = Instant.parse(step.get("startedAt").asText());
        Instant finished = Instant.parse(step.get("finishedAt").asText());
        // What was recorded lies within what the test saw: the evaluation's time, not the planning instant.
        assertThat(finished).isAfter(started);
        assertThat(Duration.between(started, finished).toMillis()).isLessThanOrEqualTo(tookMillis);
    }
}
