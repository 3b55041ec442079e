package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.testkit.replay.ReplayServer;
import dev.weft.testkit.services.RequiredService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold for the agent, with real processes: {@code examples/equity-analysis.yaml} as written,
 * on a {@code weft server}, its model a server speaking the OpenAI wire format with the recorded turns
 * ({@code replay/equity-analysis-model.json}), its ledger PostgreSQL and its market data and chat an HTTP
 * stub. The server is killed with {@code kill -9} while the agent's third tool call (the news) is in flight,
 * and restarted on the same data directory: the agent goes on from its last recorded turn. No model turn and
 * no completed tool call is made twice; the cut-off call is made again; a tool the step does not allow is
 * refused and recorded; the analysis is stored and posted once.
 */
class EquityAnalysisExampleIT {
    @RegisterExtension
    static final RequiredService PG = SyncDatabases.POSTGRES;

    private static final Path EXAMPLE = Path.of("..", "examples", "equity-analysis.yaml");
    private static final String CONFIG = "server: {port: 0}\n";
    private static final Duration DONE_WITHIN = Duration.ofMinutes(2);

    @TempDir
    Path dir;
    Connection ledger;

    @BeforeEach
    void tables() throws Exception {
        ledger = SyncDatabases.postgres();
        SyncDatabases.sql(ledger, "DROP TABLE IF EXISTS quarterly_revenue", "DROP TABLE IF EXISTS analyses",
                "CREATE TABLE quarterly_revenue (company text, quarter text, revenue numeric)",
                "CREATE TABLE analyses (execution_id text PRIMARY KEY, company text, summary text)",
                "INSERT INTO quarterly_revenue VALUES ('ACME', '2026-Q1', 120.5), ('ACME', '2026-Q2', 131.2),"
                        + " ('ACME', '2026-Q3', 142.8), ('ACME', '2026-Q4', 151.0), ('OTHER', '2026-Q4', 9)");
    }

    @AfterEach
    void drop() throws Exception {
        SyncDatabases.sql(ledger, "DROP TABLE IF EXISTS quarterly_revenue", "DROP TABLE IF EXISTS analyses");
        ledger.close();
    }

    @Test
    void theAnalysisResumesAfterAKillWithoutRepeatingACompletedTurnOrToolCall() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("weft.yaml"), CONFIG);
        try (ReplayServer model = ReplayServer.start("replay/equity-analysis-model.json");
                LocalServer stub = new LocalServer()) {
            stub.answer("/consensus/ACME", "{\"rating\": \"buy\", \"targetPrice\": 64, \"revenue\": 145}");
            stub.answer("/news/ACME", "{\"headlines\": [\"ACME signs a five-year supply contract\"]}");
            stub.hold("/news/ACME");
            String id;
            ServerProcess first = ServerProcess.start(config, data, dir.resolve("first.log"));
            try {
                systems(first, model, stub);
                HttpResponse<String> deployed = first.call("PUT", "/api/v1/flows/research/equity-analysis",
                        Files.readString(EXAMPLE), "application/yaml");
                assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
                id = first.startExecution("research", "equity-analysis", "{\"company\": \"ACME\"}");
                first.awaitTrue(() -> stub.requests("GET", "/news/ACME").size() == 1);
            } finally {
                first.kill();
            }
            assertThat(model.received()).as("model turns asked before the kill").hasSize(2);
            stub.release("/news/ACME");

            try (ServerProcess second = ServerProcess.start(config, data, dir.resolve("second.log"))) {
                second.awaitTrue(DONE_WITHIN, () -> second.status(id).equals("succeeded")
                        || second.status(id).equals("failed"));
                JsonNode execution = second.get("/api/v1/executions/" + id);
                assertThat(execution.get("status").asText()).as("%s\n%s", execution, second.log())
                        .isEqualTo("succeeded");
                JsonNode steps = byPath(execution);

                JsonNode analysis = steps.get("analyse").get("output");
                assertThat(analysis.get("answer").asText()).startsWith("ACME's revenue grew");
                assertThat(analysis.get("turns").asInt()).isEqualTo(3);
                assertThat(analysis.get("toolCalls").asInt()).isEqualTo(4);
                assertThat(analysis.at("/usage/totalTokens").asInt()).isEqualTo(653 + 921 + 1188);
                assertThat(steps.get("analyse/turn-1/tool-0").at("/output/rows")).hasSize(4);
                assertThat(steps.get("analyse/turn-1/tool-1").at("/output/body/rating").asText())
                        .isEqualTo("buy");
                JsonNode refused = steps.get("analyse/turn-2/tool-1");
                assertThat(refused.get("status").asText()).isEqualTo("failed");
                assertThat(refused.at("/error/code").asText()).isEqualTo("agent.tool_refused");
                assertThat(refused.at("/error/message").asText()).contains("delete_ledger");
                JsonNode news = steps.get("analyse/turn-2/tool-0");
                assertThat(news.get("attempts").asInt()).as("the news call cut off by the kill ran again")
                        .isEqualTo(2);
                assertThat(news.at("/history/0/outcome").asText()).isEqualTo("interrupted");
                assertThat(steps.get("analyse/turn-1").at("/output/usage/totalTokens").asInt())
                        .isEqualTo(653);
                assertThat(steps.get("analyse/turn-1").get("input").get("messages")).hasSize(2);
            }
            // Each model turn was asked once: a second ask of a turn would have had no answer (501).
            assertThat(model.received()).hasSize(3);
            assertThat(model.unmatched()).isEmpty();
            assertThat(model.received().get(2).body()).contains("agent.tool_refused")
                    .contains("supply contract");
            // The completed tool call was not made again; the one in flight at the kill was.
            assertThat(stub.requests("GET", "/consensus/ACME")).hasSize(1);
            assertThat(stub.requests("GET", "/news/ACME")).hasSize(2);
            assertThat(stub.requests("POST", "/messages")).singleElement()
                    .satisfies(m -> assertThat(m.body().get("text").asText())
                            .startsWith("New analysis of ACME: ACME's revenue grew"));
            List<String> stored = new ArrayList<>();
            try (ResultSet rs = ledger.createStatement().executeQuery(
                    "SELECT execution_id, company, summary FROM analyses")) {
                while (rs.next()) {
                    stored.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            assertThat(stored).singleElement().satisfies(s -> assertThat(s).startsWith(id + " ACME ACME's"));
        }
    }

    private static JsonNode byPath(JsonNode execution) {
        var steps = ServerProcess.JSON.createObjectNode();
        execution.get("steps").forEach(s -> steps.set(s.get("path").asText(), s));
        return steps;
    }

    private static void systems(ServerProcess server, ReplayServer model, LocalServer stub) throws Exception {
        SyncDatabases.put(server, "/api/v1/credentials/ledger-login",
                "{\"type\": \"basic\", \"username\": \"postgres\", \"password\": \"trusted-anyway\"}");
        SyncDatabases.put(server, "/api/v1/systems/ledger", "{\"connector\": \"postgres\", \"config\":"
                + " {\"host\": \"127.0.0.1\", \"port\": 5432, \"database\": \"test\"}, \"credential\": \"ledger-login\"}");
        SyncDatabases.put(server, "/api/v1/systems/ai",
                "{\"connector\": \"llm\", \"config\": {\"baseUrl\": \""
                        + model.baseUrl() + "/v1\", \"model\": \"fin-analyst-7b\"}}");
        SyncDatabases.put(server, "/api/v1/systems/markets",
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + stub.url() + "\"}}");
        SyncDatabases.put(server, "/api/v1/systems/chat",
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + stub.url() + "\"}}");
    }
}
