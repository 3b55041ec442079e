package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/events}: the feed read in commit order by cursor pages, and custom events published. */
class EventsApiTest {
    private static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;
    WeftServer server;

    @BeforeEach
    void start() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0),
                Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY);
        if (body != null) {
            b.header("Content-Type", body.startsWith("id:") ? "application/yaml" : "application/json");
        }
        b.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void anEmitStepsEventAndTheExecutionsEndAreListedInCommitOrder() throws Exception {
        ok(send("PUT", "/api/v1/flows/orders/ship", """
                id: ship
                namespace: orders
                steps:
                  - {id: announce, type: emit, event: orders.shipped, payload: {orderId: "{{ input.id }}"}}
                  - {id: done, type: transform, output: shipped}
                """), 201);
        String id = ok(send("POST", "/api/v1/flows/orders/ship/executions", "{\"id\": \"A-7\"}"), 201)
                .get("id").asText();
        Eventually.until("the execution succeeded", Duration.ofSeconds(20), () -> ok(
                send("GET", "/api/v1/executions/" + id, null), 200).get("status").asText()
                .equals("succeeded"));

        JsonNode page = ok(send("GET", "/api/v1/events?execution=" + id, null), 200);

        List<String> types = new ArrayList<>();
        page.get("items").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("execution.started", "orders.shipped", "execution.succeeded");
        assertThat(page.at("/items/1/payload/orderId").asText()).isEqualTo("A-7");
        assertThat(page.at("/items/1/id").asText()).startsWith("evt_");
        assertThat(page.get("next").asText()).isEqualTo(page.at("/items/2/position").asText());
    }

    @Test
    void aClientFollowingNextSeesEachEventOnceAndThenNewOnes() throws Exception {
        for (int i = 0; i < 5; i++) {
            ok(send("POST", "/api/v1/events",
                    "{\"type\": \"invoice.approved\", \"payload\": {\"n\": " + i + "}}"),
                    201);
        }
        JsonNode first = ok(send("GET", "/api/v1/events?type=invoice.approved&limit=3", null), 200);
        JsonNode second = ok(send("GET", "/api/v1/events?type=invoice.approved&limit=3&cursor="
                + first.get("next").asText(), null), 200);
        JsonNode end = ok(send("GET", "/api/v1/events?type=invoice.approved&cursor="
                + second.get("next").asText(), null), 200);
        JsonNode published = ok(send("POST", "/api/v1/events",
                "{\"type\": \"invoice.approved\", \"payload\": {\"n\": 5}, \"executionId\": \"ext-1\"}"),
                201);
        JsonNode fresh = ok(send("GET", "/api/v1/events?type=invoice.approved&cursor="
                + end.get("next").asText(), null), 200);

        assertThat(first.get("items")).hasSize(3);
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.at("/items/0/payload/n").asInt()).isEqualTo(3);
        assertThat(end.get("items")).isEmpty();
        assertThat(end.get("next")).isEqualTo(second.get("next"));
        assertThat(fresh.get("items")).hasSize(1);
        assertThat(fresh.at("/items/0/id")).isEqualTo(published.get("id"));
        assertThat(fresh.at("/items/0/executionId").asText()).isEqualTo("ext-1");
    }

    @Test
    void badEventsAndBadQueriesAreRefusedNamingTheField() throws Exception {
        JsonNode reserved = ok(send("POST", "/api/v1/events", "{\"type\": \"execution.succeeded\"}"), 400);
        JsonNode unknownField = ok(send("POST", "/api/v1/events", "{\"type\": \"a.b\", \"data\": 1}"), 400);
        JsonNode badCursor = ok(send("GET", "/api/v1/events?cursor=yesterday", null), 400);
        JsonNode badParameter = ok(send("GET", "/api/v1/events?typ=a.b", null), 400);
        JsonNode badType = ok(send("GET", "/api/v1/events?type=execution.succeeded,Failed", null), 400);

        assertThat(reserved.get("error").asText()).isEqualTo("event.invalid");
        assertThat(reserved.get("message").asText()).contains("reserved");
        assertThat(unknownField.get("message").asText()).contains("'data'");
        assertThat(badCursor.get("error").asText()).isEqualTo("query.invalid");
        assertThat(badCursor.get("message").asText()).contains("cursor");
        assertThat(badParameter.get("message").asText()).contains("did you mean type?");
        assertThat(badType.get("message").asText()).contains("'Failed'");
    }
}
