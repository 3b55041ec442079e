package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's must-hold on egress and credentials, with a real {@code weft server} process: without an
 * allowlist, systems on loopback or the cloud metadata address are refused and nothing is sent; with
 * {@code WEFT_EGRESS_ALLOW=127.0.0.0/8}, a bearer credential is injected into the call, through the API
 * and from a flow's call step, and appears nowhere else: not in an API answer, not in execution data,
 * not in plaintext under the data directory, not in the log.
 */
class GatewayEgressIT {
    private static final String TOKEN = "canary-bearer-4e8f1a2b9c3d7e6f";

    @TempDir
    Path dir;
    LocalServer target;

    @BeforeEach
    void start() throws IOException {
        target = new LocalServer();
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private ServerProcess server(String allow) throws Exception {
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "server: {port: 0}\nlog: {format: text}\n");
        return ServerProcess.start(config, dir.resolve("data"), dir.resolve("server.log"),
                Map.of("WEFT_EGRESS_ALLOW", allow, "WEFT_LOG_LEVEL", "DEBUG"));
    }

    private static void put(ServerProcess server, String path, String json) throws Exception {
        HttpResponse<String> r = server.call("PUT", path, json, "application/json");
        assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 201);
    }

    private void system(ServerProcess server, String id, String baseUrl) throws Exception {
        // Both systems of a test share the token (named in it: a credential goes to the systems it names)
        put(server, "/api/v1/credentials/crm-token", "{\"type\": \"bearer\", \"token\": \"" + TOKEN
                + "\", \"systems\": \"local,metadata,crm\"}");
        put(server, "/api/v1/systems/" + id,
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"" + baseUrl
                        + "\"}, \"credential\": \"crm-token\"}");
    }

    @Test
    void withoutAnAllowlistLoopbackAndTheMetadataAddressAreRefusedAndNothingIsSent() throws Exception {
        try (ServerProcess server = server("")) {
            system(server, "local", target.url());
            system(server, "metadata", "http://169.254.169.254");

            HttpResponse<String> local = server.call("POST", "/api/v1/systems/local/operations/http.request",
                    "{\"path\": \"/customers\"}", "application/json");
            HttpResponse<String> metadata = server.call("POST",
                    "/api/v1/systems/metadata/operations/http.request", "{\"path\": \"/latest/meta-data/\"}",
                    "application/json");

            assertThat(local.statusCode()).as(local.body()).isEqualTo(502);
            assertThat(ServerProcess.JSON.readTree(local.body()).get("error").asText())
                    .isEqualTo("egress.refused");
            assertThat(local.body()).contains("127.0.0.1", "loopback", "WEFT_EGRESS_ALLOW");
            assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(502);
            assertThat(metadata.body()).contains("egress.refused", "169.254.169.254");
            assertThat(target.requests()).as("requests that reached the target").isEmpty();
        }
    }

    @Test
    void withLoopbackAllowedTheBearerTokenIsInjectedAndAppearsNowhereElse() throws Exception {
        String execution;
        List<String> answers;
        try (ServerProcess server = server("127.0.0.0/8")) {
            system(server, "crm", target.url() + "/api");
            HttpResponse<String> direct = server.call("POST", "/api/v1/systems/crm/operations/http.request",
                    "{\"method\": \"POST\", \"path\": \"/customers\", \"body\": {\"name\": \"Ada\"}}",
                    "application/json");
            assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
            assertThat(ServerProcess.JSON.readTree(direct.body()).at("/body/path").asText())
                    .isEqualTo("/api/customers");

            HttpResponse<String> flow = server.call("PUT", "/api/v1/flows/crm/sync", """
                    id: sync
                    namespace: crm
                    steps:
                      - {id: fetch, type: call, system: crm, operation: http.request, with: {path: /orders/7}}
                    """, "application/yaml");
            assertThat(flow.statusCode()).as(flow.body()).isEqualTo(201);
            execution = server.startExecution("crm", "sync", "{}");
            server.awaitTrue(() -> server.status(execution).equals("succeeded"));

            assertThat(target.requests()).extracting(LocalServer.Request::path)
                    .containsExactly("/api/customers", "/api/orders/7");
            assertThat(target.requests()).allSatisfy(
                    r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
            answers = List.of(direct.body(), server.get("/api/v1/credentials/crm-token").toString(),
                    server.get("/api/v1/credentials").toString(),
                    server.get("/api/v1/systems/crm").toString(),
                    server.get("/api/v1/systems").toString(),
                    server.get("/api/v1/executions/" + execution).toString());
        }
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(TOKEN));
        assertThat(Files.readString(dir.resolve("server.log"))).contains("egress").doesNotContain(TOKEN);
        byte[] canary = TOKEN.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(indexOf(Files.readAllBytes(f), canary)).as(f + " holds the token in plaintext")
                        .isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
