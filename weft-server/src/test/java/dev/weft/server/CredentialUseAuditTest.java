package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.weft.engine.store.AuditRecord;
import dev.weft.engine.store.Storage;
import dev.weft.server.config.ServerSettings;
import dev.weft.store.jdbc.SqliteStorage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connector's use of a system's credential is in the audit log: which system and operation, how often. */
class CredentialUseAuditTest {
    private static final String KEY = "test-admin-key-0123456789abcdef";

    @TempDir
    Path data;

    @Test
    void callsWithACredentialAreCountedIntoTheAuditLog() throws Exception {
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> ServerFixture.respond(exchange, 200, "{\"ok\": true}"));
        target.start();
        try (WeftServer server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")), Map.of("WEFT_ADMIN_API_KEY", KEY),
                Clock.systemUTC())) {
            ServerCalls api = new ServerCalls(server.port(), KEY);
            api.call("PUT", "/api/v1/credentials/crm-token",
                    "{\"type\": \"bearer\", \"token\": \"t0ken-value-9\"}",
                    "application/json");
            api.call("PUT", "/api/v1/systems/crm", "{\"connector\": \"http\", \"config\": {\"baseUrl\":"
                    + " \"http://127.0.0.1:" + target.getAddress().getPort()
                    + "\"}, \"credential\": \"crm-token\"}",
                    "application/json");
            api.deploy("ops", "sync", """
                    id: sync
                    namespace: ops
                    steps:
                      - { id: one, type: call, system: crm, operation: http.request, with: { path: /a } }
                      - { id: two, type: call, system: crm, operation: http.request, with: { path: /b } }
                    """);
            for (int i = 0; i < 3; i++) {
                String id = ServerCalls.JSON
                        .readTree(api.call("POST", "/api/v1/flows/ops/sync/executions", "{}",
                                "application/json").body())
                        .get("id").asText();
                assertThat(api.awaitEnd(id, Duration.ofSeconds(20)).get("status").asText())
                        .isEqualTo("succeeded");
            }
        } finally {
            target.stop(0);
        }
        try (Storage storage = SqliteStorage.open(data)) {
            List<AuditRecord> uses = storage.audit().chain("default", 0, 100).stream()
                    .filter(r -> r.entry().action().equals("credential.used")).toList();
            assertThat(uses).hasSize(1);
            assertThat(uses.getFirst().entry().resource()).isEqualTo(
                    "credential crm-token of system crm, operation http.request: 6 calls, ok");
            assertThat(uses.getFirst().entry().actor()).isEqualTo("connector");
        }
    }
}
