package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/systems} and {@code /api/v1/connectors}: what is accepted, what is refused and why. */
class SystemsApiTest extends ServerFixture {
    @BeforeEach
    void credentials() throws Exception {
        assertThat(api.call("PUT", "/api/v1/credentials/token",
                "{\"type\": \"bearer\", \"token\": \"t0ken-value-1\"}",
                "application/json").statusCode()).isEqualTo(201);
        assertThat(api.call("PUT", "/api/v1/credentials/hook",
                "{\"type\": \"secret\", \"value\": \"s3cret-value-1\"}",
                "application/json").statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> put(String id, String body) throws Exception {
        return api.call("PUT", "/api/v1/systems/" + id, body, "application/json");
    }

    @Test
    void theConnectorsAreListedWithTheirDeclarations() throws Exception {
        JsonNode http = api.get("/api/v1/connectors").get("connectors").get(0);
        assertThat(http.get("id").asText()).isEqualTo("http");
        assertThat(http.get("credentialTypes").toString()).contains("bearer");
        assertThat(http.at("/operations/0/name").asText()).isEqualTo("http.request");
        assertThat(http.at("/operations/0/readOnly").asBoolean(true)).as("http.request is not read-only")
                .isFalse();
        assertThat(http.at("/operations/1/name").asText()).isEqualTo("http.paginate");
        assertThat(http.at("/operations/1/readOnly").asBoolean()).isTrue();
        assertThat(http.at("/operations/0/inputSchema/properties/path")).isNotNull();
    }

    @Test
    void aSystemIsCreatedReadListedReplacedAndDeletedShowingItsCredentialByNameOnly() throws Exception {
        HttpResponse<String> created = put("crm",
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"https://crm.example\"}, \"credential\": \"token\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode crm = api.get("/api/v1/systems/crm");
        assertThat(crm.get("credential").asText()).isEqualTo("token");
        assertThat(crm.get("version").asLong()).isEqualTo(1);
        assertThat(crm.toString()).doesNotContain("t0ken-value-1");

        HttpResponse<String> replaced = put("crm", "{\"connector\": \"http\", \"config\": {}}");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/systems").get("systems")).singleElement()
                .satisfies(s -> assertThat(s.get("version").asLong()).isEqualTo(2))
                .satisfies(s -> assertThat(s.at("/state/circuitBreaker/state").asText()).isEqualTo("closed"));
        assertThat(api.get("/api/v1/systems/crm/calls").get("calls")).as("no call made yet").isEmpty();
        assertThat(api.call("DELETE", "/api/v1/systems/crm", null, null).statusCode()).isEqualTo(204);
        assertThat(api.call("GET", "/api/v1/systems/crm", null, null).statusCode()).isEqualTo(404);
        HttpResponse<String> calls = api.call("GET", "/api/v1/systems/crm/calls", null, null);
        assertThat(calls.statusCode()).isEqualTo(404);
        assertThat(calls.body()).contains("no system crm");
    }

    private HttpResponse<String> putIf(String id, String header, String value, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/v1/systems/" + id))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .header(header, value).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aConditionalPutCreatesOnlyWhenThereIsNoneAndReplacesOnlyTheVersionItRead() throws Exception {
        String body = "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"https://crm.example\"}}";
        assertThat(putIf("crm", "If-None-Match", "*", body).statusCode()).isEqualTo(201);
        HttpResponse<String> again = putIf("crm", "If-None-Match", "*", body);
        assertThat(again.statusCode()).isEqualTo(412);
        assertThat(again.body()).contains("system.version_conflict",
                "system 'crm' exists already (version 1)");

        HttpResponse<String> second = putIf("crm", "If-Match", "\"1\"", body);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(ServerCalls.JSON.readTree(second.body()).get("version").asLong()).isEqualTo(2);
        // A change made from version 1, which the one above overtook, is refused and nothing is stored.
        HttpResponse<String> stale = putIf("crm", "If-Match", "1",
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"https://other.example\"}}");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).contains("it is at version 2, not 1", "If-Match: \\\"2\\\"");
        assertThat(api.get("/api/v1/systems/crm").at("/config/baseUrl").asText())
                .isEqualTo("https://crm.example");
        assertThat(api.get("/api/v1/systems/crm").get("version").asLong()).isEqualTo(2);

        HttpResponse<String> bad = putIf("crm", "If-Match", "latest", body);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("header.invalid", "If-Match: must be the system's version");
        assertThat(api.call("DELETE", "/api/v1/systems/crm", null, null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = putIf("crm", "If-Match", "2", body);
        assertThat(gone.statusCode()).isEqualTo(412);
        assertThat(gone.body()).contains("was deleted");
    }

    @Test
    void everyProblemOfASystemIsNamedAtOnce() throws Exception {
        HttpResponse<String> r = put("crm",
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": 5, \"extra\": true},"
                        + " \"credential\": \"hook\", \"policy\": {\"retry\": {\"maxAttempts\": 99}, \"speed\": 1}, \"colour\": \"red\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("system.invalid", "colour: unknown field", "config.baseUrl", "extra",
                "'hook' is of type secret", "policy.retry.maxAttempts: must be a whole number from 1 to 10",
                "policy.speed: unknown");
        assertThat(put("crm", "{\"connector\": \"ftp\"}").body()).contains("no connector 'ftp'", "http");
        assertThat(put("crm", "{\"connector\": \"http\", \"credential\": \"missing\"}").body())
                .contains("no credential 'missing'");
        assertThat(put("Bad_Id", "{\"connector\": \"http\"}").body()).contains("system.id");
    }

    @Test
    void anOperationOnAnUnknownSystemOrWithABadInputIsRefusedBeforeAnyCall() throws Exception {
        assertThat(api.call("POST", "/api/v1/systems/none/operations/http.request", "{\"path\": \"/x\"}",
                "application/json").statusCode()).isEqualTo(404);
        put("crm", "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"https://crm.example\"}}");
        HttpResponse<String> bad = api.call("POST", "/api/v1/systems/crm/operations/http.request",
                "{\"path\": \"/x\", \"method\": \"BREW\"}", "application/json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("input.invalid", "method");
        assertThat(
                api.call("POST", "/api/v1/systems/crm/operations/redis.get", "{}", "application/json").body())
                .contains("unknown operation");
    }

    private HttpResponse<String> deploy(String with) throws Exception {
        return api.call("PUT", "/api/v1/flows/calls/f", "id: f\nnamespace: calls\nsteps:\n"
                + "  - {id: c, type: call, operation: http.request, with: " + with + "}\n",
                "application/yaml");
    }

    @Test
    void aCallsWithIsCheckedAgainstTheOperationsInputWhereItIsWrittenOut() throws Exception {
        assertThat(deploy("{url: 'https://x.example', method: BREW}").body())
                .contains("/steps/0/with/method", "does not fit the input of http.request");
        assertThat(deploy("{url: 'https://x.example', colour: red}").body()).contains("colour");
        assertThat(deploy("{}").statusCode()).as("neither url nor path").isEqualTo(400);
        // Values known only when the step runs are not judged now.
        HttpResponse<String> dynamic = deploy("{url: '{{ input.url }}'}");
        assertThat(dynamic.statusCode()).as(dynamic.body()).isEqualTo(201);
        assertThat(deploy("{path: /x, method: '{{ input.method }}'}").statusCode()).isIn(200, 201);
    }

    @Test
    void aCredentialGoesOnlyToTheSystemItWasMadeForUnlessItNamesOthers() throws Exception {
        String crm = "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"https://crm.example\"},"
                + " \"credential\": \"token\"}";
        String other = "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"https://elsewhere.example\"},"
                + " \"credential\": \"token\"}";
        assertThat(put("crm", crm).statusCode()).isEqualTo(201);
        assertThat(put("crm", crm).statusCode()).as("saving the same system again").isEqualTo(200);

        HttpResponse<String> borrowed = put("elsewhere", other);
        assertThat(borrowed.statusCode()).as(borrowed.body()).isEqualTo(400);
        assertThat(borrowed.body()).contains("credential 'token' is for system 'crm', the first to use it")
                .contains("\\\"systems\\\": \\\"crm,elsewhere\\\"");

        // Sharing it is a written choice in the credential
        assertThat(api.call("PUT", "/api/v1/credentials/token",
                "{\"type\": \"bearer\", \"token\": \"t0ken-value-1\", \"systems\": \"crm, elsewhere\"}",
                "application/json").statusCode()).isEqualTo(200);
        assertThat(put("elsewhere", other).statusCode()).isEqualTo(201);
        assertThat(put("third", other.replace("elsewhere", "third")).body())
                .contains("credential 'token' is for systems 'crm', 'elsewhere' (its field systems)");

        // Narrowed again: the gateway refuses the system that is no longer named, at its next opening
        assertThat(api.call("PUT", "/api/v1/credentials/token",
                "{\"type\": \"bearer\", \"token\": \"t0ken-value-1\", \"systems\": \"crm\"}",
                "application/json").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = api.call("POST", "/api/v1/systems/elsewhere/operations/http.request",
                "{\"path\": \"/x\"}", "application/json");
        assertThat(refused.body()).contains("credential.unbound").contains("is for system 'crm'");
        assertThat(api.call("PUT", "/api/v1/credentials/token",
                "{\"type\": \"bearer\", \"token\": \"t0ken-value-1\", \"systems\": \"crm;rm -rf\"}",
                "application/json").body()).contains("must be system ids separated by commas");
    }

    @Test
    void anExpressionInAStatementsTextIsRefusedAtDeployPointingToParams() throws Exception {
        for (String step : new String[]{
                "{id: q, type: call, system: db, operation: postgres.query,"
                        + " with: {sql: \"SELECT * FROM orders WHERE id = '{{ input.id }}'\"}}",
                "{id: q, type: call, system: db, operation: mariadb.execute, with: {statements:"
                        + " [{sql: 'DELETE FROM t WHERE a = 1'}, {sql: \"DELETE FROM t WHERE b = {{ input.b }}\"}]}}"}) {
            HttpResponse<String> refused = api.call("PUT", "/api/v1/flows/calls/sql",
                    "id: sql\nnamespace: calls\nsteps:\n  - " + step + "\n", "application/yaml");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("without {{ }}").contains("give values in params")
                    .containsAnyOf("/steps/0/with/sql", "/steps/0/with/statements/1/sql");
        }
        HttpResponse<String> bound = api.call("PUT", "/api/v1/flows/calls/sql", "id: sql\nnamespace: calls\n"
                + "steps:\n  - {id: q, type: call, system: db, operation: postgres.query, with: {sql: 'SELECT *"
                + " FROM orders WHERE id = :id', params: {id: '{{ input.id }}'}}}\n", "application/yaml");
        assertThat(bound.statusCode()).as(bound.body()).isIn(200, 201);
    }

    @Test
    void connectorTriggersShowInTheDetailedHealthWithoutDecidingReadiness() throws Exception {
        JsonNode detailed = api.get("/health/detailed");
        assertThat(detailed.at("/components/triggers/status").asText()).isEqualTo("up");
        assertThat(detailed.at("/components/triggers/affectsReadiness").asBoolean(true)).isFalse();
        HttpResponse<String> ready = api.call("GET", "/ready", null, null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).doesNotContain("triggers");
    }
}
