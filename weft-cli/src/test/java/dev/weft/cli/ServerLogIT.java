package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Base64;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import dev.weft.webhooks.StandardWebhooksSpec;
import dev.weft.webhooks.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log.format: json}: the server writes one JSON object per line, an execution's lines with its id. */
class ServerLogIT {
    @TempDir
    Path dir;

    @Test
    void jsonLinesOfAnExecutionCarryItsId() throws Exception {
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "server: {port: 0}\nlog: {format: json}\n");
        String id;
        ServerProcess server = ServerProcess.start(config, dir.resolve("data"), dir.resolve("server.log"));
        try (server) {
            assertThat(server.call("PUT", "/api/v1/flows/ops/broken", """
                    id: broken
                    namespace: ops
                    steps: [{id: stop, type: fail, message: "out of stock"}]
                    """, "application/yaml").statusCode()).isEqualTo(201);
            id = server.startExecution("ops", "broken", "{}");
            server.awaitTrue(() -> server.status(id).equals("failed"));
            server.awaitTrue(() -> server.log().contains("execution " + id + " of flow ops"));
        }

        List<JsonNode> lines = new ArrayList<>();
        // The other lines are the command's own start line and the JVM's warnings, on standard error.
        for (String line : server.log().lines().filter(l -> l.startsWith("{")).toList()) {
            lines.add(ServerProcess.JSON.readTree(line));
        }
        assertThat(lines)
                .anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).contains("listening"));
        JsonNode failed = lines.stream().filter(l -> l.path("formattedMessage").asText().contains("failed: "))
                .findFirst().orElseThrow();
        assertThat(failed.get("level").asText()).isEqualTo("INFO");
        assertThat(failed.at("/mdc/executionId").asText()).isEqualTo(id);
        assertThat(failed.at("/mdc/flow").asText()).isEqualTo("ops/broken");
        assertThat(failed.get("formattedMessage").asText()).contains("flow.fail", "at step stop")
                .doesNotContain("out of stock");
    }

    @Test
    void noSecretReachesTheLogEvenAtDebug() throws Exception {
        String hookSecret = "whsec_" + Base64.getEncoder().encodeToString(
                "canary-hook-5c0ffee-9d2b71".getBytes(StandardCharsets.UTF_8));
        String password = "canary-pass-77e1b0c4a9";
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "server: {port: 0}\nlog: {format: json}\n");
        ServerProcess server = ServerProcess.start(config, dir.resolve("data"), dir.resolve("server.log"),
                Map.of("WEFT_LOG_LEVEL", "DEBUG"));
        try (server) {
            assertThat(server.call("PUT", "/api/v1/credentials/hook-secret",
                    "{\"type\":\"secret\",\"value\":\"" + hookSecret + "\"}", "application/json")
                    .statusCode()).isEqualTo(201);
            assertThat(server.call("PUT", "/api/v1/credentials/erp",
                    "{\"type\":\"basic\",\"username\":\"ann\",\"pasword\":\"" + password + "\"}",
                    "application/json").statusCode()).isEqualTo(400);
            assertThat(server.call("PUT", "/api/v1/credentials/erp",
                    "{\"type\":\"basic\",\"username\":\"ann\",\"password\":\"" + password + "\"}",
                    "application/json").statusCode()).isEqualTo(201);
            assertThat(server.call("PUT", "/api/v1/flows/ops/hook",
                    """
                            id: hook
                            namespace: ops
                            triggers:
                              - {type: webhook, path: in, verify: {scheme: standard-webhooks, credential: hook-secret}}
                            steps: [{id: echo, type: transform, output: "{{ trigger.body }}"}]
                            """,
                    "application/yaml").statusCode()).isEqualTo(201);
            byte[] body = "{\"n\": 1}".getBytes(StandardCharsets.UTF_8);
            var signature = WebhookSigner.of(new StandardWebhooksSpec("hook-secret")).sign("msg-1",
                    Instant.now(), body, List.of(hookSecret.getBytes(StandardCharsets.UTF_8)));
            assertThat(deliver(server, signature.headers(), body).statusCode()).isEqualTo(202);
            assertThat(deliver(server, signature.headers(), "{\"n\": 2}".getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(401);
            server.awaitTrue(() -> server.log().contains("succeeded"));
        }

        assertThat(server.log()).contains("DEBUG").doesNotContain(hookSecret)
                .doesNotContain(hookSecret.substring("whsec_".length())).doesNotContain(password);
    }

    private static java.net.http.HttpResponse<String> deliver(ServerProcess server,
            Map<String, String> headers,
            byte[] body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/hooks/ops/in")))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
