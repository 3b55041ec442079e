package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/auth/session} says what the caller may do, for a user and a key alike; and signing in
 * with an API key gives the browser a session cookie instead of the key, throttled and audited as a password
 * sign-in is.
 */
class SessionAndKeyLoginTest extends ServerFixture {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Session(String cookie, String csrfCookie, JsonNode body) {
    }

    private HttpResponse<String> login(String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Session signInWithKey(String key) throws Exception {
        HttpResponse<String> r = login("{\"apiKey\": \"" + key + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String session = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("weft_session="))
                .findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly", "SameSite=Lax");
        String csrf = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("weft_csrf="))
                .findFirst().orElseThrow();
        return new Session(session.substring(0, session.indexOf(';')), csrf.substring(0, csrf.indexOf(';')),
                ServerCalls.JSON.readTree(r.body()));
    }

    private HttpResponse<String> as(Session s, String method, String path, String body, String csrf)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Cookie", s.cookie() + (csrf == null ? "" : "; " + s.csrfCookie()))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type",
                    path.startsWith("/api/v1/flows/") ? "application/yaml" : "application/json");
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode newKey(String role, List<String> namespaces, Map<String, String> namespaceRoles)
            throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/tenants/default/api-keys", ServerCalls.JSON
                .writeValueAsString(Map.of("name", role + " key", "role", role, "namespaces", namespaces,
                        "namespaceRoles", namespaceRoles)),
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ServerCalls.JSON.readTree(r.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theSessionListsThePermissionsOfAViewerAndOfAnAdmin() throws Exception {
        JsonNode admin = api.get("/api/v1/auth/session");
        assertThat(admin.get("kind").asText()).isEqualTo("api-key");
        assertThat(admin.has("csrfToken")).isFalse();
        assertThat(texts(admin.get("permissions"))).contains("keys.write", "flows.write", "tenants.write",
                "events.read");
        String viewerKey = newKey("viewer", List.of(), Map.of("orders", "editor")).get("key").asText();
        JsonNode viewer = new ServerCalls(server.port(), viewerKey).get("/api/v1/auth/session");
        assertThat(viewer.get("role").asText()).isEqualTo("viewer");
        assertThat(texts(viewer.get("permissions"))).contains("flows.read", "executions.read", "events.read")
                .doesNotContain("flows.write", "executions.start", "keys.read", "audit.read");
        // In orders, its editor role adds what it may do to flows and executions there, and nothing else.
        assertThat(texts(viewer.get("namespacePermissions").get("orders"))).contains("flows.write",
                "executions.start", "flows.read").doesNotContain("systems.write", "keys.read");
        assertThat(viewer.get("namespacePermissions").size()).isEqualTo(1);
    }

    @Test
    void aKeySignsInToASessionThatActsAsTheKeyAndEndsWithIt() throws Exception {
        JsonNode editor = newKey("editor", List.of(), Map.of());
        Session s = signInWithKey(editor.get("key").asText());
        assertThat(s.body().get("actor").asText()).isEqualTo("api-key:" + editor.get("id").asText());
        assertThat(s.body().get("role").asText()).isEqualTo("editor");
        assertThat(s.body().toString()).doesNotContain(editor.get("key").asText());
        String csrf = s.body().get("csrfToken").asText();

        HttpResponse<String> me = as(s, "GET", "/api/v1/auth/session", null, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(ServerCalls.JSON.readTree(me.body()).get("kind").asText()).isEqualTo("api-key");
        assertThat(ServerCalls.JSON.readTree(me.body()).has("csrfToken")).isFalse();
        // With the CSRF cookie the page's script lost on a reload, it gets the token back.
        HttpResponse<String> reloaded = as(s, "GET", "/api/v1/auth/session", null, "ignored-header");
        assertThat(ServerCalls.JSON.readTree(reloaded.body()).get("csrfToken").asText()).isEqualTo(csrf);
        // Not to a page of another origin, which CORS might let read the answer: it could act with the session.
        for (String origin : List.of("http://elsewhere.example", "http://127.0.0.1:" + server.port())) {
            HttpResponse<String> asked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/api/v1/auth/session"))
                    .header("Cookie", s.cookie() + "; " + s.csrfCookie())
                    .header("Origin", origin).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ServerCalls.JSON.readTree(asked.body()).has("csrfToken")).as(origin)
                    .isEqualTo(!origin.contains("elsewhere"));
        }

        String flow = "{\"id\": \"f\", \"namespace\": \"orders\", \"steps\": [{\"id\": \"a\", \"type\": \"transform\","
                + " \"output\": 1}]}";
        assertThat(as(s, "PUT", "/api/v1/flows/orders/f", flow, null).statusCode()).isEqualTo(403);
        assertThat(as(s, "PUT", "/api/v1/flows/orders/f", flow, csrf).statusCode()).isIn(200, 201);
        assertThat(as(s, "GET", "/api/v1/tenants/default/api-keys", null, null).statusCode()).isEqualTo(403);

        try (SseClient stream = SseClient.open(server.port(), "/api/v1/events/stream",
                Map.of("Cookie", s.cookie()))) {
            assertThat(stream.status()).isEqualTo(200);
        }

        assertThat(api
                .call("DELETE", "/api/v1/tenants/default/api-keys/" + editor.get("id").asText(), null, null)
                .statusCode()).isEqualTo(204);
        dev.weft.testkit.Eventually.until("the key's session ends with the key",
                java.time.Duration.ofSeconds(20),
                () -> as(s, "GET", "/api/v1/auth/session", null, null).statusCode() == 401);
        JsonNode audit = api.get("/api/v1/audit?action=login.api_key");
        assertThat(audit.get("items")).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("api-key:" + editor.get("id").asText());
            assertThat(e.get("outcome").asText()).isEqualTo("success");
        });
    }

    @Test
    void aWrongKeyIsRefusedAuditedAndThrottled() throws Exception {
        HttpResponse<String> wrong = login("{\"apiKey\": \"weft_not-a-key-0123456789abcdefghijkl\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("login.failed").doesNotContain("weft_not-a-key");
        assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(login("{\"apiKey\": \"" + ADMIN_KEY + "\", \"tenant\": \"other\"}").statusCode())
                .isEqualTo(401);
        assertThat(login("{\"apiKey\": \"" + ADMIN_KEY + "\", \"password\": \"x\"}").statusCode())
                .isEqualTo(400);
        JsonNode audit = api.get("/api/v1/audit?action=login.api_key");
        assertThat(audit.get("items")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.get("outcome").asText()).isEqualTo("failure"));
        for (int i = 0; i < 30; i++) {
            login("{\"apiKey\": \"weft_guess-" + i + "-0123456789abcdefghijkl\"}");
        }
        HttpResponse<String> throttled = login("{\"apiKey\": \"" + ADMIN_KEY + "\"}");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("auth.throttled");
    }
}
