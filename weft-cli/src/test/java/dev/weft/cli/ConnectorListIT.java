package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.WeftServer;
import dev.weft.server.config.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as {@code weft server} assembles it lists every connector it ships ({@code GET
 * /api/v1/connectors}), and each has its generated page in docs/connectors with its operations and triggers.
 */
class ConnectorListIT {
    private static final String KEY = "connector-list-admin-key-7d1e40";
    /** The business systems issue 13 names, and the connector for any OpenAPI service. */
    private static final List<String> BUSINESS = List.of("dolibarr", "erpnext", "idurar", "salesforce",
            "hubspot",
            "dynamics", "sap", "oracle", "wordpress", "openapi");

    @TempDir
    Path dir;

    @Test
    void everyShippedConnectorIsListedWithItsOperationsAndHasItsPage() throws Exception {
        try (WeftServer server = WeftServer.start(ServerSettings.defaults().withDataDir(dir).withPort(0),
                Map.of("WEFT_ADMIN_API_KEY", KEY), Clock.systemUTC())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/connectors"))
                    .header("Authorization", "Bearer " + KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode connectors = new ObjectMapper().readTree(r.body()).get("connectors");
            List<String> ids = new ArrayList<>();
            connectors.forEach(c -> ids.add(c.get("id").asText()));
            assertThat(ids).containsAll(BUSINESS);
            for (JsonNode connector : connectors) {
                String id = connector.get("id").asText();
                Path page = Path.of("..", "docs", "connectors", id + ".md");
                assertThat(page).as("the docs page of " + id).exists();
                String text = Files.readString(page);
                connector.get("operations").forEach(op -> assertThat(text).as(id + "'s page")
                        .contains("`" + op.get("name").asText() + "`"));
                connector.path("triggers").forEach(t -> assertThat(text).as(id + "'s page")
                        .contains("`" + t.get("name").asText() + "`"));
                if (BUSINESS.contains(id) && !id.equals("wordpress")) {
                    assertThat(text).as(id + "'s page says how it is tested").contains("replay");
                }
            }
        }
    }
}
