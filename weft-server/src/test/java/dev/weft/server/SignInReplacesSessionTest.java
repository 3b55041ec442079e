package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.api.ApiKeys;
import dev.weft.testkit.engine.StoppedClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What the sign-in page relies on: which sign-in methods the server offers, before anyone is signed in; a
 * sign-in that ends the session the browser had; a key's last use recorded when a session started with it
 * works; and a refused key sign-in audited in the key's own tenant.
 */
class SignInReplacesSessionTest extends ServerFixture {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final StoppedClock clock = new StoppedClock(Instant.now());

    @Override
    java.time.Clock clock() {
        return clock;
    }

    private HttpResponse<String> send(String method, String path, String cookie, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in with a key, carrying {@code cookie} as the browser would; the new session's cookie. */
    private String signInWithKey(String key, String cookie) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/auth/login", cookie, "{\"apiKey\": \"" + key + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String session = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("weft_session="))
                .findFirst().orElseThrow();
        return session.substring(0, session.indexOf(';'));
    }

    private JsonNode newKey(String tenant, String role) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/tenants/" + tenant + "/api-keys",
                "{\"name\": \"" + role + " key\", \"role\": \"" + role + "\"}", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ServerCalls.JSON.readTree(r.body());
    }

    @Test
    void theSignInMethodsAreOpenAndSayWhenSingleSignOnIsNotConfigured() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/auth/methods", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = ServerCalls.JSON.readTree(r.body());
        assertThat(body.get("password").asBoolean()).isTrue();
        assertThat(body.get("apiKey").asBoolean()).isTrue();
        assertThat(body.get("oidc").asBoolean()).isFalse();
        assertThat(body.has("oidcLoginPath")).isFalse();
    }

    @Test
    void signingInWithAKeyEndsTheSessionTheBrowserHad() throws Exception {
        JsonNode viewer = newKey("default", "viewer");
        String first = signInWithKey(viewer.get("key").asText(), null);
        assertThat(send("GET", "/api/v1/auth/session", first, null).statusCode()).isEqualTo(200);

        String second = signInWithKey(ADMIN_KEY, first);

        assertThat(send("GET", "/api/v1/auth/session", first, null).statusCode()).isEqualTo(401);
        clock.advance(Duration.ofSeconds(3)); // past every cache: the row is gone, not only this node's memory
        assertThat(send("GET", "/api/v1/auth/session", first, null).statusCode()).isEqualTo(401);
        HttpResponse<String> me = send("GET", "/api/v1/auth/session", second, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(ServerCalls.JSON.readTree(me.body()).get("role").asText()).isEqualTo("platform-admin");
    }

    @Test
    void aKeysLastUseIsRecordedWhenItsSessionIsUsed() throws Exception {
        JsonNode editor = newKey("default", "editor");
        String id = editor.get("id").asText();
        String session = signInWithKey(editor.get("key").asText(), null);
        Instant signedIn = lastUse(id);
        assertThat(signedIn).isNotNull();

        clock.advance(Duration.ofMinutes(5));
        assertThat(send("GET", "/api/v1/flows", session, null).statusCode()).isEqualTo(200);

        assertThat(lastUse(id)).isAfterOrEqualTo(signedIn.plus(Duration.ofMinutes(5)));
    }

    private Instant lastUse(String keyId) throws Exception {
        for (JsonNode k : api.get("/api/v1/tenants/default/api-keys").get("apiKeys")) {
            if (k.get("id").asText().equals(keyId)) {
                return k.get("lastUsedAt").isNull() ? null : Instant.parse(k.get("lastUsedAt").asText());
            }
        }
        throw new AssertionError("no key " + keyId);
    }

    @Test
    void aSuspendedTenantsKeySignInIsAuditedInThatTenant() throws Exception {
        assertThat(api.call("POST", "/api/v1/tenants", "{\"id\": \"beta\"}", "application/json").statusCode())
                .isEqualTo(201);
        JsonNode betaAdmin = newKey("beta", "admin");
        String actor = "api-key:" + betaAdmin.get("id").asText();
        assertThat(
                api.call("PATCH", "/api/v1/tenants/beta", "{\"status\": \"suspended\"}", "application/json")
                        .statusCode())
                .isEqualTo(200);
        clock.advance(ApiKeys.CACHE.plusMillis(1));

        HttpResponse<String> refused = send("POST", "/api/v1/auth/login", null,
                "{\"apiKey\": \"" + betaAdmin.get("key").asText() + "\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("tenant.suspended");

        assertThat(api.call("PATCH", "/api/v1/tenants/beta", "{\"status\": \"active\"}", "application/json")
                .statusCode()).isEqualTo(200);
        clock.advance(ApiKeys.CACHE.plusMillis(1));
        JsonNode beta = new ServerCalls(server.port(), betaAdmin.get("key").asText())
                .get("/api/v1/audit?action=login.api_key");
        assertThat(beta.get("items")).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo(actor);
            assertThat(e.get("outcome").asText()).isEqualTo("failure");
            assertThat(e.get("status").asInt()).isEqualTo(403);
        });
        JsonNode home = api.get("/api/v1/audit?action=login.api_key");
        assertThat(home.get("items")).noneSatisfy(e -> assertThat(e.get("status").asInt()).isEqualTo(403));
    }
}
