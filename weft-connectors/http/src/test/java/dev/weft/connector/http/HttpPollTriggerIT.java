package dev.weft.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code http.poll} trigger against a real server on 127.0.0.1 whose list the test changes between
 * polls. Each cursor goes through its JSON text and back, as the platform stores it, and a new client is
 * opened where a restart would open one: the cursor alone carries what was seen.
 */
class HttpPollTriggerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ObjectNode> tickets = new CopyOnWriteArrayList<>();
    private static Stub stub;
    private static JsonNode config;

    @BeforeAll
    static void start() throws Exception {
        stub = new Stub().route("/tickets", r -> {
            ArrayNode data = JSON.createArrayNode();
            String since = r.param("updated_since");
            // newest first, as feeds often are; filtered by updated_at >= since when asked
            for (ObjectNode t : tickets.reversed()) {
                if (since == null || t.get("updated_at").textValue().compareTo(since) >= 0) {
                    data.add(t);
                }
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("data", data);
            return Stub.Answer.json(body);
        }).route("/versioned", r -> {
            // a list that says its version (ETag, Last-Modified) and honours If-None-Match
            String etag = "W/\"" + Integer.toHexString(tickets.toString().hashCode()) + "\"";
            if (etag.equals(r.headers().get("if-none-match"))) {
                return new Stub.Answer(304, "application/json", new byte[0], java.util.Map.of("ETag", etag));
            }
            return Stub.Answer.json(JSON.valueToTree(tickets)).withHeader("ETag", etag)
                    .withHeader("Last-Modified", "Sun, 06 Dec 2026 09:00:00 GMT");
        }).route("/bare", r -> Stub.Answer.json(JSON.valueToTree(tickets))).route("/huge", r -> {
            byte[] body = new byte[PollTrigger.MAX_BYTES + 1];
            java.util.Arrays.fill(body, (byte) ' ');
            body[0] = '[';
            body[body.length - 1] = ']';
            return new Stub.Answer(200, "application/json", body, java.util.Map.of());
        });
        config = JSON.readTree("{\"baseUrl\": \"" + stub.base() + "\"}");
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void emptyList() {
        tickets.clear();
    }

    private static void ticket(int id, String updatedAt) {
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id);
        t.put("subject", "ticket " + id);
        t.put("updated_at", updatedAt);
        tickets.removeIf(x -> x.get("id").intValue() == id);
        tickets.add(t);
    }

    /** One poll on a freshly opened client, the cursor stored as text in between. */
    private static PollResult poll(String triggerConfig, JsonNode cursor, int max) throws Exception {
        JsonNode stored = cursor == null ? null : JSON.readTree(JSON.writeValueAsString(cursor));
        try (SystemClient client = PlatformHttp.open(TestSystem.named("poll").withConfig(config))) {
            return client.poll(new PollRequest("http.poll", JSON.readTree(triggerConfig), stored, max));
        }
    }

    private static List<Integer> ids(PollResult result) {
        return result.events().stream().map(e -> e.data().get("item").get("id").intValue()).toList();
    }

    @Test
    void eachItemBecomesOneEventAcrossPolls() throws Exception {
        String feed = "{\"path\": \"/tickets\", \"items\": \"/data\", \"id\": \"/id\"}";
        ticket(1, "2025-01-01T00:00:00Z");
        ticket(2, "2025-01-02T00:00:00Z");
        PollResult first = poll(feed, null, 100);
        assertThat(ids(first)).containsExactly(2, 1);
        assertThat(first.events()).extracting(Event::id).containsExactly("2", "1");
        assertThat(first.more()).isFalse();

        PollResult again = poll(feed, first.cursor(), 100);
        assertThat(again.events()).isEmpty();

        ticket(3, "2025-01-03T00:00:00Z");
        ticket(4, "2025-01-04T00:00:00Z");
        PollResult next = poll(feed, again.cursor(), 100);
        assertThat(ids(next)).containsExactly(4, 3);
        assertThat(poll(feed, next.cursor(), 100).events()).isEmpty();
    }

    @Test
    void moreNewItemsThanOnePollTakesAreTakenByTheNextPolls() throws Exception {
        String feed = "{\"path\": \"/tickets\", \"items\": \"/data\", \"id\": \"/id\"}";
        for (int i = 1; i <= 5; i++) {
            ticket(i, "2025-01-0" + i + "T00:00:00Z");
        }
        List<Integer> all = new ArrayList<>();
        JsonNode cursor = null;
        List<Boolean> more = new ArrayList<>();
        for (int poll = 0; poll < 4; poll++) {
            PollResult result = poll(feed, cursor, 2);
            all.addAll(ids(result));
            more.add(result.more());
            cursor = result.cursor();
        }
        assertThat(all).containsExactly(5, 4, 3, 2, 1);
        assertThat(more).containsExactly(true, true, false, false);
    }

    @Test
    void sinceSendsTheLargestValueSeenAndEachUpdateIsOneEvent() throws Exception {
        String feed = """
                {"path": "/tickets", "items": "/data", "id": "/id",
                 "since": {"field": "/updated_at", "param": "updated_since", "initial": "2025-01-01T00:00:00Z"}}
                """;
        ticket(1, "2024-12-31T00:00:00Z"); // before the initial value: the API leaves it out
        ticket(2, "2025-01-02T00:00:00Z");
        ticket(3, "2025-01-02T00:00:00Z");
        int before = stub.received("/tickets").size();
        PollResult first = poll(feed, null, 100);
        assertThat(ids(first)).containsExactly(3, 2); // oldest first by updated_at; equal ones as returned
        assertThat(first.events()).extracting(Event::id)
                .containsExactly("3@2025-01-02T00:00:00Z", "2@2025-01-02T00:00:00Z");
        assertThat(stub.received("/tickets").get(before).param("updated_since"))
                .isEqualTo("2025-01-01T00:00:00Z");

        PollResult again = poll(feed, first.cursor(), 100);
        assertThat(stub.received("/tickets").getLast().param("updated_since"))
                .isEqualTo("2025-01-02T00:00:00Z");
        assertThat(again.events()).as("the items at the cursor's value come back and are skipped").isEmpty();

        ticket(2, "2025-01-05T00:00:00Z"); // updated
        ticket(4, "2025-01-03T00:00:00Z");
        PollResult next = poll(feed, again.cursor(), 100);
        assertThat(next.events()).extracting(Event::id)
                .containsExactly("4@2025-01-03T00:00:00Z", "2@2025-01-05T00:00:00Z");
        assertThat(poll(feed, next.cursor(), 100).events()).isEmpty();
    }

    @Test
    void withSinceAPollCutShortResumesAtTheSameValueWithoutRepeats() throws Exception {
        String feed = """
                {"path": "/tickets", "items": "/data", "id": "/id",
                 "since": {"field": "/updated_at", "param": "updated_since"}}
                """;
        for (int i = 1; i <= 5; i++) {
            ticket(i, "2025-02-01T00:00:00Z"); // all share one value
        }
        List<Integer> all = new ArrayList<>();
        JsonNode cursor = null;
        for (int poll = 0; poll < 4; poll++) {
            PollResult result = poll(feed, cursor, 2);
            all.addAll(ids(result));
            cursor = result.cursor();
        }
        assertThat(all).containsExactlyInAnyOrder(1, 2, 3, 4, 5).doesNotHaveDuplicates();
    }

    @Test
    void withoutAnIdAnItemIsKnownByItsHash() throws Exception {
        String feed = "{\"path\": \"/bare\"}";
        ticket(1, "2025-01-01T00:00:00Z");
        PollResult first = poll(feed, null, 100);
        assertThat(first.events()).singleElement()
                .satisfies(e -> assertThat(e.id()).matches("sha256:[0-9a-f]{32}"));
        assertThat(poll(feed, first.cursor(), 100).events()).isEmpty();
        ticket(1, "2025-01-09T00:00:00Z"); // changed: another hash, another event
        PollResult changed = poll(feed, first.cursor(), 100);
        assertThat(changed.events()).singleElement().satisfies(e -> assertThat(e.id()).isNotEqualTo(
                first.events().getFirst().id()));
    }

    @Test
    void rememberBoundsTheCursorAndMustExceedTheItemsOfAResponse() throws Exception {
        for (int i = 1; i <= 3; i++) {
            ticket(i, "2025-01-01T00:00:00Z");
        }
        PollResult bounded = poll("{\"path\": \"/bare\", \"id\": \"/id\", \"remember\": 3}", null, 100);
        assertThat(bounded.cursor().get("seen")).hasSize(3);
        ticket(4, "2025-01-01T00:00:00Z");
        assertThatThrownBy(
                () -> poll("{\"path\": \"/bare\", \"id\": \"/id\", \"remember\": 3}", bounded.cursor(), 100))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("http.config");
                    assertThat(e.getMessage()).contains("'remember'");
                });
    }

    @Test
    void aResponseOverTheLimitFailsThePoll() {
        assertThatThrownBy(() -> poll("{\"path\": \"/huge\"}", null, 100))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("http.too_large");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(String.valueOf(PollTrigger.MAX_BYTES));
                });
    }

    @Test
    void aCursorMadeWithAnotherIdStartsAfresh() throws Exception {
        ticket(1, "2025-01-01T00:00:00Z");
        PollResult byId = poll("{\"path\": \"/bare\", \"id\": \"/id\"}", null, 100);
        PollResult bySubject = poll("{\"path\": \"/bare\", \"id\": \"/subject\"}", byId.cursor(), 100);
        assertThat(bySubject.events()).extracting(Event::id).containsExactly("ticket 1");
    }

    @Test
    void badConfigurationAndItemsAreNamed() {
        ticket(1, "2025-01-01T00:00:00Z");
        List<String[]> cases = List.of(
                new String[]{"{}", "'url' is required"},
                new String[]{"{\"path\": \"/bare\", \"every\": \"1m\"}", "'every' is not a field"},
                new String[]{"{\"path\": \"/bare\", \"items\": \"data\"}", "'items' must be a JSON pointer"},
                new String[]{"{\"path\": \"/bare\", \"since\": {\"field\": \"/updated_at\"}}",
                        "'param' is required"},
                new String[]{"{\"path\": \"/bare\", \"since\": \"/updated_at\"}",
                        "'since' must be an object"},
                new String[]{"{\"path\": \"/bare\", \"id\": \"/missing\"}", "item 0"},
                new String[]{"{\"path\": \"/bare\", \"items\": \"/data\"}", "'items'"},
                new String[]{"{\"path\": \"/bare\", \"since\": {\"field\": \"/id\", \"param\": \"s\","
                        + " \"initial\": \"a\"}}", "all numbers or all strings"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> poll(c[0], null, 100)).as(c[0]).isInstanceOfSatisfying(
                    ConnectorException.class,
                    e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("http.poll").contains(c[1]);
                    });
        }
    }

    @Test
    void anUnchangedListIsA304WithoutEventsAndAChangedOneIsReadAgain() throws Exception {
        ticket(1, "2026-12-06T09:00:00Z");
        ticket(2, "2026-12-06T09:01:00Z");
        String trigger = "{\"path\": \"/versioned\", \"id\": \"/id\"}";
        PollResult first = poll(trigger, null, 10);
        assertThat(ids(first)).containsExactly(1, 2);
        assertThat(first.cursor().at("/validators/etag").asText()).startsWith("W/\"");
        assertThat(first.cursor().at("/validators/lastModified").asText())
                .isEqualTo("Sun, 06 Dec 2026 09:00:00 GMT");

        PollResult unchanged = poll(trigger, first.cursor(), 10);
        assertThat(unchanged.events()).isEmpty();
        assertThat(unchanged.cursor()).isEqualTo(first.cursor());
        List<Stub.Received> asked = stub.received("/versioned");
        assertThat(asked.getLast().headers()).containsEntry("if-none-match",
                first.cursor().at("/validators/etag").asText())
                .containsEntry("if-modified-since", "Sun, 06 Dec 2026 09:00:00 GMT");

        ticket(3, "2026-12-06T09:02:00Z");
        PollResult changed = poll(trigger, unchanged.cursor(), 10);
        assertThat(ids(changed)).containsExactly(3);
        assertThat(changed.cursor().at("/validators/etag").asText())
                .isNotEqualTo(first.cursor().at("/validators/etag").asText());
    }

    @Test
    void validatorsAreNotKeptWhileItemsOfTheResponseAreLeftOrWhenConditionalIsOff() throws Exception {
        ticket(1, "2026-12-06T09:00:00Z");
        ticket(2, "2026-12-06T09:01:00Z");
        PollResult partial = poll("{\"path\": \"/versioned\", \"id\": \"/id\"}", null, 1);
        assertThat(partial.more()).isTrue();
        assertThat(partial.cursor().has("validators")).as("a 304 would skip item 2").isFalse();
        assertThat(ids(poll("{\"path\": \"/versioned\", \"id\": \"/id\"}", partial.cursor(), 1)))
                .containsExactly(2);

        PollResult plain = poll("{\"path\": \"/versioned\", \"id\": \"/id\", \"conditional\": false}", null,
                10);
        assertThat(plain.cursor().has("validators")).isFalse();
        poll("{\"path\": \"/versioned\", \"id\": \"/id\", \"conditional\": false}", first(plain), 10);
        assertThat(stub.received("/versioned").getLast().headers()).doesNotContainKey("if-none-match");
    }

    /** A cursor that carries validators, as if a conditional poll had run, to show they are not sent. */
    private static JsonNode first(PollResult plain) throws Exception {
        ObjectNode cursor = (ObjectNode) JSON.readTree(plain.cursor().toString());
        cursor.set("validators",
                JSON.readTree("{\"url\": \"" + stub.base() + "/versioned\", \"etag\": \"W/\\\"x\\\"\"}"));
        return cursor;
    }
}
