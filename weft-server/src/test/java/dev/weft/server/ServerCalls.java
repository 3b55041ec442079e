package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Calls a running server's API as the admin, for tests. */
record ServerCalls(int port, String key) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    HttpResponse<String> call(String method, String path, String body, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + key);
        if (type != null) {
            request.header("Content-Type", type);
        }
        HttpResponse<java.io.InputStream> raw = HTTP.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = raw.body()) {
            // An event stream only ends when the server ends it: it is closed as soon as its headers arrive.
            boolean stream = raw.headers().firstValue("Content-Type").orElse("")
                    .startsWith("text/event-stream");
            return new Answered(raw,
                    stream ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** An answer read whole (an event stream's body is empty). */
    private record Answered(HttpResponse<?> raw, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = call("GET", path, null, null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The tenant's events of {@code type} in feed order, once there are at least {@code n} (within 20 s). */
    List<JsonNode> awaitEvents(String type, int n) throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        dev.weft.testkit.Eventually.until(n + " events " + type + " in the feed", Duration.ofSeconds(20),
                () -> {
                    events.clear();
                    get("/api/v1/events?type=" + type).get("items").forEach(events::add);
                    return events.size() >= n;
                });
        return events;
    }

    /** Deploys YAML flow source; fails the test unless the server accepts it. */
    JsonNode deploy(String namespace, String id, String yaml) throws IOException, InterruptedException {
        HttpResponse<String> r = call("PUT", "/api/v1/flows/" + namespace + "/" + id, yaml,
                "application/yaml");
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new AssertionError(
                    "deploy of " + namespace + "/" + id + " answered " + r.statusCode() + ": "
                            + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Polls the execution until it has ended, for at most {@code timeout}. */
    JsonNode awaitEnd(String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode e = null;
        while (System.nanoTime() < deadline) {
            e = get("/api/v1/executions/" + id);
            if (List.of("succeeded", "failed", "cancelled").contains(e.path("status").asText())) {
                return e;
            }
            Thread.sleep(20); // polling a running server; there is nothing to wait on in-process
        }
        throw new AssertionError("execution " + id + " did not end within " + timeout + ": " + e);
    }
}
