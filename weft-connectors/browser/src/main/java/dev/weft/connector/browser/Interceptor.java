package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Egress;
import dev.weft.connector.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * Sends every request Chromium makes (documents, redirects, images, scripts, XHR, iframes, workers) through
 * the platform's HTTP transport and hands the answer back to Chromium ({@code Fetch.fulfillRequest}), or
 * fails it ({@code Fetch.failRequest}) when the egress rules refuse it, recording the refusal. Enabled on the
 * browser's own session, so that it sees the requests of every target. Thread-safe.
 */
final class Interceptor {
    /** Headers of a hop, or that the transport sets itself. */
    private static final Set<String> HOP = Set.of("host", "connection", "keep-alive", "proxy-connection",
            "proxy-authorization", "transfer-encoding", "te", "upgrade", "content-length", "accept-encoding");
    /** Response headers Chromium must not get: the body it gets is whole and as sent. */
    private static final Set<String> HOP_RESPONSE = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "proxy-connection");

    /** Requests of one run sent at once; more wait (each holds a response in memory until fulfilled). */
    static final int MAX_IN_FLIGHT = 16;

    private final Cdp cdp;
    private final HttpTransport http;
    private final Egress egress;
    private final long maxBytes;
    private final long maxRunBytes;
    /** Bytes of the responses received so far: a run's memory is bounded by {@code maxRunBytes}. */
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private final Slots inFlight = new Slots(MAX_IN_FLIGHT);
    private final Cancellation cancellation;
    private final Redactor redactor;
    private final Instant deadline;
    private final int devToolsPort;
    private final List<ObjectNode> refused = new CopyOnWriteArrayList<>();
    private volatile String mainFrame = "";
    private volatile int documentStatus;
    private final List<ObjectNode> failed = new CopyOnWriteArrayList<>();

    Interceptor(Cdp cdp, HttpTransport http, Egress egress, long maxBytes, long maxRunBytes,
            Cancellation cancellation, Redactor redactor, Instant deadline, int devToolsPort) {
        this.cdp = cdp;
        this.http = http;
        this.egress = egress;
        this.maxBytes = maxBytes;
        this.maxRunBytes = maxRunBytes;
        this.cancellation = cancellation;
        this.redactor = redactor;
        this.deadline = deadline;
        this.devToolsPort = devToolsPort;
    }

    /** Pauses every request of every target at its request stage, from now on. */
    void install() throws IOException, TimeoutException {
        cdp.on("Fetch.requestPaused", (session, params) -> paused(params));
        ObjectNode enable = Cdp.JSON.createObjectNode();
        enable.putArray("patterns").addObject().put("urlPattern", "*").put("requestStage", "Request");
        cdp.send(null, "Fetch.enable", enable, deadline);
    }

    /** Which frame is the page's main frame, whose documents' statuses {@link #documentStatus()} tells. */
    void mainFrame(String frameId) {
        mainFrame = frameId;
    }

    /** The HTTP status of the main frame's latest document (a redirect's last hop), or 0 before any. */
    int documentStatus() {
        return documentStatus;
    }

    /** The requests the egress rules refused: {@code {url, type, reason}} each. */
    List<ObjectNode> refused() {
        return List.copyOf(refused);
    }

    /** The requests that failed otherwise (a timeout, a connection refused): {@code {url, type, reason}}. */
    List<ObjectNode> failed() {
        return List.copyOf(failed);
    }

    private void paused(JsonNode params) {
        String id = params.path("requestId").asText();
        JsonNode request = params.path("request");
        String url = request.path("url").asText();
        String type = params.path("resourceType").asText("Other");
        java.util.Optional<URI> parsed = Urls.parse(url);
        if (parsed.isEmpty()) {
            // never the parser's message: it quotes the whole URL, query and all
            failed.add(entry(url, type, "not a URL the platform's HTTP transport can send"));
            fail(id, "Failed");
            return;
        }
        URI uri = parsed.get();
        try {
            egress.checkUri(uri);
            if (devTools(uri)) {
                refuse(id, url, type, "the browser's own DevTools port is never reachable from a page");
                return;
            }
        } catch (IOException | IllegalArgumentException refusal) {
            refuse(id, url, type, refusal instanceof IllegalArgumentException
                    ? "not a URL the egress rules can check"
                    : refusal.getMessage());
            return;
        }
        if (!inFlight.acquire(deadline)) {
            failed.add(entry(url, type, "the run's time budget passed while " + MAX_IN_FLIGHT
                    + " other requests were in flight"));
            fail(id, "TimedOut");
            return;
        }
        try {
            long left = maxRunBytes - received.get();
            if (left <= 0) {
                failed.add(entry(url, type, overBudget()));
                fail(id, "Failed");
                return;
            }
            send(id, uri, request, params, url, type, left);
        } finally {
            inFlight.release();
        }
    }

    private void send(String id, URI uri, JsonNode request, JsonNode params, String url, String type,
            long left) {
        try (HttpTransport.Response response = http.send(request(uri, request, Math.min(maxBytes, left)))) {
            if (type.equals("Document") && params.path("frameId").asText().equals(mainFrame)) {
                documentStatus = response.status();
            }
            byte[] body = response.body();
            if (received.addAndGet(body.length) > maxRunBytes) {
                failed.add(entry(url, type, overBudget()));
                fail(id, "Failed");
                return;
            }
            fulfil(id, response, body);
        } catch (ConnectorException e) {
            if (e.code().equals("egress.refused")) {
                refuse(id, url, type, e.getMessage());
            } else {
                failed.add(entry(url, type, e.code().equals("http.too_large") && left < maxBytes
                        ? overBudget()
                        : e.getMessage()));
                fail(id, e.code().equals("http.timeout") ? "TimedOut" : "ConnectionFailed");
            }
        } catch (RuntimeException e) {
            failed.add(entry(url, type, e.getClass().getSimpleName()));
            fail(id, "Failed");
        }
    }

    private String overBudget() {
        return "the run's responses passed " + maxRunBytes + " bytes (the system's maxRunBytes); raise it, or"
                + " load less";
    }

    /**
     * Whether {@code uri} aims at Chromium's own DevTools endpoint (its port on a loopback address): a page
     * there could drive the browser, so it is refused even where the egress allows loopback.
     */
    private boolean devTools(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        if (port != devToolsPort || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        try {
            for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                    return true;
                }
            }
            return false;
        } catch (java.net.UnknownHostException e) {
            return false; // the transport's own lookup fails too
        }
    }

    private HttpTransport.Request request(URI uri, JsonNode request, long limit) {
        Duration left = Duration.between(Instant.now(), deadline);
        HttpTransport.Request r = HttpTransport.Request.to(request.path("method").asText("GET"), uri)
                .unauthorized().withCancellation(cancellation).withMaxBytes(limit)
                .withTimeout(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
        for (Map.Entry<String, JsonNode> h : request.path("headers").properties()) {
            if (!HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                r = r.withHeader(h.getKey(), h.getValue().asText());
            }
        }
        byte[] body = body(request);
        if (body != null) {
            String type = r.header("Content-Type");
            r = r.withBody(
                    new HttpTransport.Body.Bytes(body, type == null ? "application/octet-stream" : type));
        }
        return r;
    }

    /** The request's body: its post data entries (base64), or the post data as text. */
    private static byte[] body(JsonNode request) {
        if (request.path("postDataEntries").isArray()) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (JsonNode entry : request.get("postDataEntries")) {
                if (entry.hasNonNull("bytes")) {
                    all.writeBytes(Base64.getDecoder().decode(entry.get("bytes").asText()));
                }
            }
            return all.toByteArray();
        }
        if (request.hasNonNull("postData")) {
            return request.get("postData").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    private void fulfil(String id, HttpTransport.Response response, byte[] body) {
        ObjectNode fulfil = Cdp.JSON.createObjectNode();
        fulfil.put("requestId", id);
        fulfil.put("responseCode", response.status());
        ArrayNode headers = fulfil.putArray("responseHeaders");
        for (Map.Entry<String, String> h : response.headers()) {
            if (!HOP_RESPONSE.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.addObject().put("name", h.getKey()).put("value", h.getValue());
            }
        }
        fulfil.put("body", Base64.getEncoder().encodeToString(body));
        cdp.post(null, "Fetch.fulfillRequest", fulfil, deadline);
    }

    private void refuse(String id, String url, String type, String reason) {
        refused.add(entry(url, type, reason));
        fail(id, "BlockedByClient");
    }

    private void fail(String id, String reason) {
        ObjectNode fail = Cdp.JSON.createObjectNode();
        fail.put("requestId", id);
        fail.put("errorReason", reason);
        cdp.post(null, "Fetch.failRequest", fail, deadline);
    }

    private ObjectNode entry(String url, String type, String reason) {
        ObjectNode entry = Cdp.JSON.createObjectNode();
        entry.put("url", redactor.redact(Urls.withoutQuery(url)));
        entry.put("type", type);
        entry.put("reason", redactor.redact(Urls.withoutQueryOf(url, reason == null ? "refused" : reason)));
        return entry;
    }
}
