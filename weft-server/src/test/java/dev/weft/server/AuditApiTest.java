package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/audit}: every change through the API, who made it, how it ended; never a secret. */
class AuditApiTest extends ServerFixture {
    private static final String CANARY = "canary-secret-5f1e9a2b7c";

    private List<JsonNode> entries(String query) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        api.get("/api/v1/audit" + query).get("items").forEach(all::add);
        return all;
    }

    @Test
    void everyChangeIsRecordedWithItsActorOutcomeAndDigests() throws Exception {
        String flow = "id: f\nnamespace: ops\nsteps:\n  - {id: gate, type: await, signal: go}\n";
        api.deploy("ops", "f", flow);
        api.deploy("ops", "f", flow.replace("gate", "wait"));
        String execution = ServerCalls.JSON.readTree(api.call("POST", "/api/v1/flows/ops/f/executions", "{}",
                "application/json").body()).get("id").asText();
        api.call("POST", "/api/v1/executions/" + execution + "/cancel", "{}", "application/json");
        api.call("PUT", "/api/v1/credentials/crm", "{\"type\": \"bearer\", \"token\": \"" + CANARY + "\"}",
                "application/json");
        api.call("PUT", "/api/v1/systems/crm", "{\"connector\": \"http\", \"config\": {\"baseUrl\":"
                + " \"https://crm.example\"}, \"credential\": \"crm\"}", "application/json");
        JsonNode key = ServerCalls.JSON.readTree(api.call("POST", "/api/v1/tenants/default/api-keys",
                "{\"name\": \"viewer\", \"role\": \"viewer\"}", "application/json").body());
        ServerCalls viewer = new ServerCalls(server.port(), key.get("key").asText());
        viewer.call("DELETE", "/api/v1/flows/ops/f", null, null);
        new ServerCalls(server.port(), "weft_wrong-key-000000000000000000000000000000").call("GET",
                "/api/v1/flows", null, null);
        api.call("DELETE", "/api/v1/systems/nothing", null, null);

        List<JsonNode> log = entries("?limit=100");
        assertThat(log).extracting(e -> e.get("action").asText()).containsExactly("deleteSystem",
                "auth.failed",
                "deleteFlow", "createApiKey", "putSystem", "putCredential", "cancelExecution",
                "startExecution",
                "deployFlow", "deployFlow");
        JsonNode refusedDelete = log.get(2);
        assertThat(refusedDelete.get("actor").asText()).isEqualTo("api-key:" + key.get("id").asText());
        assertThat(refusedDelete.get("outcome").asText()).isEqualTo("failure");
        assertThat(refusedDelete.get("status").asInt()).isEqualTo(403);
        assertThat(log.getFirst().get("outcome").asText()).as("no such system").isEqualTo("failure");
        assertThat(log.getFirst().get("status").asInt()).isEqualTo(404);
        JsonNode start = log.get(7);
        assertThat(start.get("outcome").asText()).isEqualTo("success");
        assertThat(start.get("resource").asText()).isEqualTo("/api/v1/flows/ops/f/executions");
        assertThat(start.get("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(start.get("userAgent").asText()).startsWith("Java-http-client");
        JsonNode firstDeploy = log.get(9);
        JsonNode secondDeploy = log.get(8);
        assertThat(firstDeploy.get("before").isNull()).isTrue();
        assertThat(secondDeploy.get("before").asText()).isEqualTo(firstDeploy.get("after").asText());
        assertThat(secondDeploy.get("previousHash").asText()).isEqualTo(firstDeploy.get("hash").asText());
        assertThat(log.get(1).get("actor").asText()).isEqualTo("anonymous");

        String everything = api.call("GET", "/api/v1/audit/export?from=1h", null, null).body();
        assertThat(everything).doesNotContain(CANARY).doesNotContain(key.get("key").asText())
                .doesNotContain(ADMIN_KEY);
        assertThat(everything.lines()).hasSize(10);
    }

    @Test
    void pagesFollowTheCursorAndFiltersNarrow() throws Exception {
        for (int i = 0; i < 5; i++) {
            api.call("PUT", "/api/v1/credentials/c" + i,
                    "{\"type\": \"secret\", \"value\": \"v-" + i + "-xyz\"}",
                    "application/json");
        }
        JsonNode first = api.get("/api/v1/audit?limit=2");
        assertThat(first.get("items")).extracting(e -> e.get("seq").asInt()).containsExactly(5, 4);
        JsonNode second = api.get("/api/v1/audit?limit=2&cursor=" + first.get("next").asText());
        assertThat(second.get("items")).extracting(e -> e.get("seq").asInt()).containsExactly(3, 2);
        assertThat(entries("?action=putCredential&outcome=failure")).isEmpty();
        assertThat(entries("?actor=anonymous")).isEmpty();
        HttpResponse<String> wrong = api.call("GET", "/api/v1/audit?outcome=maybe", null, null);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("outcome must be success or failure");
    }

    @Test
    void theReportCountsAndFlagsBurstsAndMassDeletions() throws Exception {
        ServerCalls stranger = new ServerCalls(server.port(),
                "weft_wrong-key-000000000000000000000000000000");
        for (int i = 0; i < 10; i++) {
            stranger.call("GET", "/api/v1/flows", null, null);
        }
        for (int i = 0; i < 20; i++) {
            api.call("PUT", "/api/v1/credentials/c" + i,
                    "{\"type\": \"secret\", \"value\": \"v-" + i + "-xyz\"}",
                    "application/json");
        }
        for (int i = 0; i < 20; i++) {
            api.call("DELETE", "/api/v1/credentials/c" + i, null, null);
        }

        JsonNode report = api.get("/api/v1/audit/report?from=1h");

        assertThat(report.get("entries").asInt()).isEqualTo(50);
        assertThat(report.at("/byAction/putCredential").asInt()).isEqualTo(20);
        assertThat(report.at("/byAction/auth.failed").asInt()).isEqualTo(10);
        assertThat(report.get("failedLoginBursts")).hasSize(1);
        assertThat(report.at("/failedLoginBursts/0/who").asText()).isEqualTo("127.0.0.1");
        assertThat(report.get("massDeletions")).hasSize(1);
        assertThat(api.call("GET", "/api/v1/audit/report", null, null).body()).contains("from is needed");
    }
}
