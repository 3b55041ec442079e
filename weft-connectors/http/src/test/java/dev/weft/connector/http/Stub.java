package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 for the connector's tests: each route answers by path prefix, and every
 * request it received is recorded (method, path, decoded query, lower-case headers, body bytes).
 */
final class Stub implements AutoCloseable {

    /** One request as the server received it. */
    record Received(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
            byte[] body) {

        String param(String name) {
            List<String> values = query.get(name);
            return values == null ? null : values.getFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What a route answers. */
    record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Answer json(JsonNode body) {
            return json(200, body);
        }

        static Answer json(int status, JsonNode body) {
            return new Answer(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, more);
        }
    }

    @FunctionalInterface
    interface Route {
        Answer answer(Received request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    Stub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.start();
    }

    Stub route(String prefix, Route route) {
        server.createContext(prefix, exchange -> handle(exchange, route));
        return this;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return "http://127.0.0.1:" + port();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The requests received so far whose path starts with {@code prefix}, in order. */
    List<Received> received(String prefix) {
        return received.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    private void handle(HttpExchange exchange, Route route) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                decode(exchange.getRequestURI().getRawQuery()), headers,
                exchange.getRequestBody().readAllBytes());
        received.add(request);
        Answer answer;
        try {
            answer = route.answer(request);
        } catch (Exception e) {
            answer = new Answer(500, "text/plain", ("stub failed: " + e).getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        try (var out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    /** A query string or a form body, decoded: each name with its values in order. */
    static Map<String, List<String>> decode(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
