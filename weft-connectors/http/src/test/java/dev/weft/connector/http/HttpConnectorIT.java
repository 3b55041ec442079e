package dev.weft.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.SystemClient;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Credential;
import dev.weft.engine.blob.StoredBlobs;
import dev.weft.testkit.blob.GeneratedBytes;
import dev.weft.testkit.blob.TestBlobs;
import dev.weft.testkit.connector.TestEgress;
import dev.weft.testkit.connector.TestSystem;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls a real HTTP server on 127.0.0.1, started by the test. */
class HttpConnectorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CountDownLatch NEVER_BEFORE_TEARDOWN = new CountDownLatch(1);
    private static final CountDownLatch TRICKLE_STARTED = new CountDownLatch(1);
    /** Several MiB: more than any one buffer or chunk on the way. */
    private static final long DOWNLOAD_SIZE = 6L * 1024 * 1024 + 5;
    private static HttpServer server;
    private static ExecutorService executor;
    private static String base;
    private static final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    private final HttpConnector http = new HttpConnector();
    private static SystemClient client;

    @BeforeAll
    static void startServer() throws IOException, ConnectorException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            respond(exchange, 404, "text/plain", "no such path");
        });
        server.createContext("/echo", HttpConnectorIT::echo);
        server.createContext("/status/", exchange -> {
            int status = Integer.parseInt(exchange.getRequestURI().getPath().substring("/status/".length()));
            respond(exchange, status, "text/plain", "status " + status + " body");
        });
        server.createContext("/throttled", exchange -> { // as GitHub documents its primary rate limit
            exchange.getResponseHeaders().set("Retry-After", "7");
            respond(exchange, 429, "application/json", "{\"message\": \"API rate limit exceeded\"}");
        });
        server.createContext("/spent", exchange -> {
            exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
            exchange.getResponseHeaders().set("X-RateLimit-Reset",
                    Long.toString(java.time.Instant.now().getEpochSecond() + 120));
            respond(exchange, 403, "application/json", "{\"message\": \"API rate limit exceeded\"}");
        });
        server.createContext("/busy", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "3");
            respond(exchange, 503, "text/plain", "maintenance");
        });
        server.createContext("/text",
                exchange -> respond(exchange, 200, "text/plain; charset=utf-8", "héllo"));
        server.createContext("/multi", exchange -> {
            exchange.getResponseHeaders().add("X-Many", "a");
            exchange.getResponseHeaders().add("X-Many", "b");
            respond(exchange, 200, "application/problem+json", "{\"ok\": true}");
        });
        server.createContext("/download", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/pdf");
            exchange.sendResponseHeaders(200, DOWNLOAD_SIZE);
            try (var out = exchange.getResponseBody(); var in = GeneratedBytes.stream(DOWNLOAD_SIZE, 4)) {
                in.transferTo(out);
            }
        });
        server.createContext("/upload", exchange -> {
            ObjectNode seen = JSON.createObjectNode();
            seen.put("method", exchange.getRequestMethod());
            seen.put("sha256", GeneratedBytes.sha256(exchange.getRequestBody()));
            ObjectNode headers = seen.putObject("headers");
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            respond(exchange, 200, "application/json", seen.toString());
        });
        server.createContext("/trickle", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 1_000_000);
            var out = exchange.getResponseBody();
            out.write(new byte[1000]);
            out.flush();
            TRICKLE_STARTED.countDown();
            try {
                NEVER_BEFORE_TEARDOWN.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                NEVER_BEFORE_TEARDOWN.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "text/plain", "late");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        client = PlatformHttp.open(TestSystem.named("it"));
    }

    @AfterAll
    static void stopServer() {
        NEVER_BEFORE_TEARDOWN.countDown();
        client.close();
        server.stop(0);
        executor.shutdownNow();
    }

    private static void echo(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        ObjectNode seen = JSON.createObjectNode();
        seen.put("method", exchange.getRequestMethod());
        seen.put("path", exchange.getRequestURI().getPath());
        seen.put("query", exchange.getRequestURI().getRawQuery());
        ObjectNode headers = seen.putObject("headers");
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        respond(exchange, 200, "application/json", seen.toString());
    }

    private static void respond(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private JsonNode call(String input) throws Exception {
        return client.invoke(
                new Call("http.request", json(input), "ex-1/step-a", Duration.ofSeconds(10),
                        new Cancellation()));
    }

    @Test
    void getSendsTheQueryAndParsesAJsonBody() throws Exception {
        JsonNode out = call("{\"url\": \"" + base + "/echo?fixed=1\", \"query\": {\"q\": \"a b&c\", \"n\": 3,"
                + " \"on\": true, \"tag\": [\"x\", \"y\"], \"skip\": null}}");
        assertThat(out.get("status").intValue()).isEqualTo(200);
        assertThat(out.get("headers").get("content-type").textValue()).isEqualTo("application/json");
        JsonNode seen = out.get("body");
        assertThat(seen.get("method").textValue()).isEqualTo("GET");
        assertThat(seen.get("query").textValue()).isEqualTo("fixed=1&q=a%20b%26c&n=3&on=true&tag=x&tag=y");
        assertThat(seen.get("headers").has("idempotency-key")).isFalse();
    }

    @Test
    void postSendsJsonWithTheInvocationsIdempotencyKey() throws Exception {
        String input = "{\"method\": \"post\", \"url\": \"" + base
                + "/echo\", \"headers\": {\"X-Trace\": \"t1\"},"
                + " \"body\": {\"amount\": 42, \"items\": [1, 2]}}";
        JsonNode first = call(input).get("body");
        JsonNode again = call(input).get("body");
        assertThat(first.get("method").textValue()).isEqualTo("POST");
        assertThat(json(first.get("body").textValue()))
                .isEqualTo(json("{\"amount\": 42, \"items\": [1, 2]}"));
        assertThat(first.get("headers").get("content-type").textValue()).isEqualTo("application/json");
        assertThat(first.get("headers").get("x-trace").textValue()).isEqualTo("t1");
        assertThat(first.get("headers").get("idempotency-key").textValue()).isEqualTo("ex-1/step-a");
        assertThat(again.get("headers").get("idempotency-key").textValue()).isEqualTo("ex-1/step-a");
        // the response comes back as the server sent it: nothing asks for (and decodes) compression
        assertThat(first.get("headers").has("accept-encoding")).as(first.toString()).isFalse();
    }

    @Test
    void aGivenIdempotencyKeyOrContentTypeIsKept() throws Exception {
        JsonNode seen = call(
                "{\"method\": \"PUT\", \"url\": \"" + base + "/echo\", \"headers\": {\"idempotency-key\":"
                        + " \"mine\", \"Content-Type\": \"text/csv\"}, \"body\": \"a,b\\n1,2\"}")
                .get("body");
        assertThat(seen.get("headers").get("idempotency-key").textValue()).isEqualTo("mine");
        assertThat(seen.get("headers").get("content-type").textValue()).isEqualTo("text/csv");
        assertThat(seen.get("body").textValue()).isEqualTo("a,b\n1,2");
    }

    @Test
    void textResponsesAreText() throws Exception {
        JsonNode out = call("{\"url\": \"" + base + "/text\"}");
        assertThat(out.get("body").textValue()).isEqualTo("héllo");
    }

    @Test
    void repeatedHeadersAreJoinedAndJsonSubtypesParsed() throws Exception {
        JsonNode out = call("{\"url\": \"" + base + "/multi\"}");
        assertThat(out.get("headers").get("x-many").textValue()).isEqualTo("a, b");
        assertThat(out.get("body")).isEqualTo(json("{\"ok\": true}"));
    }

    @Test
    void serverErrorsAreRetryable() {
        assertThatThrownBy(() -> call("{\"url\": \"" + base + "/status/500?token=secret\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.code()).isEqualTo("http.status");
                    assertThat(e.getMessage()).isEqualTo("GET " + base + "/status/500 returned status 500")
                            .doesNotContain("secret");
                    assertThat(e.details().get("status").intValue()).isEqualTo(500);
                    assertThat(e.details().get("body").textValue()).isEqualTo("status 500 body");
                });
        for (int status : new int[]{408, 425, 429, 503}) {
            assertThatThrownBy(() -> call("{\"url\": \"" + base + "/status/" + status + "\"}"))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.retryable()).isTrue());
        }
    }

    @Test
    void aRateLimitRefusalSaysSoAndHowLongToWait() {
        assertThatThrownBy(() -> call("{\"url\": \"" + base + "/throttled\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(7));
                    assertThat(e.code()).isEqualTo("http.status");
                    assertThat(e.getMessage()).contains("its rate limit", "wait 7 s");
                });
        assertThatThrownBy(() -> call("{\"url\": \"" + base + "/spent\"}"))
                .as("a 403 with the window spent").isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.retryAfter().orElseThrow().toSeconds()).isBetween(100L, 121L);
                });
        assertThatThrownBy(() -> call("{\"url\": \"" + base + "/busy\"}"))
                .as("a 503 is a failure, with the wait it asks")
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.rateLimited()).isFalse();
                    assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(3));
                });
    }

    @Test
    void clientErrorsArePermanent() {
        assertThatThrownBy(() -> call("{\"method\": \"DELETE\", \"url\": \"" + base + "/status/404\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage())
                            .isEqualTo("DELETE " + base + "/status/404 returned status 404");
                });
        assertThatThrownBy(() -> call("{\"url\": \"" + base + "/status/401\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.code()).isEqualTo("http.status");
                    assertThat(e.details().get("status").intValue()).isEqualTo(401);
                });
        assertThatThrownBy(() -> call("{\"url\": \"" + base + "/status/302\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("redirects are not followed");
                });
    }

    @Test
    void timeoutsAreRetryable() {
        assertThatThrownBy(
                () -> client.invoke(new Call("http.request", json("{\"url\": \"" + base + "/slow\"}"),
                        "k", Duration.ofMillis(200), new Cancellation())))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.code()).isEqualTo("http.timeout");
                });
        assertThatThrownBy(() -> call("{\"url\": \"" + base + "/slow\", \"timeout\": 100}"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("http.timeout"));
    }

    @Test
    void refusedConnectionsAreRetryable() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> call("{\"url\": \"http://127.0.0.1:" + closedPort + "/\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.code()).isEqualTo("http.io");
                });
    }

    @Test
    void invalidInputIsPermanentAndNamesTheField() {
        List<String[]> cases = List.of(
                new String[]{"{\"method\": \"BREW\", \"url\": \"http://127.0.0.1/\"}", "'method'"},
                new String[]{"{\"url\": \"ftp://127.0.0.1/x\"}", "'url'"},
                new String[]{"{\"url\": \"/relative\"}", "'url'"},
                new String[]{"{}", "'url'"}, new String[]{"{\"path\": \"/orders\"}", "baseUrl"},
                new String[]{"{\"url\": \"http://user:pw@127.0.0.1/\"}", "credential"},
                new String[]{"{\"url\": \"http://127.0.0.1/\", \"headers\": {\"X\": 1}}", "'headers.X'"},
                new String[]{"{\"url\": \"http://127.0.0.1/\", \"query\": {\"q\": {\"a\": 1}}}", "'query.q'"},
                new String[]{"{\"url\": \"http://127.0.0.1/\", \"timeout\": \"soon\"}", "'timeout'"},
                new String[]{"{\"url\": \"http://127.0.0.1/\", \"method\": 5}", "'method'"},
                new String[]{"{\"url\": \"http://127.0.0.1/\", \"headers\": {\"Host\": \"evil\"}}",
                        "'headers.Host'"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> call(c[0])).as(c[0]).isInstanceOfSatisfying(ConnectorException.class,
                    e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains(c[1]);
                    });
        }
    }

    @Test
    void aPathGoesUnderTheSystemsBaseUrlAndAnotherOriginIsRefused() throws Exception {
        try (SystemClient system = PlatformHttp.open(TestSystem.named("api")
                .withConfig(json("{\"baseUrl\": \"" + base + "/echo/v2/\"}")))) {
            JsonNode seen = system.invoke(new Call("http.request", json("{\"path\": \"/customers/42\"}"), "k",
                    Duration.ofSeconds(10), new Cancellation())).get("body");
            assertThat(seen.get("path").textValue()).isEqualTo("/echo/v2/customers/42");
            assertThatThrownBy(() -> system.invoke(new Call("http.request",
                    json("{\"url\": \"http://localhost:1/elsewhere\"}"), "k", Duration.ofSeconds(10),
                    new Cancellation())))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'url'").contains("baseUrl");
                    });
        }
    }

    @Test
    void egressRulesAreCheckedBeforeAnythingIsSentAndAtConnectTime() throws Exception {
        int before = requests.get();
        try (SystemClient refusing = PlatformHttp
                .open(TestSystem.named("none").withEgress(TestEgress.REFUSE_ALL))) {
            assertThatThrownBy(() -> refusing.invoke(new Call("http.request",
                    json("{\"url\": \"" + base + "/echo\"}"), "k", Duration.ofSeconds(10),
                    new Cancellation())))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("egress.refused");
                        assertThat(e.retryable()).isFalse();
                    });
        }
        // A name that passes the URI check but resolves to an address the rules refuse.
        dev.weft.connector.Egress onlyNames = new dev.weft.connector.Egress() {
            @Override
            public void checkUri(java.net.URI uri) {
            }

            @Override
            public void checkAddress(String host, java.net.InetAddress address) throws IOException {
                throw new IOException("refused " + address.getHostAddress() + " for " + host);
            }
        };
        try (SystemClient atConnect = PlatformHttp.open(TestSystem.named("connect").withEgress(onlyNames))) {
            assertThatThrownBy(() -> atConnect.invoke(new Call("http.request",
                    json("{\"url\": \"http://localhost:" + server.getAddress().getPort() + "/echo\"}"), "k",
                    Duration.ofSeconds(10), new Cancellation())))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("egress.refused");
                        assertThat(e.getMessage()).contains("refused 127.0.0.1 for localhost");
                    });
        }
        assertThat(requests.get()).as("requests that reached the server").isEqualTo(before);
    }

    private static JsonNode call(SystemClient client, String input, Duration timeout,
            Cancellation cancellation)
            throws Exception {
        return client.invoke(new Call("http.request", json(input), "ex-1/step-b", timeout, cancellation));
    }

    @Test
    void aMultiMegabyteBinaryBodyIsStreamedIntoTheBlobStoreAndReadsBackExactly(@TempDir Path dir)
            throws Exception {
        StoredBlobs blobs = TestBlobs.in(dir);
        try (SystemClient system = PlatformHttp.open(TestSystem.named("files").withBlobs(blobs))) {
            JsonNode out = call(system, "{\"url\": \"" + base + "/download\", \"response\": \"blob\"}",
                    Duration.ofSeconds(30), new Cancellation());

            assertThat(out.get("status").intValue()).isEqualTo(200);
            assertThat(out.at("/headers/content-type").textValue()).isEqualTo("application/pdf");
            BlobRef ref = BlobRef.fromJson(out.get("body"));
            assertThat(ref).isEqualTo(new BlobRef(GeneratedBytes.sha256(DOWNLOAD_SIZE, 4), DOWNLOAD_SIZE,
                    "application/pdf"));
            assertThat(out.get("body")).isEqualTo(ref.toJson());
            try (InputStream stored = blobs.open(ref)) {
                assertThat(GeneratedBytes.sha256(stored)).isEqualTo(ref.hash());
            }
        }
    }

    @Test
    void aBlobIsSentAsTheRequestBodyWithItsLengthAndType(@TempDir Path dir) throws Exception {
        StoredBlobs blobs = TestBlobs.in(dir);
        long size = 3L * 1024 * 1024 + 1;
        BlobRef ref = blobs.put(GeneratedBytes.stream(size, 8), "application/zip");
        try (SystemClient system = PlatformHttp.open(TestSystem.named("files").withBlobs(blobs))) {
            JsonNode seen = call(system,
                    "{\"method\": \"PUT\", \"url\": \"" + base + "/upload\", \"bodyBlob\": "
                            + ref.toJson() + "}",
                    Duration.ofSeconds(30), new Cancellation()).get("body");

            assertThat(seen.get("sha256").textValue()).isEqualTo(ref.hash());
            assertThat(seen.at("/headers/content-length").textValue()).isEqualTo(Long.toString(size));
            assertThat(seen.at("/headers/content-type").textValue()).isEqualTo("application/zip");
            assertThat(seen.at("/headers/idempotency-key").textValue()).isEqualTo("ex-1/step-b");

            JsonNode typed = call(system, "{\"method\": \"POST\", \"url\": \"" + base + "/upload\","
                    + " \"headers\": {\"Content-Type\": \"application/x-custom\"}, \"bodyBlob\": "
                    + ref.toJson()
                    + "}", Duration.ofSeconds(30), new Cancellation()).get("body");
            assertThat(typed.at("/headers/content-type").textValue()).isEqualTo("application/x-custom");
            assertThat(typed.get("sha256").textValue()).isEqualTo(ref.hash());
        }
    }

    @Test
    void aDownloadedBlobGoesBackOutUnchanged(@TempDir Path dir) throws Exception {
        StoredBlobs blobs = TestBlobs.in(dir);
        try (SystemClient system = PlatformHttp.open(TestSystem.named("files").withBlobs(blobs))) {
            JsonNode downloaded = call(system, "{\"url\": \"" + base + "/download\", \"response\": \"blob\"}",
                    Duration.ofSeconds(30), new Cancellation()).get("body");
            JsonNode uploaded = call(system, "{\"method\": \"POST\", \"url\": \"" + base
                    + "/upload\", \"bodyBlob\": " + downloaded + ", \"response\": \"blob\"}",
                    Duration.ofSeconds(30), new Cancellation()).get("body");

            // The answer too went into the blob store: the server's JSON, by reference.
            try (InputStream answer = blobs.open(BlobRef.fromJson(uploaded))) {
                JsonNode seen = JSON.readTree(answer);
                assertThat(seen.get("sha256").textValue()).isEqualTo(GeneratedBytes.sha256(DOWNLOAD_SIZE, 4));
            }
            assertThat(BlobRef.fromJson(uploaded).contentType()).isEqualTo("application/json");
        }
    }

    @Test
    void aDownloadOverTheBlobLimitFailsNamingTheSetting(@TempDir Path dir) {
        try (SystemClient system = PlatformHttp
                .open(TestSystem.named("files").withBlobs(TestBlobs.in(dir, 1024 * 1024)))) {
            assertThatThrownBy(
                    () -> call(system, "{\"url\": \"" + base + "/download\", \"response\": \"blob\"}",
                            Duration.ofSeconds(30), new Cancellation()))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("blob.too_large");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("blobs.maxSize");
                    });
            // Refused on its Content-Length: nothing was spooled.
            assertThat(dir.resolve("spool")).doesNotExist();
        } catch (ConnectorException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anErrorStatusIsTheStepsErrorAndNoBlob() {
        assertThatThrownBy(() -> call("{\"url\": \"" + base + "/status/503\", \"response\": \"blob\"}"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("http.status");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.details().get("body").textValue()).isEqualTo("status 503 body");
                });
    }

    @Test
    void aStalledDownloadTimesOutAndACancelledOneEnds() throws Exception {
        assertThatThrownBy(() -> client.invoke(new Call("http.request",
                json("{\"url\": \"" + base + "/trickle\", \"response\": \"blob\"}"), "k",
                Duration.ofMillis(300),
                new Cancellation())))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("http.timeout");
                    assertThat(e.retryable()).isTrue();
                });

        Cancellation cancellation = new Cancellation();
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return call(client, "{\"url\": \"" + base + "/trickle\", \"response\": \"blob\"}",
                        Duration.ofMinutes(5), cancellation);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        TRICKLE_STARTED.await();
        cancellation.cancel("the execution was cancelled");
        assertThatThrownBy(running::join).hasCauseInstanceOf(ConnectorException.class);
    }

    @Test
    void badBlobInputsArePermanentAndNameTheField(@TempDir Path dir) throws Exception {
        StoredBlobs blobs = TestBlobs.in(dir);
        BlobRef stored = blobs.put(GeneratedBytes.stream(10, 1), null);
        String unknown = new BlobRef(GeneratedBytes.sha256(11, 1), 11, null).toJson().toString();
        List<String[]> cases = List.of(
                new String[]{"{\"url\": \"" + base + "/echo\", \"response\": \"pdf\"}", "'response'",
                        "http.input"},
                new String[]{
                        "{\"method\": \"POST\", \"url\": \"" + base + "/echo\", \"body\": {}, \"bodyBlob\": "
                                + stored.toJson() + "}",
                        "'bodyBlob' cannot be given with 'body'", "http.input"},
                new String[]{
                        "{\"method\": \"POST\", \"url\": \"" + base
                                + "/echo\", \"bodyBlob\": {\"$blob\": 1}}",
                        "'bodyBlob' is not a blob reference", "http.input"},
                new String[]{
                        "{\"method\": \"POST\", \"url\": \"" + base + "/echo\", \"bodyBlob\": " + unknown
                                + "}",
                        "no blob", "blob.not_found"});
        int before = requests.get();
        try (SystemClient system = PlatformHttp.open(TestSystem.named("files").withBlobs(blobs))) {
            for (String[] c : cases) {
                assertThatThrownBy(() -> call(system, c[0], Duration.ofSeconds(10), new Cancellation()))
                        .as(c[0])
                        .isInstanceOfSatisfying(ConnectorException.class, e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.code()).isEqualTo(c[2]);
                            assertThat(e.getMessage()).contains(c[1]);
                        });
            }
        }
        try (SystemClient signed = PlatformHttp.open(TestSystem.named("signed").withBlobs(blobs)
                .withCredential(new Credential.Hmac("k1", "s3cret-hmac-key", "HmacSHA256", "X-Signature")))) {
            assertThatThrownBy(() -> call(signed, "{\"method\": \"POST\", \"url\": \"" + base
                    + "/echo\", \"bodyBlob\": " + stored.toJson() + "}", Duration.ofSeconds(10),
                    new Cancellation()))
                    .isInstanceOfSatisfying(ConnectorException.class,
                            e -> assertThat(e.getMessage()).contains("HMAC")
                                    .doesNotContain("s3cret-hmac-key"));
        }
        assertThat(requests.get()).as("requests that reached the server").isEqualTo(before);
    }

    @Test
    void theDeclarationNamesItsOperationsAndTrigger() {
        assertThat(http.spec().id()).isEqualTo("http");
        assertThat(http.spec().operations())
                .extracting(op -> op.name() + (op.idempotent() ? " (idempotent)" : ""))
                .containsExactly("http.request", "http.paginate (idempotent)", "http.graphql (idempotent)",
                        "http.graphql_mutation");
        assertThat(http.spec().triggers()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("http.poll");
            assertThat(t.kind()).isEqualTo(dev.weft.connector.TriggerKind.POLLING);
        });
    }
}
