package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.config.ConfigException;
import dev.weft.server.config.ServerSettings;
import com.sun.net.httpserver.HttpServer;
import dev.weft.testkit.blob.GeneratedBytes;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/blobs}: values uploaded and downloaded as streams, limited by {@code blobs.maxSize}. */
class BlobsApiTest {
    private static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;
    WeftServer server;

    private void start(long blobsMaxSize) throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withBlobsMaxSize(blobsMaxSize), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + ADMIN_KEY);
    }

    private HttpResponse<String> upload(HttpRequest.BodyPublisher body, String type) throws Exception {
        return HTTP.send(request("/api/v1/blobs").header("Content-Type", type).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMultiMegabyteValueUploadedAsAStreamDownloadsByteForByte() throws Exception {
        start(8L * 1024 * 1024);
        long size = 3L * 1024 * 1024 + 7;
        String hash = GeneratedBytes.sha256(size, 11);

        // No Content-Length: the body is sent chunked, as it is generated.
        HttpResponse<String> created = upload(
                HttpRequest.BodyPublishers.ofInputStream(() -> GeneratedBytes.stream(size, 11)),
                "application/pdf");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ref = JSON.readTree(created.body());
        assertThat(ref).isEqualTo(JSON.readTree(
                "{\"$blob\": \"" + hash + "\", \"size\": " + size
                        + ", \"contentType\": \"application/pdf\"}"));
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/blobs/" + hash);

        HttpResponse<InputStream> download = HTTP.send(request("/api/v1/blobs/" + hash).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(download.headers().firstValue("ETag")).contains("\"" + hash + "\"");
        try (InputStream body = download.body()) {
            assertThat(GeneratedBytes.sha256(body)).isEqualTo(hash);
        }

        HttpResponse<String> again = upload(HttpRequest.BodyPublishers.ofInputStream(
                () -> GeneratedBytes.stream(size, 11)), "application/pdf");
        assertThat(JSON.readTree(again.body())).isEqualTo(ref);
    }

    @Test
    void anUploadOverTheLimitIsRefusedNamingTheSetting() throws Exception {
        start(1024);
        HttpResponse<String> declared = upload(HttpRequest.BodyPublishers.ofByteArray(new byte[2000]),
                "application/octet-stream");
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("blob.too_large", "blobs.maxSize", "1024");

        HttpResponse<String> chunked = upload(HttpRequest.BodyPublishers.ofInputStream(
                () -> GeneratedBytes.stream(2000, 1)), "application/octet-stream");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("blobs.maxSize");

        HttpResponse<String> withinLimit = upload(HttpRequest.BodyPublishers.ofByteArray(new byte[1024]),
                "application/octet-stream");
        assertThat(withinLimit.statusCode()).as(withinLimit.body()).isEqualTo(201);
    }

    @Test
    void aBadMissingOrUnauthenticatedDownloadIsRefused() throws Exception {
        start(1024 * 1024);
        HttpResponse<String> bad = HTTP.send(request("/api/v1/blobs/invoice.pdf").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("blob.ref", "sha256:");

        String unknown = GeneratedBytes.sha256(5, 5);
        HttpResponse<String> missing = HTTP.send(request("/api/v1/blobs/" + unknown).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/api/v1/blobs/" + unknown)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> anonymousUpload = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/api/v1/blobs")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousUpload.statusCode()).isEqualTo(401);
    }

    @Test
    void aFlowDownloadsIntoTheBlobStoreAndSendsTheBlobOnByReference() throws Exception {
        long size = 2L * 1024 * 1024 + 3;
        String hash = GeneratedBytes.sha256(size, 21);
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/report.bin", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, size);
            try (var out = exchange.getResponseBody(); var in = GeneratedBytes.stream(size, 21)) {
                in.transferTo(out);
            }
        });
        stub.createContext("/archive", exchange -> {
            byte[] seen = ("{\"sha256\": \"" + GeneratedBytes.sha256(exchange.getRequestBody()) + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, seen.length);
            try (var out = exchange.getResponseBody()) {
                out.write(seen);
            }
        });
        stub.start();
        try {
            server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                    .withEgressAllow(java.util.List.of("127.0.0.1")), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY),
                    Clock.systemUTC());
            ServerCalls api = new ServerCalls(server.port(), ADMIN_KEY);
            api.deploy("files", "archive", """
                    id: archive
                    namespace: files
                    steps:
                      - id: download
                        type: call
                        operation: http.request
                        with: {url: "{{ input.from }}", response: blob}
                      - id: upload
                        type: call
                        operation: http.request
                        with: {method: PUT, url: "{{ input.to }}", bodyBlob: "{{ download.body }}"}
                    """);
            String base = "http://127.0.0.1:" + stub.getAddress().getPort();
            HttpResponse<String> started = api.call("POST", "/api/v1/flows/files/archive/executions",
                    "{\"from\": \"" + base + "/report.bin\", \"to\": \"" + base + "/archive\"}",
                    "application/json");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);

            JsonNode execution = api.awaitEnd(JSON.readTree(started.body()).get("id").asText(),
                    java.time.Duration.ofSeconds(60));

            assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
            assertThat(execution.at("/steps/0/output/body")).isEqualTo(JSON.readTree("{\"$blob\": \"" + hash
                    + "\", \"size\": " + size + ", \"contentType\": \"application/octet-stream\"}"));
            assertThat(execution.at("/steps/1/output/body/sha256").asText()).isEqualTo(hash);
            HttpResponse<InputStream> stored = HTTP.send(request("/api/v1/blobs/" + hash).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = stored.body()) {
                assertThat(GeneratedBytes.sha256(body)).isEqualTo(hash);
            }
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void theLimitIsConfiguredAsASize() throws Exception {
        assertThat(ServerSettings.parse("weft.yaml", "blobs:\n  maxSize: 64MiB\n", Map.of()).blobsMaxSize())
                .isEqualTo(64L * 1024 * 1024);
        assertThat(ServerSettings.parse("weft.yaml", "server:\n  port: 1\n", Map.of()).blobsMaxSize())
                .isEqualTo(256L * 1024 * 1024);
        assertThatThrownBy(() -> ServerSettings.parse("weft.yaml", "blobs:\n  maxSize: 0\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("blobs.maxSize");
        assertThatThrownBy(() -> ServerSettings.parse("weft.yaml", "blobs:\n  maxSize: lots\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("blobs.maxSize");
    }
}
