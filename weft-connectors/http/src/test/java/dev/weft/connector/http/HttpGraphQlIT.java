package dev.weft.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestSystem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code http.graphql} and {@code http.graphql_mutation} against a real server on 127.0.0.1 that answers
 * as a GraphQL server does: {@code data} for a document it accepts, {@code errors} (with partial data) for
 * one that asks for a missing customer, a 400 with {@code errors} for one it cannot parse.
 */
class HttpGraphQlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Stub stub;
    private static SystemClient client;

    @BeforeAll
    static void start() throws Exception {
        stub = new Stub().route("/graphql", r -> {
            JsonNode request = JSON.readTree(r.body());
            String query = request.path("query").asText();
            if (query.contains("syntax error")) {
                return Stub.Answer.json(400, JSON.readTree("""
                        {"errors": [{"message": "Syntax Error: Unexpected Name \\"syntax\\"",
                                     "locations": [{"line": 1, "column": 1}]}]}
                        """));
            }
            if (query.contains("missing")) {
                return Stub.Answer.json(JSON.readTree("""
                        {"data": {"customer": null, "me": {"id": "1"}},
                         "errors": [{"message": "no customer 99", "path": ["customer"],
                                     "extensions": {"code": "NOT_FOUND"}},
                                    {"message": "and another", "path": ["customer", "name"]}]}
                        """));
            }
            ObjectNode answer = JSON.createObjectNode();
            ObjectNode data = answer.putObject("data");
            data.set("received", request);
            data.put("contentType", r.headers().get("content-type"));
            data.put("accept", r.headers().get("accept"));
            data.put("idempotencyKey", r.headers().get("idempotency-key"));
            answer.putObject("extensions").put("cost", 3);
            return Stub.Answer.json(answer);
        });
        client = PlatformHttp.open(TestSystem.named("gql")
                .withConfig(JSON.readTree("{\"baseUrl\": \"" + stub.base() + "/graphql\"}")));
    }

    @AfterAll
    static void stop() {
        client.close();
        stub.close();
    }

    private static JsonNode call(String operation, String input) throws Exception {
        return client.invoke(new Call(operation, JSON.readTree(input), "ex-3/gql", Duration.ofSeconds(10),
                new Cancellation()));
    }

    @Test
    void aQueryWithVariablesIsPostedAsJsonToTheBaseUrlAndItsDataReturned() throws Exception {
        JsonNode out = call("http.graphql", """
                {"query": "# find one\\nquery Customer($id: ID!) { customer(id: $id) { id name } }",
                 "variables": {"id": "42", "deep": {"n": [1, 2]}}}
                """);
        JsonNode data = out.get("data");
        assertThat(data.get("received")).isEqualTo(JSON.readTree("""
                {"query": "# find one\\nquery Customer($id: ID!) { customer(id: $id) { id name } }",
                 "variables": {"id": "42", "deep": {"n": [1, 2]}}}
                """));
        assertThat(data.get("contentType").textValue()).isEqualTo("application/json");
        assertThat(data.get("accept").textValue()).contains("application/graphql-response+json");
        assertThat(out.get("extensions")).isEqualTo(JSON.readTree("{\"cost\": 3}"));
        assertThat(stub.received("/graphql").getLast().method()).isEqualTo("POST");
    }

    @Test
    void operationNameChoosesAmongSeveralOperations() throws Exception {
        String document = "query A { a } mutation B { b }";
        JsonNode out = call("http.graphql", "{\"query\": \"" + document + "\", \"operationName\": \"A\"}");
        assertThat(out.get("data").get("received").get("operationName").textValue()).isEqualTo("A");
        JsonNode mutation = call("http.graphql_mutation",
                "{\"query\": \"" + document + "\", \"operationName\": \"B\"}");
        assertThat(mutation.get("data").get("idempotencyKey").textValue()).isEqualTo("ex-3/gql");
    }

    @Test
    void errorsFailTheCallWithTheirMessagesPathsAndPartialData() {
        assertThatThrownBy(() -> call("http.graphql", """
                {"query": "{ customer(id: 99) { name } me { id } } # missing"}
                """)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("http.graphql_errors");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage())
                    .contains("2 GraphQL errors with partial data: no customer 99 (and 1 more)");
            try {
                assertThat(e.details()).isEqualTo(JSON.readTree("""
                        {"status": 200,
                         "errors": [{"message": "no customer 99", "path": ["customer"], "code": "NOT_FOUND"},
                                    {"message": "and another", "path": ["customer", "name"]}],
                         "errorCount": 2,
                         "data": {"customer": null, "me": {"id": "1"}}}
                        """));
            } catch (java.io.IOException notJson) {
                throw new AssertionError(notJson);
            }
        });
    }

    @Test
    void aRequestErrorWithA400StatusIsAGraphQlError() {
        assertThatThrownBy(() -> call("http.graphql", "{\"query\": \"{ syntax error }\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("http.graphql_errors");
                    assertThat(e.details().get("status").intValue()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Syntax Error");
                });
    }

    @Test
    void aMutationIsRefusedAsAQueryBeforeAnythingIsSent() throws Exception {
        int before = stub.received("/").size();
        for (String document : List.of("mutation { createCustomer(name: \\\"Ada\\\") { id } }",
                "  # a comment mentioning query\\n  mutation Create { create { id } }")) {
            assertThatThrownBy(() -> call("http.graphql", "{\"query\": \"" + document + "\"}"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("http.input");
                        assertThat(e.getMessage()).contains("'query' holds a mutation")
                                .contains("http.graphql_mutation");
                    });
        }
        assertThat(stub.received("/")).hasSize(before);
        JsonNode created = call("http.graphql_mutation",
                "{\"query\": \"mutation { createCustomer(name: \\\"Ada\\\") { id } }\"}");
        assertThat(created.get("data").get("received").get("query").textValue()).startsWith("mutation");
    }

    @Test
    void badInputNamesTheField() {
        List<String[]> cases = List.of(
                new String[]{"{}", "'query' is required"},
                new String[]{"{\"query\": \"\"}", "'query' is required"},
                new String[]{"{\"query\": \"subscription { ticks }\"}", "subscription"},
                new String[]{"{\"query\": \"query A { a } query B { b }\"}", "'operationName' is required"},
                new String[]{"{\"query\": \"query A { a }\", \"operationName\": \"C\"}",
                        "'operationName' names no"},
                new String[]{"{\"query\": \"{ a }\", \"variables\": [1]}", "'variables'"},
                new String[]{"{\"query\": \"{ a }\", \"headers\": {\"Content-Type\": \"text/plain\"}}",
                        "'headers.Content-Type'"},
                new String[]{"{\"query\": \"fragment F on T { a }\"}", "defines no operation"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> call("http.graphql", c[0])).as(c[0])
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("http.input");
                        assertThat(e.getMessage()).startsWith("http.graphql: ").contains(c[1]);
                    });
        }
    }

    @Test
    void aPathUnderTheBaseUrlIsTheEndpointWhenGiven() throws Exception {
        try (SystemClient rooted = PlatformHttp.open(TestSystem.named("root")
                .withConfig(JSON.readTree("{\"baseUrl\": \"" + stub.base() + "\"}")))) {
            JsonNode out = rooted.invoke(new Call("http.graphql",
                    JSON.readTree("{\"path\": \"/graphql\", \"query\": \"{ ok }\"}"), "k",
                    Duration.ofSeconds(10),
                    new Cancellation()));
            assertThat(out.get("data").get("received").get("query").textValue()).isEqualTo("{ ok }");
        }
    }
}
