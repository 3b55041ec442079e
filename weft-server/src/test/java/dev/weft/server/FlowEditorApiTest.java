package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the flow editor asks of the API: a flow's versions in pages without their source, and a validation
 * that deploys nothing, writes no audit entry and places each problem at its line and column.
 */
class FlowEditorApiTest extends ServerFixture {
    private static final String BROKEN = """
            id: greet
            namespace: demo
            # a comment before the steps
            steps:
              - id: hello
                type: transform
                output: "hi"
              - id: bad
                type: nosuchtype
            """;

    @Test
    void aFlowsVersionsAreListedNewestFirstInPagesWithoutTheirSource() throws Exception {
        for (int i = 1; i <= 3; i++) {
            api.deploy("demo", "greet", "id: greet\nnamespace: demo\nsteps:\n  - {id: s, type: transform,"
                    + " output: \"" + i + "\"}\n");
        }

        JsonNode first = api.get("/api/v1/flows/demo/greet/versions?limit=2");
        assertThat(first.get("versions")).extracting(v -> v.get("version").asInt()).containsExactly(3, 2);
        assertThat(first.get("versions").get(0).has("source")).isFalse();
        assertThat(first.get("versions").get(0).get("sha256").asText()).hasSize(64);
        assertThat(first.get("versions").get(0).get("createdAt").asText()).isNotBlank();
        assertThat(first.get("nextBefore").asInt()).isEqualTo(2);

        JsonNode second = api.get("/api/v1/flows/demo/greet/versions?limit=2&before=2");
        assertThat(second.get("versions")).extracting(v -> v.get("version").asInt()).containsExactly(1);
        assertThat(second.has("nextBefore")).isFalse();
        assertThat(api.get("/api/v1/flows/demo/greet?version=1").get("source").asText()).contains("\"1\"");
    }

    @Test
    void versionsOfAnUnknownFlowAreNotFoundAndABadPageIsRefusedNamingTheParameter() throws Exception {
        HttpResponse<String> missing = api.call("GET", "/api/v1/flows/demo/nope/versions", null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no flow demo/nope");

        api.deploy("demo", "greet",
                "id: greet\nnamespace: demo\nsteps: [{id: s, type: transform, output: 1}]\n");
        HttpResponse<String> bad = api.call("GET", "/api/v1/flows/demo/greet/versions?before=zero", null,
                null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("query.invalid").contains("before");
        HttpResponse<String> unknown = api.call("GET", "/api/v1/flows/demo/greet/versions?limt=2", null,
                null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("limit");
    }

    @Test
    void validationAnswersEachProblemAtItsLineAndColumnAndDeploysNothing() throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/flows/validate", BROKEN, "application/yaml");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode verdict = ServerCalls.JSON.readTree(r.body());
        assertThat(verdict.get("valid").asBoolean()).isFalse();
        JsonNode problem = verdict.get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(9);
        assertThat(problem.get("column").asInt()).isGreaterThan(1);
        assertThat(problem.get("path").asText()).startsWith("/steps/1");
        assertThat(problem.get("message").asText()).contains("nosuchtype");
        assertThat(api.call("GET", "/api/v1/flows/demo/greet", null, null).statusCode()).isEqualTo(404);

        // The deploy refuses the same document with the same located problems.
        HttpResponse<String> deploy = api.call("PUT", "/api/v1/flows/demo/greet", BROKEN, "application/yaml");
        assertThat(deploy.statusCode()).isEqualTo(400);
        JsonNode detail = ServerCalls.JSON.readTree(deploy.body()).get("details").get(0);
        assertThat(detail.get("line").asInt()).isEqualTo(9);
        assertThat(detail.get("column").asInt()).isEqualTo(problem.get("column").asInt());
    }

    @Test
    void aValidFlowIsNamedAndASyntaxErrorIsPlaced() throws Exception {
        JsonNode valid = ServerCalls.JSON.readTree(api.call("POST", "/api/v1/flows/validate",
                "id: greet\nnamespace: demo\nsteps: [{id: s, type: transform, output: 1}]\n",
                "application/yaml")
                .body());
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("problems")).isEmpty();
        assertThat(valid.get("namespace").asText()).isEqualTo("demo");
        assertThat(valid.get("id").asText()).isEqualTo("greet");

        JsonNode syntax = ServerCalls.JSON.readTree(api.call("POST", "/api/v1/flows/validate",
                "id: greet\nsteps:\n  - id: [unclosed\n", "application/yaml").body());
        assertThat(syntax.get("valid").asBoolean()).isFalse();
        assertThat(syntax.get("problems").get(0).get("line").asInt()).isGreaterThanOrEqualTo(3);

        HttpResponse<String> wrongType = api.call("POST", "/api/v1/flows/validate", "x", "text/html");
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }

    @Test
    void validationIsNotAuditedAndNeedsFlowsWrite() throws Exception {
        api.call("POST", "/api/v1/flows/validate", BROKEN, "application/yaml");
        List<String> actions = new ArrayList<>();
        api.get("/api/v1/audit?limit=100").get("items").forEach(i -> actions.add(i.toString()));
        assertThat(actions).noneMatch(a -> a.contains("validateFlow"));

        JsonNode made = ServerCalls.JSON.readTree(api.call("POST", "/api/v1/tenants/default/api-keys",
                "{\"name\": \"a viewer\", \"role\": \"viewer\"}", "application/json").body());
        ServerCalls viewer = new ServerCalls(server.port(), made.get("key").asText());
        HttpResponse<String> refused = viewer.call("POST", "/api/v1/flows/validate", BROKEN,
                "application/yaml");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("flows.write");
    }
}
