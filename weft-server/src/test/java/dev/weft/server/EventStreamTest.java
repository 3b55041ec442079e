package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.EventPosition;
import dev.weft.server.config.ServerSettings;
import dev.weft.server.config.UiSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/events/stream}: the tenant's feed pushed as Server-Sent Events, resumed by
 * {@code Last-Event-ID} without a gap or a repeat, under the feed's permission, bounded per tenant, and ended
 * cleanly when the server stops.
 */
class EventStreamTest extends ServerFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Longer than any test: after its opening block, a stream's ids come only from blocks that move it. */
    private static final Duration HEARTBEAT = Duration.ofMinutes(10);
    private static final String FLOW = """
            id: ship
            namespace: orders
            steps:
              - {id: packed, type: emit, event: orders.packed, payload: {n: 1}}
              - {id: labelled, type: emit, event: orders.labelled, payload: {n: 2}}
              - {id: shipped, type: emit, event: orders.shipped, payload: {n: 3}}
            """;

    @Override
    ServerSettings settings() {
        ServerSettings s = super.settings();
        return s.withFront(s.front().withUi(new UiSettings(true, 2, HEARTBEAT, UiSettings.CLASSPATH_ROOT)));
    }

    private SseClient stream(String key, Map<String, String> more) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(more);
        headers.put("Authorization", "Bearer " + key);
        return SseClient.open(server.port(), "/api/v1/events/stream", headers);
    }

    private String start() throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/flows/orders/ship/executions", "{}",
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ServerCalls.JSON.readTree(r.body()).get("id").asText();
    }

    private String key(String role, List<String> namespaces) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/tenants/default/api-keys", ServerCalls.JSON
                .writeValueAsString(Map.of("name", role + " key", "role", role, "namespaces", namespaces)),
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ServerCalls.JSON.readTree(r.body()).get("key").asText();
    }

    @Test
    void aClientSeesANewExecutionsEventsAndResumesWithoutAGapOrARepeat() throws Exception {
        api.deploy("orders", "ship", FLOW);
        List<SseClient.Event> seen = new ArrayList<>();
        String id;
        try (SseClient first = stream(ADMIN_KEY, Map.of())) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.response().headers().firstValue("Content-Type"))
                    .hasValue("text/event-stream; charset=utf-8");
            id = start(); // after the stream opened: it starts at the feed's end, so sees only what follows
            seen.add(first.next(WAIT));
            seen.add(first.next(WAIT));
        }
        assertThat(seen.getFirst().type()).isEqualTo("execution.started");
        try (SseClient resumed = stream(ADMIN_KEY, Map.of("Last-Event-ID", seen.getLast().id()))) {
            while (!seen.getLast().type().equals("execution.succeeded")) {
                seen.add(resumed.next(WAIT));
            }
        }
        List<JsonNode> feed = new ArrayList<>();
        api.get("/api/v1/events?execution=" + id).get("items").forEach(feed::add);
        assertThat(seen).extracting(SseClient.Event::id)
                .containsExactlyElementsOf(feed.stream().map(e -> e.get("position").asText()).toList());
        assertThat(seen).extracting(SseClient.Event::type).containsExactly("execution.started",
                "orders.packed",
                "orders.labelled", "orders.shipped", "execution.succeeded");
        JsonNode data = ServerCalls.JSON.readTree(seen.get(2).data());
        assertThat(data.get("type").asText()).isEqualTo("orders.labelled");
        assertThat(data.get("executionId").asText()).isEqualTo(id);
        assertThat(data.get("position").asText()).isEqualTo(seen.get(2).id());
    }

    @Test
    void aCursorAndATypeFilterAreThoseOfTheFeed() throws Exception {
        api.deploy("orders", "ship", FLOW);
        String deployed = api.get("/api/v1/events?type=flow.deployed").get("next").asText();
        String id = start();
        api.awaitEvents("execution.succeeded", 1);
        try (SseClient s = SseClient.open(server.port(),
                "/api/v1/events/stream?type=orders.shipped,execution.succeeded&cursor=" + deployed,
                Map.of("Authorization", "Bearer " + ADMIN_KEY))) {
            assertThat(s.next(WAIT).type()).isEqualTo("orders.shipped");
            SseClient.Event end = s.next(WAIT);
            assertThat(end.type()).isEqualTo("execution.succeeded");
            assertThat(ServerCalls.JSON.readTree(end.data()).get("executionId").asText()).isEqualTo(id);
        }
        try (SseClient bad = SseClient.open(server.port(), "/api/v1/events/stream?limit=5",
                Map.of("Authorization", "Bearer " + ADMIN_KEY))) {
            assertThat(bad.status()).isEqualTo(400);
        }
    }

    @Test
    void eventsTheFilterLeavesOutMoveTheStreamsIdSoThatAReconnectSkipsThem() throws Exception {
        api.deploy("orders", "ship", FLOW);
        String first;
        EventPosition last;
        EventPosition reached;
        try (SseClient s = SseClient.open(server.port(), "/api/v1/events/stream?type=orders.never",
                Map.of("Authorization", "Bearer " + ADMIN_KEY))) {
            EventPosition opened = EventPosition.parse(s.nextId(WAIT)); // the feed's end when it opened
            first = start();
            api.awaitEvents("execution.succeeded", 1);
            JsonNode items = api.get("/api/v1/events?execution=" + first).get("items");
            last = EventPosition.parse(items.get(items.size() - 1).get("position").asText());
            assertThat(last).isGreaterThan(opened);
            // No event passes the filter, yet id-only blocks carry the stream past what it left out.
            reached = opened;
            while (reached.compareTo(last) < 0) {
                reached = EventPosition.parse(s.nextId(WAIT));
            }
        }
        try (SseClient resumed = SseClient.open(server.port(),
                "/api/v1/events/stream?type=execution.succeeded",
                Map.of("Authorization", "Bearer " + ADMIN_KEY, "Last-Event-ID", reached.toString()))) {
            String second = start();
            JsonNode seen = ServerCalls.JSON.readTree(resumed.next(WAIT).data());
            assertThat(seen.get("executionId").asText()).as("not the first execution's end again")
                    .isEqualTo(second).isNotEqualTo(first);
        }
    }

    @Test
    void theFeedsPermissionIsEnforced() throws Exception {
        try (SseClient anonymous = SseClient.open(server.port(), "/api/v1/events/stream", Map.of())) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
        try (SseClient limited = stream(key("viewer", List.of("orders")), Map.of())) {
            assertThat(limited.status()).isEqualTo(403);
        }
        try (SseClient viewer = stream(key("viewer", List.of()), Map.of())) {
            assertThat(viewer.status()).isEqualTo(200);
        }
    }

    @Test
    void aTenantMayHoldOnlySoManyStreamsOpen() throws Exception {
        try (SseClient one = stream(ADMIN_KEY, Map.of());
                SseClient two = stream(ADMIN_KEY, Map.of());
                SseClient three = stream(ADMIN_KEY, Map.of())) {
            assertThat(one.status()).isEqualTo(200);
            assertThat(two.status()).isEqualTo(200);
            assertThat(three.status()).isEqualTo(429);
            assertThat(three.response().headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void aStopEndsEveryStreamCleanly() throws Exception {
        try (SseClient s = stream(ADMIN_KEY, Map.of())) {
            assertThat(s.status()).isEqualTo(200);
            server.close(); // returns once the front stopped; a stream left open would hold it for its grace
            server = null;
            assertThat(s.awaitEnd(WAIT)).isTrue();
        }
    }
}
