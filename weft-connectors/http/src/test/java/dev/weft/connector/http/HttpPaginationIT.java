package dev.weft.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Egress;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestEgress;
import dev.weft.testkit.connector.TestSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code http.paginate} against a real server on 127.0.0.1 that serves a list of seven items in each
 * pagination style, with pages of three: the link and cursor styles end when there is no next page, the
 * page and offset styles at a short or empty page.
 */
class HttpPaginationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ITEMS = 7;
    private static final int SIZE = 3;
    private static Stub stub;
    private static SystemClient client;

    @BeforeAll
    static void start() throws Exception {
        stub = new Stub();
        stub.route("/cursor", r -> {
            int from = r.param("cursor") == null ? 0 : Integer.parseInt(r.param("cursor").substring(1));
            ObjectNode body = JSON.createObjectNode();
            body.set("data", items(from, SIZE));
            body.putObject("meta").put("next", from + SIZE < ITEMS ? "c" + (from + SIZE) : null);
            return Stub.Answer.json(body);
        }).route("/after", r -> {
            // Stripe's way: the last id seen goes in starting_after; has_more says whether pages remain
            int from = r.param("starting_after") == null ? 0 : Integer.parseInt(r.param("starting_after"));
            ObjectNode body = JSON.createObjectNode();
            body.set("data", items(from, SIZE));
            body.put("has_more", from + SIZE < ITEMS);
            return Stub.Answer.json(body);
        }).route("/numbered", r -> {
            int page = Integer.parseInt(r.param("page"));
            int size = Integer.parseInt(r.param("per_page"));
            ObjectNode body = JSON.createObjectNode();
            body.set("results", items((page - 1) * size, size));
            return Stub.Answer.json(body);
        }).route("/offset", r -> Stub.Answer.json(items(Integer.parseInt(r.param("offset")),
                Integer.parseInt(r.param("limit"))))).route("/linked", r -> {
                    int page = r.param("p") == null ? 1 : Integer.parseInt(r.param("p"));
                    Stub.Answer answer = Stub.Answer.json(items((page - 1) * SIZE, SIZE));
                    if (page * SIZE < ITEMS) {
                        // a relative reference, resolved against the request's URL; the query is the link's
                        answer = answer.withHeader("Link", "</linked?p=" + (page + 1) + "&x=1>; rel=\"next\","
                                + " </linked?p=1>; rel=\"first\"");
                    }
                    return answer;
                }).route("/away", r -> Stub.Answer.json(items(0, SIZE)).withHeader("Link",
                        "<http://localhost:" + stub.port() + "/linked?p=2>; rel=\"next\""))
                .route("/endless", r -> {
                    int page = r.param("page") == null ? 1 : Integer.parseInt(r.param("page"));
                    return Stub.Answer.json(items((page - 1) * SIZE, SIZE));
                }).route("/notalist", r -> Stub.Answer.json(JSON.createObjectNode().put("data", "nope")));
        client = PlatformHttp.open(TestSystem.named("pages")
                .withConfig(JSON.readTree("{\"baseUrl\": \"" + stub.base() + "\"}")));
    }

    @AfterAll
    static void stop() {
        client.close();
        stub.close();
    }

    /** Items {@code from} to {@code from + count}, within the seven. */
    private static ArrayNode items(int from, int count) {
        ArrayNode out = JSON.createArrayNode();
        IntStream.range(from, Math.min(ITEMS, from + count)).forEach(i -> out.addObject().put("id", i + 1));
        return out;
    }

    private static JsonNode paginate(SystemClient on, String input) throws Exception {
        return on.invoke(new Call("http.paginate", JSON.readTree(input), "k", Duration.ofSeconds(10),
                new Cancellation()));
    }

    private static JsonNode paginate(String input) throws Exception {
        return paginate(client, input);
    }

    private static void assertAllSeven(JsonNode out, int pages) {
        assertThat(out.get("items")).isEqualTo(items(0, ITEMS));
        assertThat(out.get("pages").intValue()).isEqualTo(pages);
        assertThat(out.get("complete").booleanValue()).isTrue();
    }

    @Test
    void aCursorInTheBodyIsSentInItsParameterUntilThereIsNone() throws Exception {
        int before = stub.received("/cursor").size();
        JsonNode out = paginate("""
                {"path": "/cursor", "query": {"status": "open"}, "items": "/data",
                 "pagination": {"style": "cursor", "cursor": "/meta/next", "param": "cursor"}}
                """);
        assertAllSeven(out, 3);
        List<Stub.Received> sent = stub.received("/cursor").subList(before, before + 3);
        assertThat(sent).extracting(r -> r.param("cursor")).containsExactly(null, "c3", "c6");
        assertThat(sent).allSatisfy(r -> assertThat(r.param("status")).isEqualTo("open"));
    }

    @Test
    void aCursorFromTheLastItemStopsWhenHasMoreIsFalse() throws Exception {
        JsonNode out = paginate("""
                {"path": "/after", "items": "/data",
                 "pagination": {"style": "cursor", "lastItem": "/id", "param": "starting_after",
                                "hasMore": "/has_more"}}
                """);
        assertAllSeven(out, 3);
    }

    @Test
    void pageNumbersStopAtAShortPage() throws Exception {
        int before = stub.received("/numbered").size();
        JsonNode out = paginate("""
                {"path": "/numbered", "items": "/results",
                 "pagination": {"style": "page", "size": 3, "sizeParam": "per_page"}}
                """);
        assertAllSeven(out, 3);
        assertThat(stub.received("/numbered").subList(before, before + 3)).extracting(r -> r.param("page"))
                .containsExactly("1", "2", "3");
    }

    @Test
    void pageNumbersWithoutASizeStopAtAnEmptyPage() throws Exception {
        JsonNode out = paginate("""
                {"path": "/numbered", "query": {"per_page": 3}, "items": "/results",
                 "pagination": {"style": "page"}}
                """);
        assertAllSeven(out, 4);
    }

    @Test
    void offsetsGrowByTheItemsReceivedAndTheBodyMayBeTheArray() throws Exception {
        int before = stub.received("/offset").size();
        JsonNode out = paginate("""
                {"path": "/offset", "pagination": {"style": "offset", "size": 3}}
                """);
        assertAllSeven(out, 3);
        assertThat(stub.received("/offset").subList(before, before + 3)).extracting(r -> r.param("offset"))
                .containsExactly("0", "3", "6");
    }

    @Test
    void theLinkHeaderIsFollowedOnTheSameOrigin() throws Exception {
        int before = stub.received("/linked").size();
        assertAllSeven(paginate("{\"path\": \"/linked\", \"pagination\": {\"style\": \"link\"}}"), 3);
        assertThat(stub.received("/linked").subList(before, before + 3)).extracting(r -> r.param("p"))
                .containsExactly(null, "2", "3");
    }

    @Test
    void aLinkToAnotherOriginIsRefusedBeforeItIsFollowed() {
        int before = stub.received("/linked").size();
        assertThatThrownBy(() -> paginate("{\"path\": \"/away\", \"pagination\": {\"style\": \"link\"}}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("http.pagination");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("http://localhost:" + stub.port() + "/linked")
                            .contains("origin");
                });
        assertThat(stub.received("/linked")).hasSize(before);
    }

    @Test
    void everyPageGoesThroughTheEgressRules() throws Exception {
        Egress noSecondPage = new Egress() {
            @Override
            public void checkUri(URI uri) throws IOException {
                if (uri.getRawQuery() != null && uri.getRawQuery().contains("p=2")) {
                    throw new IOException("refused " + uri.getHost() + ": not the second page");
                }
                TestEgress.LOOPBACK.checkUri(uri);
            }

            @Override
            public void checkAddress(String host, InetAddress address) throws IOException {
                TestEgress.LOOPBACK.checkAddress(host, address);
            }
        };
        try (SystemClient guarded = PlatformHttp
                .open(TestSystem.named("guarded").withEgress(noSecondPage)
                        .withConfig(JSON.readTree("{\"baseUrl\": \"" + stub.base() + "\"}")))) {
            assertThatThrownBy(() -> paginate(guarded, "{\"path\": \"/linked\", \"pagination\": {\"style\":"
                    + " \"link\"}}")).isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.code()).isEqualTo("egress.refused"));
        }
    }

    @Test
    void maxPagesFailsTheCallWhenPagesRemain() {
        assertThatThrownBy(() -> paginate("""
                {"path": "/endless", "pagination": {"style": "page"}, "maxPages": 2}
                """)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("http.pagination_limit");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("maxPages 2");
            assertThat(e.details().get("pages").intValue()).isEqualTo(2);
            assertThat(e.details().get("items").intValue()).isEqualTo(6);
        });
    }

    @Test
    void onLimitStopReturnsWhatWasReadMarkedIncomplete() throws Exception {
        JsonNode byPages = paginate("""
                {"path": "/endless", "pagination": {"style": "page"}, "maxPages": 2, "onLimit": "stop"}
                """);
        assertThat(byPages.get("items")).isEqualTo(items(0, 6));
        assertThat(byPages.get("pages").intValue()).isEqualTo(2);
        assertThat(byPages.get("complete").booleanValue()).isFalse();
        JsonNode byItems = paginate("""
                {"path": "/endless", "pagination": {"style": "page"}, "maxItems": 4, "onLimit": "stop"}
                """);
        assertThat(byItems.get("items")).isEqualTo(items(0, 4));
        assertThat(byItems.get("complete").booleanValue()).isFalse();
        assertThatThrownBy(() -> paginate("""
                {"path": "/endless", "pagination": {"style": "page"}, "maxItems": 4}
                """)).isInstanceOfSatisfying(ConnectorException.class,
                e -> assertThat(e.getMessage()).contains("maxItems 4"));
    }

    @Test
    void aBodyWithoutTheArrayIsAnErrorThatNamesItems() {
        assertThatThrownBy(() -> paginate("""
                {"path": "/notalist", "items": "/data", "pagination": {"style": "link"}}
                """)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("http.response");
            assertThat(e.getMessage()).contains("'items'").contains("/data");
        });
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSentAndNamesTheField() {
        List<String[]> cases = List.of(
                new String[]{"{\"path\": \"/cursor\"}", "'pagination' is required"},
                new String[]{"{\"path\": \"/cursor\", \"pagination\": {\"style\": \"scroll\"}}", "'style'"},
                new String[]{
                        "{\"path\": \"/cursor\", \"pagination\": {\"style\": \"cursor\", \"param\": \"c\"}}",
                        "'cursor' or 'lastItem' is required"},
                new String[]{
                        "{\"path\": \"/cursor\", \"pagination\": {\"style\": \"cursor\", \"cursor\": \"/n\"}}",
                        "'param' is required"},
                new String[]{"{\"path\": \"/cursor\", \"pagination\": {\"style\": \"cursor\", \"cursor\":"
                        + " \"next\", \"param\": \"c\"}}", "'cursor' must be a JSON pointer"},
                new String[]{"{\"path\": \"/offset\", \"pagination\": {\"style\": \"offset\"}}", "'size'"},
                new String[]{"{\"path\": \"/offset\", \"pagination\": {\"style\": \"link\", \"size\": 3}}",
                        "'size' is not a field"},
                new String[]{
                        "{\"path\": \"/offset\", \"pagination\": {\"style\": \"link\"}, \"maxPages\": 0}",
                        "'maxPages'"},
                new String[]{"{\"path\": \"/offset\", \"pagination\": {\"style\": \"link\"}, \"onLimit\":"
                        + " \"truncate\"}", "'onLimit'"},
                new String[]{"{\"path\": \"/offset\", \"pagination\": {\"style\": \"link\"}, \"method\":"
                        + " \"POST\"}", "'method'"});
        int before = stub.received("/").size();
        for (String[] c : cases) {
            assertThatThrownBy(() -> paginate(c[0])).as(c[0]).isInstanceOfSatisfying(ConnectorException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo("http.input");
                        assertThat(e.getMessage()).startsWith("http.paginate").contains(c[1]);
                    });
        }
        assertThat(stub.received("/")).hasSize(before);
    }
}
