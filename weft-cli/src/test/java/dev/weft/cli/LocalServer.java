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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 standing in for the systems a flow calls (approvals, ERP, CRM...).
 * It records every request and answers each with a JSON body holding a generated id, or with the status
 * a test configured for a path. Thread-safe.
 */
final class LocalServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Request(String method, String path, String idempotencyKey, JsonNode body, Instant at,
            String authorization) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(100);
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // Each request on its own thread, so that a held one does not hold up the others.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Holds requests to {@code path} (after recording them) until {@link #release}. */
    void hold(String path) {
        held.put(path, new CountDownLatch(1));
    }

    /** Answers the held requests to {@code path}, and later ones at once. */
    void release(String path) {
        CountDownLatch latch = held.remove(path);
        if (latch != null) {
            latch.countDown();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers requests to {@code path} with {@code status} from now on. */
    void respond(String path, int status) {
        statusByPath.put(path, status);
    }

    /** Answers requests to {@code path} with the JSON {@code body} from now on, instead of a generated id. */
    void answer(String path, String body) {
        bodies.put(path, body.getBytes(StandardCharsets.UTF_8));
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
                "Idempotency-Key"), body, Instant.now(),
                exchange.getRequestHeaders().getFirst("Authorization")));
        CountDownLatch latch = held.get(path);
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }
        int status = statusByPath.getOrDefault(path, 200);
        byte[] out = bodies.containsKey(path)
                ? bodies.get(path)
                : MAPPER.createObjectNode().put("id", "id-" + ids.incrementAndGet()).put("path", path)
                        .toString()
                        .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        } catch (IOException e) {
            // The caller went away while the request was held (a killed process): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
