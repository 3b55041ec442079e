package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 standing in for the systems a flow calls (approvals, ERP, CRM...).
 * It records every request and answers each with a JSON body holding a generated id, or with the status
 * a test configured for a path. Thread-safe.
 */
final class LocalServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Request(String method, String path, String idempotencyKey, JsonNode body, Instant at) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(100);

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests to {@code path} with {@code status} from now on. */
    void respond(String path, int status) {
        statusByPath.put(path, status);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? null : MAPPER.readTree(in);
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst(
                "Idempotency-Key"), body, Instant.now()));
        int status = statusByPath.getOrDefault(path, 200);
        byte[] out = MAPPER.createObjectNode().put("id", "id-" + ids.incrementAndGet()).put("path", path)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
