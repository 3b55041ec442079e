package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/executions/{id}} answers a page of the steps, and the cursor walks through all of them. */
class ExecutionStepPagesTest extends ServerFixture {

    @Test
    void theStepsOfALargeExecutionComeInPagesThatTogetherHoldEveryStepOnce() throws Exception {
        api.deploy("pages", "many", """
                id: many
                namespace: pages
                steps:
                  - id: loop
                    type: foreach
                    items: "{{ [1..30] }}"
                    steps:
                      - {id: double, type: transform, output: "{{ item * 2 }}"}
                  - {id: done, type: transform, output: "{{ $count(loop) }}"}
                """);
        HttpResponse<String> started = api.call("POST", "/api/v1/flows/pages/many/executions", "{}",
                "application/json");
        String id = ServerCalls.JSON.readTree(started.body()).get("id").asText();
        assertThat(api.awaitEnd(id, Duration.ofSeconds(30)).get("status").asText()).isEqualTo("succeeded");

        List<String> paths = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/executions/" + id + "?stepLimit=25"
                    + (cursor == null ? "" : "&stepCursor=" + cursor));
            assertThat(page.get("steps").size()).isLessThanOrEqualTo(25);
            page.get("steps").forEach(s -> paths.add(s.get("path").asText()));
            cursor = page.get("stepsNextCursor").isNull() ? null : page.get("stepsNextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(2);
        assertThat(paths).hasSize(32).doesNotHaveDuplicates().contains("loop", "loop[0]/double",
                "loop[29]/double", "done");
        assertThat(api.get("/api/v1/executions/" + id).get("steps")).hasSize(32);
    }

    @Test
    void aBadPageParameterIsNamed() throws Exception {
        for (String query : new String[]{"stepLimit=0", "stepLimit=1001", "stepCursor=abc", "steplimit=5"}) {
            HttpResponse<String> answer = api.call("GET", "/api/v1/executions/any?" + query, null, null);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            JsonNode error = ServerCalls.JSON.readTree(answer.body());
            assertThat(error.get("error").asText()).isEqualTo("query.invalid");
            assertThat(error.get("message").asText()).as(query)
                    .contains(query.substring(0, query.indexOf('=')));
        }
    }
}
