package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Local users: added by an administrator, signed in with a password into a session cookie, CSRF-protected
 * changes, locked after repeated failures, signed out.
 */
class UsersLoginTest extends ServerFixture {
    private final dev.weft.testkit.engine.StoppedClock clock = new dev.weft.testkit.engine.StoppedClock(
            java.time.Instant.now());

    @Override
    java.time.Clock clock() {
        return clock;
    }

    private static final String PASSWORD = "correct horse battery staple";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Session(String cookie, String csrf, HttpResponse<String> answer) {
    }

    private JsonNode addUser(String login, String role) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/tenants/default/users", "{\"login\": \"" + login
                + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"" + role + "\"}", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ServerCalls.JSON.readTree(r.body());
    }

    private HttpResponse<String> login(String login, String password) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers
                                .ofString("{\"login\": \"" + login + "\", \"password\": \"" + password
                                        + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Session signIn(String login) throws Exception {
        HttpResponse<String> r = login(login, PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> cookies = r.headers().allValues("Set-Cookie");
        String session = cookies.stream().filter(c -> c.startsWith("weft_session=")).findFirst()
                .orElseThrow();
        assertThat(session).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
        String csrfCookie = cookies.stream().filter(c -> c.startsWith("weft_csrf=")).findFirst()
                .orElseThrow();
        assertThat(csrfCookie).doesNotContain("HttpOnly");
        String csrf = ServerCalls.JSON.readTree(r.body()).get("csrfToken").asText();
        assertThat(csrfCookie).startsWith("weft_csrf=" + csrf + ";");
        return new Session(session.substring(0, session.indexOf(';')), csrf, r);
    }

    private HttpResponse<String> as(Session s, String method, String path, String body, String csrf)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Cookie", s.cookie())
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

    @Test
    void aUserSignsInChangesWithItsCsrfTokenAndSignsOut() throws Exception {
        JsonNode ann = addUser("ann@acme.example", "editor");
        assertThat(ann.toString()).doesNotContain(PASSWORD).doesNotContain("argon2");
        Session s = signIn("ann@acme.example");

        JsonNode me = ServerCalls.JSON.readTree(as(s, "GET", "/api/v1/auth/session", null, null).body());
        assertThat(me.get("actor").asText()).isEqualTo("user:" + ann.get("id").asText());
        assertThat(me.get("role").asText()).isEqualTo("editor");
        assertThat(me.get("login").asText()).isEqualTo("ann@acme.example");

        String flow = "id: f\nnamespace: ops\nsteps:\n  - {id: t, type: transform, output: 1}\n";
        HttpResponse<String> forged = as(s, "PUT", "/api/v1/flows/ops/f", flow, null);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("csrf.invalid", "X-CSRF-Token");
        assertThat(as(s, "PUT", "/api/v1/flows/ops/f", flow, "wrong").statusCode()).isEqualTo(403);
        assertThat(as(s, "PUT", "/api/v1/flows/ops/f", flow, s.csrf()).statusCode()).isEqualTo(201);
        // A read-only POST (the editor's validation, not audited) still needs the token.
        HttpResponse<String> forgedCheck = as(s, "POST", "/api/v1/flows/validate", flow, null);
        assertThat(forgedCheck.statusCode()).isEqualTo(403);
        assertThat(forgedCheck.body()).contains("csrf.invalid");
        assertThat(as(s, "POST", "/api/v1/flows/validate", flow, s.csrf()).statusCode()).isEqualTo(200);
        assertThat(
                as(s, "POST", "/api/v1/tenants/default/api-keys", "{\"name\": \"x\", \"role\": \"viewer\"}",
                        s.csrf()).statusCode())
                .as("editors manage no keys").isEqualTo(403);

        assertThat(as(s, "POST", "/api/v1/auth/logout", "{}", s.csrf()).statusCode()).isEqualTo(204);
        HttpResponse<String> after = as(s, "GET", "/api/v1/flows", null, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.body()).contains("session is not valid");

        JsonNode log = api.get("/api/v1/audit?limit=20");
        assertThat(log.get("items")).extracting(e -> e.get("action").asText()).contains("login", "deployFlow",
                "logout", "createUser");
        assertThat(log.toString()).doesNotContain(PASSWORD).doesNotContain(s.csrf())
                .doesNotContain(s.cookie().substring("weft_session=".length()));
        String db = new String(Files.readAllBytes(data.resolve("weft.db")), StandardCharsets.ISO_8859_1);
        assertThat(db).doesNotContain(PASSWORD)
                .doesNotContain(s.cookie().substring("weft_session=".length()));
    }

    @Test
    void fiveFailuresLockTheUserEvenAgainstTheRightPassword() throws Exception {
        addUser("bob", "viewer");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = login("bob", "not the password at all");
            assertThat(wrong.statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = login("bob", PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(locked.body()).contains("locked");
        assertThat(login("nobody", PASSWORD).body()).as("the same answer for an unknown login")
                .isEqualTo(locked.body());
        JsonNode users = api.get("/api/v1/tenants/default/users").get("users");
        assertThat(users.get(0).get("lockedUntil").isNull()).isFalse();

        HttpResponse<String> reset = api.call("PATCH",
                "/api/v1/tenants/default/users/" + users.get(0).get("id")
                        .asText(),
                "{\"password\": \"another long passphrase\"}", "application/json");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(login("bob", "another long passphrase").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit?action=login.locked").get("items")).hasSizeGreaterThanOrEqualTo(1);
    }

    @Test
    void wrongUserFieldsAreNamedAndNobodyGivesMoreThanTheirRole() throws Exception {
        String path = "/api/v1/tenants/default/users";
        assertThat(api.call("POST", path, "{\"login\": \"c\", \"password\": \"short\", \"role\": \"viewer\"}",
                "application/json").body()).contains("password: at least 12 characters");
        assertThat(api.call("POST", path, "{\"login\": \"c d\", \"password\": \"" + PASSWORD + "\", \"role\":"
                + " \"viewer\"}", "application/json").body()).contains("login:");
        assertThat(api.call("POST", path, "{\"login\": \"c\", \"password\": \"" + PASSWORD + "\", \"role\":"
                + " \"boss\"}", "application/json").body()).contains("role:");
        addUser("dora", "admin");
        Session dora = signIn("dora");
        HttpResponse<String> up = as(dora, "POST", path, "{\"login\": \"e\", \"password\": \"" + PASSWORD
                + "\", \"role\": \"platform-admin\"}", dora.csrf());
        assertThat(up.statusCode()).isEqualTo(403);
        assertThat(as(dora, "GET", "/api/v1/tenants", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void nobodyResetsRemovesOrRevokesSomeoneWhoCanDoMore() throws Exception {
        JsonNode root = addUser("root", "platform-admin");
        addUser("dora", "admin");
        Session dora = signIn("dora");
        HttpResponse<String> takeover = as(dora, "PATCH",
                "/api/v1/tenants/default/users/" + root.get("id").asText(),
                "{\"password\": \"dora owns this now\"}", dora.csrf());
        assertThat(takeover.statusCode()).isEqualTo(403);
        assertThat(takeover.body()).contains("cannot act on a holder of role 'platform-admin'");
        assertThat(login("root", "dora owns this now").statusCode()).isEqualTo(401);
        assertThat(as(dora, "DELETE", "/api/v1/tenants/default/users/" + root.get("id").asText(), null,
                dora.csrf())
                .statusCode()).isEqualTo(403);
        String platformKey = api.get("/api/v1/tenants/default/api-keys").at("/apiKeys/0/id").asText();
        assertThat(as(dora, "DELETE", "/api/v1/tenants/default/api-keys/" + platformKey, null, dora.csrf())
                .statusCode()).isEqualTo(403);

        JsonNode viewer = addUser("vic", "viewer");
        Session vic = signIn("vic");
        assertThat(as(dora, "PATCH", "/api/v1/tenants/default/users/" + viewer.get("id").asText(),
                "{\"password\": \"a new long passphrase\"}", dora.csrf()).statusCode()).isEqualTo(200);
        clock.advance(java.time.Duration.ofSeconds(3)); // past the session cache
        assertThat(as(vic, "GET", "/api/v1/flows", null, null).statusCode())
                .as("a new password ends the old sessions").isEqualTo(401);
    }

    @Test
    void signInTakesJsonOnly() throws Exception {
        addUser("eve", "viewer");
        HttpResponse<String> form = HTTP.send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/auth/login"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers
                        .ofString("{\"login\": \"eve\", \"password\": \"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).as("a cross-site form can post text/plain").isEqualTo(415);
    }
}
