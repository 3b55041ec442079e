package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.server.config.ServerSettings;
import dev.weft.vault.MasterKeyException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL store, each with a data directory of its own: the second refuses to start
 * with a master key of its own (generated, or from its own key file) and says how to share the key; given
 * the first one's key, it starts, and a credential written through either is used by the other.
 */
class SharedMasterKeyIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final String TOKEN = "tok-0123456789abcdef";

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas("key");

    @TempDir
    Path dir;
    final List<WeftServer> servers = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        servers.forEach(WeftServer::close);
    }

    @Test
    void aSecondNodeWithAKeyOfItsOwnRefusesToStartAndWithTheSharedKeyReadsTheFirstOnesCredentials()
            throws Exception {
        String shared = schema();
        WeftServer first = start(shared, dir.resolve("a"), Map.of());
        var a = new ServerCalls(first.port(), ADMIN_KEY);
        assertThat(a.call("PUT", "/api/v1/credentials/erp-token",
                "{\"type\":\"secret\",\"value\":\"" + TOKEN + "\"}", "application/json").statusCode())
                .isEqualTo(201);
        a.deploy("finance", "tokens", """
                id: tokens
                namespace: finance
                triggers:
                  - {type: webhook, path: by-token, verify: {scheme: token, credential: erp-token}}
                steps:
                  - {id: shape, type: transform, output: ok}
                """);

        assertThatThrownBy(() -> start(shared, dir.resolve("b"), Map.of()))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("WEFT_MASTER_KEY").hasMessageContaining("same keyset on every node");

        Path own = dir.resolve("c");
        start(schema(), own, Map.of()).close(); // c now has a key file of its own
        servers.removeLast();
        assertThatThrownBy(() -> start(shared, own, Map.of())).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("is not the key that the credentials in")
                .hasMessageContaining("set WEFT_MASTER_KEY to the same keyset on every node");

        String key = Files.readString(dir.resolve("a").resolve("master.key"));
        WeftServer second = start(shared, dir.resolve("b"), Map.of("WEFT_MASTER_KEY", key));
        assertThat(deliver(second).statusCode()).isEqualTo(202);
        var b = new ServerCalls(second.port(), ADMIN_KEY);
        assertThat(b.call("PUT", "/api/v1/credentials/erp-token",
                "{\"type\":\"secret\",\"value\":\"" + TOKEN + "\"}", "application/json").statusCode())
                .isIn(200, 201);
        assertThat(deliver(first).statusCode()).isEqualTo(202);
    }

    private HttpResponse<String> deliver(WeftServer server) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/hooks/finance/by-token")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private WeftServer start(String schema, Path data, Map<String, String> environment) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("WEFT_ADMIN_API_KEY", ADMIN_KEY);
        WeftServer server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withDbUrl(PostgresSchemas.url(schema)), env, Clock.systemUTC());
        servers.add(server);
        return server;
    }

    private String schema() {
        return SCHEMAS.create();
    }
}
