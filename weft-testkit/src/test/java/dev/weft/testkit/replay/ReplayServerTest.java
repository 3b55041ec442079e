package dev.weft.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The replay server answers only what its file documents, in the order the file gives. */
class ReplayServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = """
            {"vendor": "Example", "exchanges": [
              {"name": "throttled once",
               "request": {"method": "GET", "path": "/items", "query": {"page": "0"}, "headers": {"X-Key": "k"}},
               "response": {"status": 429, "headers": {"Retry-After": "1"}, "body": {"error": "slow down"}},
               "times": 1},
              {"name": "first page",
               "request": {"method": "GET", "path": "/items", "query": {"page": "0"}, "headers": {"X-Key": "k"}},
               "response": {"status": 200, "body": [{"id": 1}]}},
              {"name": "create",
               "request": {"method": "POST", "path": "/items", "headers": {"Authorization": "*"},
                           "body": {"name": "a", "qty": 2}},
               "response": {"status": 201, "body": 7}}
            ]}
            """;

    private static HttpResponse<String> send(ReplayServer server, String method, String pathAndQuery,
            String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void answersTheDocumentedExchangesInOrderAndRefusesTheRest() throws Exception {
        try (ReplayServer server = ReplayServer.of(JSON.readTree(FILE))) {
            HttpResponse<String> first = send(server, "GET", "/items?page=0", null, "X-Key", "k");
            assertThat(first.statusCode()).isEqualTo(429);
            assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
            HttpResponse<String> second = send(server, "GET", "/items?page=0", null, "X-Key", "k");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree("[{\"id\": 1}]"));
            assertThat(second.headers().firstValue("Content-Type")).hasValue("application/json");

            HttpResponse<String> created = send(server, "POST", "/items", "{\"qty\": 2, \"name\": \"a\"}",
                    "Authorization", "Bearer anything", "Content-Type", "application/json");
            assertThat(created.statusCode()).as("JSON compared as JSON").isEqualTo(201);
            assertThat(created.body()).isEqualTo("7");
            assertThat(server.unmatched()).isEmpty();

            assertThat(send(server, "GET", "/items?page=0&extra=1", null, "X-Key", "k").statusCode())
                    .as("a parameter the file does not document").isEqualTo(501);
            assertThat(send(server, "GET", "/items?page=0", null, "X-Key", "wrong").statusCode())
                    .as("a wrong key").isEqualTo(501);
            assertThat(send(server, "POST", "/items", "{\"name\": \"a\"}", "Authorization", "x").statusCode())
                    .as("another body").isEqualTo(501);
            assertThat(send(server, "POST", "/items", "{\"name\": \"a\", \"qty\": 2}").statusCode())
                    .as("a required header missing").isEqualTo(501);
            assertThat(server.unmatched()).hasSize(4);
            assertThat(server.received()).hasSize(7);
            assertThat(server.received().getFirst().exchange()).isEqualTo("throttled once");
            assertThat(server.received().getFirst().header("x-key")).isEqualTo("k");
        }
    }
    private static final String CONVERSATIONS = """
            {"vendor": "Example", "exchanges": [
              {"name": "second turn",
               "request": {"method": "POST", "path": "/chat",
                           "bodyIncludes": {"messages": [{"role": "user"}, {"role": "assistant"},
                                                         {"role": "tool", "tool_call_id": "call_1"}]}},
               "response": {"status": 200, "body": {"turn": 2}}},
              {"name": "first turn, streamed",
               "request": {"method": "POST", "path": "/chat",
                           "bodyIncludes": {"stream": true, "messages": [{"content": "Hi"}]}},
               "response": {"status": 200, "events": [{"delta": "Hel"}, {"delta": "lo"}, "[DONE]"]}},
              {"name": "plain text",
               "request": {"method": "GET", "path": "/health"},
               "response": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "ok"}}
            ]}
            """;

    @Test
    void matchesABodyByAPartOfItAndStreamsServerSentEvents() throws Exception {
        try (ReplayServer server = ReplayServer.of(JSON.readTree(CONVERSATIONS))) {
            HttpResponse<String> streamed = send(server, "POST", "/chat",
                    "{\"model\": \"m\", \"stream\": true,"
                            + " \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(streamed.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(streamed.body()).isEqualTo("data: {\"delta\":\"Hel\"}\n\ndata: {\"delta\":\"lo\"}\n\n"
                    + "data: [DONE]\n\n");

            HttpResponse<String> second = send(server, "POST", "/chat", "{\"model\": \"m\", \"messages\": ["
                    + "{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"tool_calls\": []},"
                    + " {\"role\": \"tool\", \"tool_call_id\": \"call_1\", \"content\": \"12\"}]}");
            assertThat(JSON.readTree(second.body()).get("turn").asInt()).isEqualTo(2);

            assertThat(send(server, "POST", "/chat", "{\"messages\": [{\"role\": \"user\"}, {\"role\":"
                    + " \"assistant\"}, {\"role\": \"tool\", \"tool_call_id\": \"call_2\"}]}").statusCode())
                    .as("another value in a listed field").isEqualTo(501);
            assertThat(send(server, "POST", "/chat", "{\"messages\": [{\"role\": \"user\"}, {\"role\":"
                    + " \"assistant\"}]}").statusCode()).as("an array of another length").isEqualTo(501);
            assertThat(send(server, "POST", "/chat", "not json").statusCode()).as("a body that is not JSON")
                    .isEqualTo(501);

            HttpResponse<String> text = send(server, "GET", "/health", null);
            assertThat(text.body()).isEqualTo("ok");
            assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain");
        }
    }
}
