package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The REST API of a Weft server as the command line uses it: JSON requests and answers ({@link #get},
 * {@link #send}), with what went wrong said once for every command; and the flows {@code weft deploy}
 * lists, reads and deploys. The API key is sent in the {@code Authorization} header only; no message holds
 * it. Thread-safe.
 */
final class ServerApi implements AutoCloseable {
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String key;
    private final Duration timeout;
    private final HttpClient http;

    /** {@code base} is the server's root ({@code http://host:8080}), without a trailing slash. */
    ServerApi(URI base, String key, Duration timeout) {
        this.base = base;
        this.key = key;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
                // A redirect could carry the key to another host; it is reported instead.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The latest version of a flow on the server, without its source. */
    record Listed(String namespace, String id, int version, String sha256) {
        String name() {
            return namespace + "/" + id;
        }
    }

    /** A flow version with its source. */
    record Remote(int version, String source) {
    }

    /** What a deploy gave: the flow's latest version, and whether this deploy created it. */
    record Deployed(int version, boolean created) {
    }

    /**
     * The server did not do what was asked: it refused ({@code status} and the API's error {@code code},
     * with {@code details} such as located flow problems), or it could not be reached ({@code status} 0).
     * The message says what happened and what to check; {@code reason} is the server's own message, if any.
     */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        final int status;
        final String code;
        final String reason;
        final transient List<JsonNode> details;

        Failure(int status, String code, String reason, String message, List<JsonNode> details) {
            super(message);
            this.status = status;
            this.code = code;
            this.reason = reason;
            this.details = List.copyOf(details);
        }

        Failure(String message) {
            this(0, null, null, message, List.of());
        }

        /**
         * The exit code of a command that failed so: 2 (invalid) when the server refused the request for
         * what it asked (a 4xx with the API's error code: a bad field, an unknown id); 1 (failed) when the
         * server could not be reached, refused the key (401) or its permission (403), could not do it now (409,
         * another change came first; 429, too many requests: the same command may succeed later), or failed
         * itself.
         */
        int exitCode() {
            return status == 0 || status == 401 || status == 403 || status == 409 || status == 429
                    || status >= 500 || code == null
                            ? ExitCodes.FAILED
                            : ExitCodes.INVALID;
        }
    }

    /** The server's base URL, for messages. */
    URI base() {
        return base;
    }

    /**
     * {@code GET path} ({@code /api/v1/...}, with its query already encoded): the answer's JSON object.
     *
     * @throws Failure when the server refused or could not be reached
     */
    JsonNode get(String path) throws Failure, InterruptedException {
        return call(request(path).GET().build());
    }

    /**
     * {@code method path} with {@code body} as JSON (null: no body): the answer's JSON object, or null when
     * the answer has no body (204).
     *
     * @throws Failure when the server refused or could not be reached
     */
    JsonNode send(String method, String path, JsonNode body) throws Failure, InterruptedException {
        HttpRequest.Builder request = request(path);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method,
                            HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return call(request.build());
    }

    /** What a command does with a client of the server's API; its exit code. */
    @FunctionalInterface
    interface Session<C> {
        int run(C client) throws Failure, InterruptedException;
    }

    /**
     * Connects to the server of {@code server}'s options and runs {@code session} with the client
     * {@code client} makes of the connection; a refusal or a server out of reach is printed on standard error
     * and ends with {@link Failure#exitCode}.
     */
    static <C> int with(ServerOptions server, picocli.CommandLine.Model.CommandSpec spec,
            java.util.function.Function<ServerApi, C> client, Session<C> session)
            throws InterruptedException {
        try (ServerApi api = server.connect(Weft.environment(spec))) {
            return session.run(client.apply(api));
        } catch (Failure f) {
            System.err.println(f.getMessage());
            return f.exitCode();
        }
    }

    /** The {@code items} of a listing answered at {@code path}. */
    List<JsonNode> items(String path) throws Failure, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        get(path).path("items").forEach(items::add);
        return items;
    }

    /** {@code text} as one segment of a URL's path or a query value: every reserved character escaped. */
    static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The latest version of every flow on the server. */
    List<Listed> flows() throws Failure, InterruptedException {
        JsonNode body;
        try {
            body = get("/api/v1/flows");
        } catch (Failure f) {
            if (f.status == 404) {
                throw new Failure(f.status, f.code, f.reason,
                        f.getMessage() + "; is --server the base URL of a"
                                + " Weft server (http://host:8080, without /api/v1)?",
                        f.details);
            }
            throw f;
        }
        List<Listed> flows = new ArrayList<>();
        for (JsonNode f : body.path("flows")) {
            flows.add(
                    new Listed(f.path("namespace").asText(), f.path("id").asText(), f.path("version").asInt(),
                            f.path("sha256").asText()));
        }
        return flows;
    }

    /** The latest version of a flow with its source, or empty when the server has no such flow. */
    Optional<Remote> latest(String namespace, String id) throws Failure, InterruptedException {
        try {
            JsonNode body = get(flowPath(namespace, id));
            return Optional.of(new Remote(body.path("version").asInt(), body.path("source").asText()));
        } catch (Failure f) {
            if (f.status == 404 && "not_found".equals(f.code)) {
                return Optional.empty();
            }
            throw f;
        }
    }

    /** Deploys a flow's source; the server creates a version unless the source is unchanged. */
    Deployed deploy(String namespace, String id, String source, boolean json)
            throws Failure, InterruptedException {
        JsonNode body = put(flowPath(namespace, id), source, json ? "application/json" : "application/yaml");
        return new Deployed(body.path("version").asInt(), body.path("created").asBoolean());
    }

    /**
     * {@code PUT path} with {@code text} as {@code contentType} (a file deployed as it is): the answer's JSON
     * object.
     *
     * @throws Failure when the server refused or could not be reached
     */
    JsonNode put(String path, String text, String contentType) throws Failure, InterruptedException {
        return call(request(path).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build());
    }

    private static String flowPath(String namespace, String id) {
        // Flow names are [a-z0-9_-], nothing to escape.
        return "/api/v1/flows/" + namespace + "/" + id;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + key);
    }

    private JsonNode call(HttpRequest request) throws Failure, InterruptedException {
        String what = request.method() + " " + request.uri().getPath();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new Failure("cannot connect to the server at " + base + " within " + seconds(
                    timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
                    + "; check --server (or WEFT_SERVER) and that the server is running");
        } catch (HttpTimeoutException e) {
            throw new Failure(
                    "the server at " + base + " did not answer " + what + " within " + seconds(timeout)
                            + "; try again, or give it longer with --timeout");
        } catch (ConnectException e) {
            throw new Failure("cannot connect to the server at " + base
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                    + ": is the Weft server running there? Check --server (or WEFT_SERVER)");
        } catch (IOException e) {
            throw new Failure("cannot talk to the server at " + base + " (" + what + "): " + e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300 && body != null && body.isObject()) {
            return body;
        }
        if (status == 204 && response.body().isEmpty()) {
            return null;
        }
        if (body != null && body.path("error").isTextual() && body.path("message").isTextual()) {
            List<JsonNode> details = new ArrayList<>();
            body.path("details").forEach(details::add);
            String code = body.get("error").asText();
            String reason = body.get("message").asText();
            String message = status == 401
                    ? "the server at " + base + " refused the API key (" + reason + "). Give the right key in"
                            + " WEFT_API_KEY or with --key-file; a server's first admin key is its"
                            + " WEFT_ADMIN_API_KEY, or the file admin-api-key in its data directory"
                    : "the server at " + base + " answered " + status + " " + code + " to " + what + ": "
                            + reason + (status == 404 && reason.startsWith("no route for")
                                    ? "; is --server the base URL of a Weft server (without /api/v1), of a"
                                            + " version that has this API?"
                                    : "");
            throw new Failure(status, code, reason, message, details);
        }
        String redirect = response.headers().firstValue("Location").orElse(null);
        throw new Failure(status, null, null, "the server at " + base + " answered " + status + " to " + what
                + ", which is not an answer of the Weft API; "
                + (status >= 300 && status < 400 && redirect != null
                        ? "it redirects to " + redirect + ": give that server's base URL as --server"
                        : "is --server the base URL of a Weft server (http://host:8080, without /api/v1)?"),
                List.of());
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void close() {
        http.close();
    }
}
