package dev.weft.testkit.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local server that stands in for a vendor's API that cannot run here: it answers the vendor's documented
 * requests with the vendor's documented responses, errors and rate limits included, from a file of
 * exchanges written from the vendor's API reference. Matching is strict, so a connector that sends what the
 * vendor does not document fails its test rather than passing against a lenient stub:
 *
 * <pre>{@code
 * {"vendor": "Dolibarr", "apiVersion": "20.0",
 *  "exchanges": [
 *    {"name": "list third parties",
 *     "request": {"method": "GET", "path": "/api/index.php/thirdparties",
 *                 "query": {"limit": "2", "page": "0"}, "headers": {"DOLAPIKEY": "k"}},
 *     "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": [...]},
 *     "times": 1}]}
 * }</pre>
 *
 * <ul>
 * <li>{@code method} and {@code path} must be equal; {@code query}, when given, must hold exactly the
 * request's parameters (no more, no fewer); without it, the request must have none.</li>
 * <li>{@code headers}: each listed header must be sent with that value ({@code "*"}: with any value); others
 * may be sent too.</li>
 * <li>{@code body}: when given, the request's body must be that JSON (compared as JSON, not text: numbers by
 * value, so 12 and 12.0 match).</li>
 * <li>{@code bodyIncludes}: when given, the request's body must be JSON that holds this JSON as a part: an
 * object matches when each listed field is there and matches in turn (other fields may be sent too); an array
 * must have exactly as many items as listed, each matched in turn (so an item that is an object is matched by
 * its listed fields); numbers by value, other values equal. For a conversation matched by a part of it:
 * {@code {"messages": [{"role": "system"}, {"role": "user", "content": "Hi"}]}}.</li>
 * <li>{@code times}: how many requests the exchange answers before it is used up (unlimited without it), so
 * a 429 can be followed by a 200; of the exchanges that match, the first not used up answers.</li>
 * </ul>
 * A response's {@code body} is sent as JSON, or as it is when it is a string (with the exchange's
 * {@code Content-Type}, none unless it says one). {@code events} instead of {@code body} is a server-sent
 * event stream ({@code Content-Type: text/event-stream}): each item, an object or a string such as
 * {@code "[DONE]"}, is sent as one {@code data:} event ({@code data: {...}\n\n}).
 * A request that matches nothing is answered 501 with what it was, and counted: {@link #unmatched()}.
 * Thread-safe.
 */
public final class ReplayServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the server received, as it arrived. */
    public record Received(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body, String exchange) {
        /** The header's value, by name in any case; null when absent. */
        public String header(String name) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }
    }

    private final class Exchange {
        final JsonNode spec;
        int left;

        Exchange(JsonNode spec) {
            this.spec = spec;
            this.left = spec.has("times") ? spec.get("times").asInt() : Integer.MAX_VALUE;
        }

        String name() {
            return spec.path("name").asText(spec.path("request").path("method").asText() + " "
                    + spec.path("request").path("path").asText());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> unmatched = new CopyOnWriteArrayList<>();

    private ReplayServer(JsonNode file) throws IOException {
        JsonNode list = file.path("exchanges");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("a replay file needs an 'exchanges' array");
        }
        list.forEach(e -> exchanges.add(new Exchange(e)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Starts a server on a free port of 127.0.0.1 answering the exchanges of a class-path resource. */
    public static ReplayServer start(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no replay file " + resource + " on the class path");
            }
            return new ReplayServer(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay file " + resource, e);
        }
    }

    /** Starts a server answering {@code file}'s exchanges (the format above). */
    public static ReplayServer of(JsonNode file) {
        try {
            return new ReplayServer(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a replay server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received, matched or not, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests no exchange matched: a test should end with none. */
    public List<Received> unmatched() {
        return List.copyOf(unmatched);
    }

    private void answer(HttpExchange http) throws IOException {
        try (http) {
            byte[] bytes = http.getRequestBody().readAllBytes();
            Received request = new Received(http.getRequestMethod(), http.getRequestURI().getRawPath(),
                    query(http.getRequestURI().getRawQuery()), headers(http), new String(bytes,
                            StandardCharsets.UTF_8),
                    null);
            Exchange match = match(request);
            if (match == null) {
                received.add(request);
                unmatched.add(request);
                byte[] body = ("no recorded exchange matches " + request.method() + " " + request.path()
                        + " " + request.query() + " with body " + request.body())
                        .getBytes(StandardCharsets.UTF_8);
                http.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                http.sendResponseHeaders(501, body.length);
                http.getResponseBody().write(body);
                return;
            }
            received.add(new Received(request.method(), request.path(), request.query(), request.headers(),
                    request.body(), match.name()));
            respond(http, match.spec.path("response"));
        }
    }

    private synchronized Exchange match(Received request) {
        for (Exchange e : exchanges) {
            if (e.left > 0 && matches(e.spec.path("request"), request)) {
                e.left--;
                return e;
            }
        }
        return null;
    }

    private static boolean matches(JsonNode spec, Received r) {
        if (!spec.path("method").asText().equalsIgnoreCase(r.method())
                || !spec.path("path").asText().equals(r.path())) {
            return false;
        }
        Map<String, String> query = new LinkedHashMap<>();
        spec.path("query").properties().forEach(q -> query.put(q.getKey(), q.getValue().asText()));
        if (!query.equals(r.query())) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("headers").properties().iterator(); it
                .hasNext();) {
            Map.Entry<String, JsonNode> h = it.next();
            String sent = r.header(h.getKey());
            if (sent == null || !h.getValue().asText().equals("*") && !h.getValue().asText().equals(sent)) {
                return false;
            }
        }
        if (spec.has("body") || spec.has("bodyIncludes")) {
            try {
                JsonNode sent = r.body().isEmpty() ? null : JSON.readTree(r.body());
                return sent != null && (!spec.has("body") || sameJson(sent, spec.get("body")))
                        && (!spec.has("bodyIncludes") || includes(sent, spec.get("bodyIncludes")));
            } catch (IOException notJson) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code sent} holds {@code part}: an object's listed fields, recursively; an array item by item,
     * with as many items; any other value equal (numbers by value).
     */
    static boolean includes(JsonNode sent, JsonNode part) {
        if (part.isObject()) {
            if (!sent.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : part.properties()) {
                JsonNode other = sent.get(field.getKey());
                if (other == null || !includes(other, field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (part.isArray()) {
            if (!sent.isArray() || sent.size() != part.size()) {
                return false;
            }
            for (int i = 0; i < part.size(); i++) {
                if (!includes(sent.get(i), part.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return sameJson(sent, part);
    }

    /** JSON equality where numbers are equal by value (12 and 12.0 are one JSON number). */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : a.properties()) {
                JsonNode other = b.get(field.getKey());
                if (other == null || !sameJson(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static void respond(HttpExchange http, JsonNode response) throws IOException {
        JsonNode body = response.has("events") ? events(response.get("events")) : response.get("body");
        byte[] bytes = body == null || body.isNull()
                ? new byte[0]
                : body.isTextual()
                        ? body.textValue().getBytes(StandardCharsets.UTF_8)
                        : JSON.writeValueAsBytes(body);
        boolean typed = false;
        for (Map.Entry<String, JsonNode> h : response.path("headers").properties()) {
            http.getResponseHeaders().add(h.getKey(), h.getValue().asText());
            typed |= h.getKey().equalsIgnoreCase("Content-Type");
        }
        if (!typed && response.has("events")) {
            http.getResponseHeaders().set("Content-Type", "text/event-stream");
        } else if (!typed && body != null && !body.isNull() && !body.isTextual()) {
            http.getResponseHeaders().set("Content-Type", "application/json");
        }
        int status = response.path("status").asInt(200);
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            http.getResponseBody().write(bytes);
        }
    }

    /** A server-sent event stream: one {@code data:} event per item, as the item's JSON or text. */
    private static JsonNode events(JsonNode items) throws IOException {
        if (!items.isArray()) {
            throw new IllegalArgumentException("a response's 'events' must be an array, but was " + items);
        }
        StringBuilder stream = new StringBuilder();
        for (JsonNode item : items) {
            stream.append("data: ")
                    .append(item.isTextual() ? item.textValue() : JSON.writeValueAsString(item))
                    .append("\n\n");
        }
        return JSON.getNodeFactory().textNode(stream.toString());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(name, value);
        }
        return out;
    }

    private static Map<String, String> headers(HttpExchange http) {
        Map<String, String> out = new LinkedHashMap<>();
        http.getRequestHeaders().forEach((name, values) -> out.put(name.toLowerCase(Locale.ROOT),
                String.join(", ", values)));
        return out;
    }

    /** A summary for assertion messages: what arrived and which exchange answered it. */
    @Override
    public String toString() {
        ObjectNode o = JSON.createObjectNode();
        o.put("baseUrl", baseUrl());
        var list = o.putArray("received");
        received.forEach(r -> list.add(r.method() + " " + r.path() + " " + r.query() + " -> "
                + (r.exchange() == null ? "unmatched" : r.exchange())));
        return o.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
