package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary secrets of every kind, through a real {@code weft server} logging at DEBUG: a credential (sent to a
 * target that echoes the request back), an API key, a user's password (also a wrong one), a session token
 * and a CSRF token. None may appear, as written, URL-encoded or in Base64, in the log, in any answer of the
 * API, in a step's output or the audit log, or in a file of the data directory.
 */
class CanarySecretsIT {
    private static final String TOKEN = "canary-bearer-token-3c9e1f7a";
    private static final String PASSWORD = "canary password 8d2b6f0e41";
    private static final String WRONG_PASSWORD = "canary wrong password 5a7c3e9b";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static HttpResponse<String> send(ServerProcess server, String method, String path, String body,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> forms(String secret) {
        return List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noSecretOfAnyKindLeavesWhereItBelongs() throws Exception {
        HttpServer echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/echo", exchange -> {
            StringBuilder all = new StringBuilder("{\"headers\": \"");
            exchange.getRequestHeaders().forEach((k, v) -> all.append(k).append('=').append(v).append(' '));
            byte[] bytes = all.append("\"}").toString().replace("\n", " ").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        echo.start();
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "server: {port: 0}\n");
        Path data = dir.resolve("data");
        List<String> secrets = new ArrayList<>(List.of(TOKEN, PASSWORD, WRONG_PASSWORD));
        List<String> answers = new ArrayList<>();
        ServerProcess server = ServerProcess.start(config, data, dir.resolve("server.log"),
                Map.of("WEFT_LOG_LEVEL", "DEBUG"));
        try (server) {
            String admin = "Bearer " + ServerProcess.KEY;
            answers.add(server
                    .call("PUT", "/api/v1/credentials/echo-token", "{\"type\": \"bearer\", \"token\": \""
                            + TOKEN + "\"}", "application/json")
                    .body());
            answers.add(server.call("PUT", "/api/v1/systems/echo", "{\"connector\": \"http\", \"config\":"
                    + " {\"baseUrl\": \"http://127.0.0.1:" + echo.getAddress().getPort()
                    + "\"}, \"credential\":"
                    + " \"echo-token\"}", "application/json").body());
            answers.add(server.call("PUT", "/api/v1/flows/ops/echo", """
                    id: echo
                    namespace: ops
                    steps:
                      - { id: call, type: call, system: echo, operation: http.request, with: { path: /echo } }
                    """, "application/yaml").body());
            String execution = server.startExecution("ops", "echo", "{}");
            server.awaitTrue(() -> server.status(execution).equals("succeeded"));

            String created = send(server, "POST", "/api/v1/tenants/default/api-keys",
                    "{\"name\": \"ci\", \"role\":"
                            + " \"editor\"}",
                    Map.of("Authorization", admin)).body();
            // The answer that creates a key is the one place it is shown (as the login's is for its tokens).
            String key = ServerProcess.JSON.readTree(created).get("key").asText();
            secrets.add(key);
            answers.add(send(server, "GET", "/api/v1/flows", null, Map.of("Authorization", "Bearer " + key))
                    .body());
            answers.add(
                    send(server, "POST", "/api/v1/tenants/default/users",
                            "{\"login\": \"ann\", \"password\": \""
                                    + PASSWORD + "\", \"role\": \"viewer\"}",
                            Map.of("Authorization", admin)).body());
            answers.add(send(server, "POST", "/api/v1/auth/login", "{\"login\": \"ann\", \"password\": \""
                    + WRONG_PASSWORD + "\"}", Map.of()).body());
            HttpResponse<String> login = send(server, "POST", "/api/v1/auth/login", "{\"login\": \"ann\","
                    + " \"password\": \"" + PASSWORD + "\"}", Map.of());
            String csrf = ServerProcess.JSON.readTree(login.body()).get("csrfToken").asText();
            String session = login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("weft_session=")).findFirst().orElseThrow();
            session = session.substring("weft_session=".length(), session.indexOf(';'));
            secrets.add(session);
            secrets.add(csrf);
            Map<String, String> cookie = Map.of("Cookie", "weft_session=" + session, "X-CSRF-Token", csrf);
            answers.add(send(server, "GET", "/api/v1/auth/session", null, cookie).body());
            answers.add(send(server, "POST", "/api/v1/auth/logout", "{}", cookie).body());
            for (String path : List.of("/api/v1/executions/" + execution, "/api/v1/executions",
                    "/api/v1/flows",
                    "/api/v1/systems", "/api/v1/credentials", "/api/v1/events",
                    "/api/v1/tenants/default/api-keys",
                    "/api/v1/tenants/default/users", "/api/v1/audit/export?from=1h", "/health/detailed")) {
                answers.add(send(server, "GET", path, null, Map.of("Authorization", admin)).body());
            }
            assertThat(answers.get(answers.size() - 10)).contains("headers").contains("Authorization=");
        } finally {
            echo.stop(0);
        }

        String log = server.log();
        assertThat(log).contains("DEBUG");
        for (String secret : secrets) {
            for (String form : forms(secret)) {
                assertThat(log).as("the log holds a canary").doesNotContain(form);
                assertThat(answers).as("an answer holds a canary")
                        .allSatisfy(a -> assertThat(a).doesNotContain(form));
            }
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(content).as(file + " holds a canary").doesNotContain(secret)
                            .doesNotContain(Base64.getEncoder()
                                    .encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the data directory", e);
        }
    }
}
