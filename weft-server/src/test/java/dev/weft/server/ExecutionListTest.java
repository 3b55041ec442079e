package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.engine.StoppedClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/executions} through a running server on SQLite: time filters, pages that follow
 * {@code nextCursor} through every execution once (also across executions created in the same
 * millisecond), and a 400 naming each bad parameter.
 */
class ExecutionListTest {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path data;
    final StoppedClock clock = new StoppedClock(T0);
    final HttpClient http = HttpClient.newHttpClient();
    WeftServer server;
    /** Every execution started, by creation time: 3 at T0, 2 at T0+1ms, 3 at T0+1h, 1 at T0+2h. */
    final Map<Instant, List<String>> started = new TreeMap<>();

    @BeforeEach
    void startNineExecutions() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0),
                Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), clock);
        for (String flow : List.of("a", "b")) {
            var deployed = call("PUT", "/api/v1/flows/lists/" + flow,
                    "id: " + flow + "\nnamespace: lists\nsteps: [{id: s, type: transform, output: hi}]\n");
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        }
        start(T0, "a", 3);
        start(T0.plusMillis(1), "b", 2);
        start(T0.plusSeconds(3600), "a", 3);
        start(T0.plusSeconds(7200), "b", 1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pagesFollowNextCursorThroughEveryExecutionOnceNewestFirst() throws Exception {
        JsonNode all = list("limit=500");
        assertThat(all.get("nextCursor").isNull()).isTrue();
        List<String> newestFirst = ids(all);
        assertThat(newestFirst).hasSize(9).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        started.values().stream().flatMap(List::stream).toList());
        List<String> createdAt = new ArrayList<>();
        all.get("executions").forEach(e -> createdAt.add(e.get("createdAt").asText()));
        assertThat(createdAt).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));

        assertThat(walk("limit=2")).containsExactlyElementsOf(newestFirst);
        assertThat(walk("limit=1")).containsExactlyElementsOf(newestFirst);
        JsonNode firstOfThree = list("limit=3");
        JsonNode lastOfThree = list("limit=3&cursor=" + list("limit=3&cursor=" + firstOfThree
                .get("nextCursor").asText()).get("nextCursor").asText());
        assertThat(ids(lastOfThree)).hasSize(3);
        assertThat(lastOfThree.get("nextCursor").isNull()).as("no empty page after the last full one")
                .isTrue();
    }

    @Test
    void sinceIsInclusiveAndUntilExclusiveAsInstantsOrDurationsBeforeTheServersNow() throws Exception {
        assertThat(ids(list("since=2026-11-22T10:00:00.001Z"))).containsExactlyInAnyOrderElementsOf(
                startedBetween(T0.plusMillis(1), T0.plusSeconds(7201)));
        assertThat(ids(list("until=2026-11-22T11:00:00Z"))).containsExactlyInAnyOrderElementsOf(
                startedBetween(T0, T0.plusSeconds(3600)));
        assertThat(
                ids(list("since=" + URLEncoder.encode("2026-11-22T11:00:00.001+01:00", StandardCharsets.UTF_8)
                        + "&until=2026-11-22T11:00:00Z")))
                .containsExactlyInAnyOrderElementsOf(
                        startedBetween(T0.plusMillis(1), T0.plusSeconds(3600)));

        clock.set(T0.plusSeconds(9000)); // 12:30
        assertThat(ids(list("since=1h"))).containsExactlyElementsOf(startedBetween(T0.plusSeconds(5400),
                T0.plusSeconds(9000)));
        assertThat(ids(list("until=PT2H"))).containsExactlyInAnyOrderElementsOf(startedBetween(T0,
                T0.plusSeconds(1800)));
        assertThat(walk("flow=lists/a&since=3h&until=1h&limit=1")).hasSize(6)
                .containsExactlyInAnyOrderElementsOf(startedBetween(T0, T0.plusSeconds(5400)).stream()
                        .filter(id -> !started.get(T0.plusMillis(1)).contains(id)).toList());
    }

    @Test
    void triggerAndIdPrefixNarrowTheListAndItsPages() throws Exception {
        List<String> all = ids(list("limit=500"));
        assertThat(ids(list("trigger=manual&limit=500"))).containsExactlyElementsOf(all);
        assertThat(ids(list("trigger=webhook,schedule"))).isEmpty();
        list("limit=1").get("executions")
                .forEach(e -> assertThat(e.get("triggerKind").asText()).isEqualTo("manual"));

        String one = all.get(4);
        assertThat(ids(list("q=" + one))).containsExactly(one);
        String prefix = one.substring(0, 8);
        List<String> sharing = all.stream().filter(id -> id.startsWith(prefix)).toList();
        assertThat(walk("q=" + prefix + "&limit=1")).containsExactlyElementsOf(sharing).contains(one);
        assertThat(ids(list("q=" + prefix + "&flow=lists/b&trigger=manual"))).containsExactlyElementsOf(
                sharing.stream().filter(id -> started.get(T0.plusMillis(1)).contains(id)
                        || started.get(T0.plusSeconds(7200)).contains(id)).toList());
        assertThat(ids(list("q=zz"))).isEmpty();
    }

    @Test
    void everyBadParameterIsA400NamingItAndTheFormItTakes() throws Exception {
        assertInvalid("since=yesterday", "since must be an ISO-8601 instant such as 2026-11-22T10:00:00Z,"
                + " or a duration before now such as 15m, 1h, 7d or PT30M, but was 'yesterday'");
        assertInvalid("until=2026-11-22", "until must be an ISO-8601 instant");
        assertInvalid("since=2026-11-22T11:00:00+01:00", "write '+' in an offset as %2B");
        assertInvalid("since=1h&until=2h", "since (2026-11-22T11:00:00Z) must not be after until"
                + " (2026-11-22T10:00:00Z)");
        String goodCursor = list("limit=1").get("nextCursor").asText();
        for (String cursor : List.of("not*base64", goodCursor + "!", base64("no-space-here"),
                base64("2026-11-22T10:00:00Z "), base64("yesterday e-1"), "")) {
            assertInvalid("cursor=" + cursor, "cursor must be the nextCursor of an earlier page, unchanged");
        }
        assertThat(call("GET", "/api/v1/executions?cursor=" + base64("2026-11-22T10:00:00Z e-1"), null)
                .statusCode()).as("a well-formed cursor, even one this server did not hand out")
                .isEqualTo(200);
        assertInvalid("limit=0", "limit must be from 1 to 500, but was '0'");
        assertInvalid("limit=ten", "limit must be from 1 to 500, but was 'ten'");
        assertInvalid("status=done", "status must be among queued, running");
        assertInvalid("flow=a", "flow must be namespace/id, but was 'a'");
        assertInvalid("sinse=1h", "'sinse' is not a parameter of this request; did you mean since?");
        assertInvalid("page=2", "parameters: cursor, flow, limit, q, since, status, trigger, until");
        assertInvalid("trigger=Web%20hook", "trigger must be among manual, webhook, schedule, flow, subflow,"
                + " replay or a connector trigger's type such as rabbitmq.consume (comma separated), but held"
                + " 'Web hook'");
        assertInvalid("trigger=webhook,", "but held ''");
        assertInvalid("q=%20", "q must be the start of an execution id or of the id of what started one");
        assertInvalid("q=a%20b", "visible ASCII characters without spaces, but was 'a b'");
        assertInvalid("q=" + "x".repeat(201), "1 to 200 visible ASCII characters");
        assertInvalid("status=failed&status=queued",
                "status is given 2 times; give it once (a comma-separated");
    }

    void assertInvalid(String query, String message) throws Exception {
        var answer = call("GET", "/api/v1/executions?" + query, null);
        assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.get("error").asText()).isEqualTo("query.invalid");
        assertThat(error.get("message").asText()).as(query).contains(message);
    }

    void start(Instant at, String flow, int count) throws Exception {
        clock.set(at);
        for (int i = 0; i < count; i++) {
            var answer = call("POST", "/api/v1/flows/lists/" + flow + "/executions", "{}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            started.computeIfAbsent(at, k -> new ArrayList<>())
                    .add(JSON.readTree(answer.body()).get("id").asText());
        }
    }

    /** The executions started at or after {@code from} and before {@code to}. */
    List<String> startedBetween(Instant from, Instant to) {
        return started.entrySet().stream().filter(e -> !e.getKey().isBefore(from) && e.getKey().isBefore(to))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** Every id of the list, following nextCursor page by page. */
    List<String> walk(String query) throws Exception {
        List<String> seen = new ArrayList<>();
        JsonNode page = list(query);
        for (int pages = 1;; pages++) {
            seen.addAll(ids(page));
            if (page.get("nextCursor").isNull()) {
                return seen;
            }
            assertThat(pages).as("pages").isLessThan(20);
            page = list(query + "&cursor=" + page.get("nextCursor").asText());
        }
    }

    JsonNode list(String query) throws Exception {
        var answer = call("GET", "/api/v1/executions?" + query, null);
        assertThat(answer.statusCode()).as(query + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("executions").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", method.equals("PUT") ? "application/yaml" : "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
