package dev.weft.server;

import com.sun.net.httpserver.HttpExchange;
import dev.weft.server.config.ServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on a fresh data directory with an admin key, started before each test (after the fixture's own
 * {@code @BeforeEach}, before the subclass's) and closed after it; {@link #api} calls it with the key.
 */
abstract class ServerFixture {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    @TempDir
    Path data;
    WeftServer server;
    ServerCalls api;

    /** What the server starts with; a subclass adds to it (an egress allowance for a local target). */
    ServerSettings settings() {
        return ServerSettings.defaults().withDataDir(data).withPort(0);
    }

    /** The server's clock; a subclass gives a {@code StoppedClock} to move time past caches and expiries. */
    Clock clock() {
        return Clock.systemUTC();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = WeftServer.start(settings(), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), clock());
        api = new ServerCalls(server.port(), ADMIN_KEY);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Answers a local target's request with a JSON body. */
    static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
