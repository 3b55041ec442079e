package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.api.ApiKeys;
import dev.weft.testkit.engine.StoppedClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/auth/tenant}: a platform administrator's session moves to another tenant, acting there as
 * its admin with the administrator as the actor, and back; it ends with the session it came from; nobody else
 * switches.
 */
class TenantSwitchTest extends ServerFixture {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final StoppedClock clock = new StoppedClock(Instant.now());

    @Override
    java.time.Clock clock() {
        return clock;
    }

    /** A browser's session: its cookie and the CSRF token its changes send. */
    private record Browser(String cookie, String csrf) {
    }

    private HttpResponse<String> send(String method, String path, Browser b, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        if (b != null) {
            r.header("Cookie", b.cookie()).header("X-CSRF-Token", b.csrf());
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Browser browser(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("weft_session="))
                .findFirst().orElseThrow();
        return new Browser(cookie.substring(0, cookie.indexOf(';')),
                ServerCalls.JSON.readTree(r.body()).get("csrfToken").asText());
    }

    private Browser signIn(String key) throws Exception {
        return browser(send("POST", "/api/v1/auth/login", null, "{\"apiKey\": \"" + key + "\"}"));
    }

    private HttpResponse<String> switchTo(Browser b, String tenant) throws Exception {
        return send("POST", "/api/v1/auth/tenant", b, "{\"tenant\": \"" + tenant + "\"}");
    }

    private JsonNode session(Browser b) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/auth/session", b, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ServerCalls.JSON.readTree(r.body());
    }

    private void tenant(String id) throws Exception {
        assertThat(api.call("POST", "/api/v1/tenants", "{\"id\": \"" + id + "\"}", "application/json")
                .statusCode()).isEqualTo(201);
    }

    private JsonNode key(String tenant, String role) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/tenants/" + tenant + "/api-keys",
                "{\"name\": \"" + role + "\", \"role\": \"" + role + "\"}", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ServerCalls.JSON.readTree(r.body());
    }

    @Test
    void aPlatformAdministratorActsInAnotherTenantAsItsAdminAndComesBack() throws Exception {
        tenant("beta");
        Browser home = signIn(ADMIN_KEY);
        JsonNode me = session(home);
        assertThat(me.get("switchTenants").asBoolean()).isTrue();
        assertThat(me.get("tenants").findValuesAsText("id")).contains("default", "beta");
        String actor = me.get("actor").asText();

        Browser inBeta = browser(switchTo(home, "beta"));
        JsonNode there = session(inBeta);
        assertThat(there.get("tenant").asText()).isEqualTo("beta");
        assertThat(there.get("role").asText()).isEqualTo("admin");
        assertThat(there.get("actor").asText()).isEqualTo(actor);
        assertThat(there.get("switchTenants").asBoolean()).isTrue();
        assertThat(send("PUT", "/api/v1/roles/reader", inBeta, "{\"permissions\": [\"flows.read\"]}")
                .statusCode())
                .isEqualTo(201);
        assertThat(send("GET", "/api/v1/tenants", inBeta, null).statusCode()).isEqualTo(403);

        JsonNode betaAdmin = key("beta", "admin");
        ServerCalls beta = new ServerCalls(server.port(), betaAdmin.get("key").asText());
        assertThat(beta.get("/api/v1/roles").get("roles").findValuesAsText("name")).contains("reader");
        assertThat(api.get("/api/v1/roles").get("roles").findValuesAsText("name")).doesNotContain("reader");
        JsonNode audit = beta.get("/api/v1/audit");
        assertThat(audit.get("items")).anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("putRole");
            assertThat(e.get("actor").asText()).isEqualTo(actor);
        }).anySatisfy(e -> assertThat(e.get("action").asText()).isEqualTo("login.tenant"));
        assertThat(api.get("/api/v1/audit?action=switchTenant").get("items")).isNotEmpty();

        Browser back = browser(switchTo(inBeta, "default"));
        JsonNode again = session(back);
        assertThat(again.get("tenant").asText()).isEqualTo("default");
        assertThat(again.get("role").asText()).isEqualTo("platform-admin");
        assertThat(send("GET", "/api/v1/auth/session", inBeta, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theSwitchedSessionEndsWithTheSessionItCameFrom() throws Exception {
        tenant("gamma");
        JsonNode platform = key("default", "platform-admin");
        Browser home = signIn(platform.get("key").asText());
        Browser inGamma = browser(switchTo(home, "gamma"));
        assertThat(session(inGamma).get("tenant").asText()).isEqualTo("gamma");

        assertThat(api
                .call("DELETE", "/api/v1/tenants/default/api-keys/" + platform.get("id").asText(), null, null)
                .statusCode()).isEqualTo(204);
        clock.advance(ApiKeys.CACHE.plusSeconds(1));
        assertThat(send("GET", "/api/v1/auth/session", inGamma, null).statusCode()).isEqualTo(401);

        Browser second = signIn(ADMIN_KEY);
        Browser switched = browser(switchTo(second, "gamma"));
        assertThat(send("POST", "/api/v1/auth/logout", switched, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/auth/session", second, null).statusCode()).isEqualTo(401);
    }

    @Test
    void nobodyElseSwitchesNorToATenantThatCannotBeUsed() throws Exception {
        tenant("delta");
        Browser admin = signIn(ADMIN_KEY);
        assertThat(switchTo(admin, "nowhere").statusCode()).isEqualTo(404);
        assertThat(switchTo(admin, "").body()).contains("switch.invalid");
        assertThat(
                api.call("PATCH", "/api/v1/tenants/delta", "{\"status\": \"suspended\"}", "application/json")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> suspended = switchTo(admin, "delta");
        assertThat(suspended.statusCode()).isEqualTo(403);
        assertThat(suspended.body()).contains("tenant.suspended");

        Browser editor = signIn(key("default", "admin").get("key").asText());
        assertThat(session(editor).get("switchTenants").asBoolean()).isFalse();
        assertThat(session(editor).has("tenants")).isFalse();
        HttpResponse<String> refused = switchTo(editor, "default");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("switch.forbidden");

        HttpResponse<String> bearer = api.call("POST", "/api/v1/auth/tenant", "{\"tenant\": \"default\"}",
                "application/json");
        assertThat(bearer.statusCode()).isEqualTo(400);
        assertThat(bearer.body()).contains("switch.no_session");
    }
}
