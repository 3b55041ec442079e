package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.api.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import dev.weft.testkit.engine.StoppedClock;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/tenants} and {@code /api/v1/tenants/{tenant}/api-keys}: keys created, used, limited, revoked. */
class ApiKeysApiTest extends ServerFixture {
    private final StoppedClock clock = new StoppedClock(Instant.now());

    @Override
    java.time.Clock clock() {
        return clock;
    }

    /** Moves the server's clock past the keys' cache: the next request reads its key again. */
    private void pastTheCache() {
        clock.advance(ApiKeys.CACHE.plusMillis(1));
    }

    private JsonNode post(ServerCalls as, String path, String body) throws Exception {
        HttpResponse<String> r = as.call("POST", path, body, "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return ServerCalls.JSON.readTree(r.body());
    }

    private ServerCalls as(JsonNode created) {
        return new ServerCalls(server.port(), created.get("key").asText());
    }

    @Test
    void aKeyIsShownOnceAndStoredOnlyAsItsDigest() throws Exception {
        clock.advance(java.time.Duration.ofSeconds(1)); // created after the bootstrap key: listed after it
        JsonNode created = post(api, "/api/v1/tenants/default/api-keys",
                "{\"name\": \"ci deploy\", \"role\": \"editor\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}");

        String key = created.get("key").asText();
        assertThat(key).matches("weft_[A-Za-z0-9_-]{43}");
        assertThat(created.get("role").asText()).isEqualTo("editor");
        assertThat(created.get("createdBy").asText()).startsWith("api-key:k");
        assertThat(created.get("expiresAt").asText()).isEqualTo("2099-01-01T00:00:00Z");

        JsonNode listed = api.get("/api/v1/tenants/default/api-keys").get("apiKeys");
        assertThat(listed).hasSize(2);
        assertThat(listed.toString()).doesNotContain(key).doesNotContain("hash");
        assertThat(listed.get(0).get("role").asText()).isEqualTo("platform-admin");
        assertThat(listed.get(1).get("name").asText()).isEqualTo("ci deploy");
        assertThat(listed.get(1).get("lastUsedAt").isNull()).isTrue();

        assertThat(as(created).get("/api/v1/flows").get("flows")).isEmpty();
        assertThat(api.get("/api/v1/tenants/default/api-keys").at("/apiKeys/1/lastUsedAt").asText())
                .isNotEmpty();
        byte[] db = Files.readAllBytes(data.resolve("weft.db"));
        assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(key);
    }

    @Test
    void aRevokedKeyIsRefusedWithinTheCacheTime() throws Exception {
        JsonNode created = post(api, "/api/v1/tenants/default/api-keys",
                "{\"name\": \"temp\", \"role\": \"viewer\"}");
        ServerCalls temp = as(created);
        assertThat(temp.call("GET", "/api/v1/flows", null, null).statusCode()).isEqualTo(200);

        assertThat(api
                .call("DELETE", "/api/v1/tenants/default/api-keys/" + created.get("id").asText(), null, null)
                .statusCode()).isEqualTo(204);

        pastTheCache();
        assertThat(temp.call("GET", "/api/v1/flows", null, null).statusCode()).isEqualTo(401);
        assertThat(api
                .call("DELETE", "/api/v1/tenants/default/api-keys/" + created.get("id").asText(), null, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        JsonNode created = post(api, "/api/v1/tenants/default/api-keys",
                "{\"name\": \"brief\", \"role\": \"viewer\","
                        + " \"expiresAt\": \""
                        + clock.instant().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS)
                        + "\"}");
        clock.advance(java.time.Duration.ofMillis(1600)); // past the key's expiry
        HttpResponse<String> r = as(created).call("GET", "/api/v1/flows", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("unknown, revoked or expired");
    }

    @Test
    void nobodyGrantsMoreThanTheirOwnRoleOrNamespaces() throws Exception {
        ServerCalls editor = as(
                post(api, "/api/v1/tenants/default/api-keys", "{\"name\": \"e\", \"role\": \"editor\"}"));
        assertThat(editor
                .call("POST", "/api/v1/tenants/default/api-keys", "{\"name\": \"x\", \"role\": \"viewer\"}",
                        "application/json")
                .statusCode()).as("editors do not manage keys").isEqualTo(403);

        ServerCalls admin = as(
                post(api, "/api/v1/tenants/default/api-keys", "{\"name\": \"a\", \"role\": \"admin\"}"));
        HttpResponse<String> up = admin.call("POST", "/api/v1/tenants/default/api-keys",
                "{\"name\": \"x\", \"role\": \"platform-admin\"}", "application/json");
        assertThat(up.statusCode()).isEqualTo(403);
        assertThat(up.body()).contains("cannot create a key with role 'platform-admin'");

        ServerCalls finance = as(post(api, "/api/v1/tenants/default/api-keys",
                "{\"name\": \"f\", \"role\": \"admin\", \"namespaces\": [\"finance\"]}"));
        assertThat(finance
                .call("POST", "/api/v1/tenants/default/api-keys", "{\"name\": \"x\", \"role\": \"viewer\"}",
                        "application/json")
                .statusCode()).as("keys is tenant-wide").isEqualTo(403);
    }

    @Test
    void wrongFieldsAreNamed() throws Exception {
        String path = "/api/v1/tenants/default/api-keys";
        assertThat(api.call("POST", path, "{\"name\": \"x\", \"role\": \"boss\"}", "application/json").body())
                .contains("role: 'boss' is not a role", "viewer");
        assertThat(api.call("POST", path, "{\"role\": \"viewer\"}", "application/json").body())
                .contains("name:");
        assertThat(
                api.call("POST", path, "{\"name\": \"x\", \"role\": \"viewer\", \"expiresAt\": \"tomorrow\"}",
                        "application/json").body())
                .contains("expiresAt:");
        assertThat(api.call("POST", path,
                "{\"name\": \"x\", \"role\": \"viewer\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}",
                "application/json").body()).contains("expiresAt:", "not in the future");
        assertThat(api
                .call("POST", path, "{\"name\": \"x\", \"role\": \"viewer\", \"namespaces\": [\"Fin ance\"]}",
                        "application/json")
                .body()).contains("namespaces:");
        assertThat(api.call("POST", path, "{\"name\": \"x\", \"role\": \"viewer\", \"scope\": 1}",
                "application/json").body()).contains("scope: not a field");
        assertThat(
                api.call("POST", "/api/v1/tenants/beta/api-keys", "{\"name\": \"x\", \"role\": \"viewer\"}",
                        "application/json").statusCode())
                .as("no such tenant").isEqualTo(404);
    }

    @Test
    void theLastPlatformAdministratorKeyIsNotRevoked() throws Exception {
        String id = api.get("/api/v1/tenants/default/api-keys").at("/apiKeys/0/id").asText();
        HttpResponse<String> r = api.call("DELETE", "/api/v1/tenants/default/api-keys/" + id, null, null);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("weft keys create");
    }

    @Test
    void aKeyLimitedToANamespaceSeesOnlyItsFlowsAndExecutions() throws Exception {
        String flow = "id: f\nnamespace: %s\nsteps:\n  - {id: gate, type: await, signal: go}\n";
        api.deploy("finance", "f", flow.formatted("finance"));
        api.deploy("hr", "f", flow.formatted("hr"));
        String hrExecution = post(api, "/api/v1/flows/hr/f/executions", "{}").get("id").asText();
        ServerCalls finance = as(post(api, "/api/v1/tenants/default/api-keys",
                "{\"name\": \"finance ops\", \"role\": \"editor\", \"namespaces\": [\"finance\"]}"));

        assertThat(finance.get("/api/v1/flows").get("flows")).extracting(f -> f.get("namespace").asText())
                .containsExactly("finance");
        String own = post(finance, "/api/v1/flows/finance/f/executions", "{}").get("id").asText();
        assertThat(finance.get("/api/v1/executions").get("executions")).extracting(e -> e.get("id").asText())
                .containsExactly(own);
        assertThat(finance.call("GET", "/api/v1/executions/" + hrExecution, null, null).statusCode())
                .isEqualTo(404);
        assertThat(finance
                .call("POST", "/api/v1/executions/" + hrExecution + "/cancel", "{}", "application/json")
                .statusCode()).isEqualTo(404);
        assertThat(finance.call("GET", "/api/v1/flows/hr/f", null, null).statusCode()).isEqualTo(404);
        assertThat(
                finance.call("POST", "/api/v1/flows/hr/f/executions", "{}", "application/json").statusCode())
                .isEqualTo(404);
        HttpResponse<String> deploy = finance.call("PUT", "/api/v1/flows/hr/f", flow.formatted("hr"),
                "application/yaml");
        assertThat(deploy.statusCode()).isEqualTo(403);
        assertThat(deploy.body()).contains("namespace.out_of_scope");
        HttpResponse<String> reachOut = finance.call("PUT", "/api/v1/flows/finance/g",
                "id: g\nnamespace: finance\nsteps:\n  - {id: child, type: subflow, flow: hr/f}\n",
                "application/yaml");
        assertThat(reachOut.statusCode()).as("a subflow of another namespace").isEqualTo(403);
        assertThat(reachOut.body()).contains("namespace.out_of_scope", "namespace 'hr'");
        assertThat(finance.call("PUT", "/api/v1/flows/finance/g",
                "id: g\nnamespace: finance\nsteps:\n  - {id: child, type: subflow, flow: finance/f}\n",
                "application/yaml").statusCode()).as("one of its own").isEqualTo(201);
        assertThat(finance.call("GET", "/api/v1/events", null, null).statusCode()).isEqualTo(403);
        assertThat(finance.call("GET", "/api/v1/systems", null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aRoleInANamespaceAddsToTheTenantsRoleThereOnly() throws Exception {
        String flow = "id: f\nnamespace: %s\nsteps:\n  - {id: gate, type: await, signal: go}\n";
        api.deploy("finance", "f", flow.formatted("finance"));
        api.deploy("hr", "f", flow.formatted("hr"));
        String hrExecution = post(api, "/api/v1/flows/hr/f/executions", "{}").get("id").asText();
        JsonNode created = post(api, "/api/v1/tenants/default/api-keys",
                "{\"name\": \"finance runner\", \"role\": \"viewer\","
                        + " \"namespaceRoles\": {\"finance\": \"operator\"}}");
        assertThat(created.at("/namespaceRoles/finance").asText()).isEqualTo("operator");
        ServerCalls runner = as(created);

        // The viewer reads every namespace, and runs what is deployed in finance only.
        assertThat(runner.get("/api/v1/flows").get("flows")).extracting(f -> f.get("namespace").asText())
                .containsExactlyInAnyOrder("finance", "hr");
        assertThat(runner.call("GET", "/api/v1/executions/" + hrExecution, null, null).statusCode())
                .isEqualTo(200);
        String own = post(runner, "/api/v1/flows/finance/f/executions", "{}").get("id").asText();
        assertThat(runner.call("POST", "/api/v1/executions/" + own + "/signals/go", "{}", "application/json")
                .statusCode()).isEqualTo(202);

        HttpResponse<String> start = runner.call("POST", "/api/v1/flows/hr/f/executions", "{}",
                "application/json");
        assertThat(start.statusCode()).isEqualTo(403);
        assertThat(start.body()).contains("role 'viewer'", "executions.start in namespace hr");
        HttpResponse<String> cancel = runner.call("POST", "/api/v1/executions/" + hrExecution + "/cancel",
                "{}",
                "application/json");
        assertThat(cancel.statusCode()).isEqualTo(403);
        assertThat(cancel.body()).contains("executions.cancel in namespace hr");
        assertThat(
                runner.call("POST", "/api/v1/executions/nope/cancel", "{}", "application/json").statusCode())
                .isEqualTo(404);

        // An operator's role in finance grants no deploy there, and nothing that reaches the whole tenant.
        HttpResponse<String> deploy = runner.call("PUT", "/api/v1/flows/finance/f", flow.formatted("finance"),
                "application/yaml");
        assertThat(deploy.statusCode()).isEqualTo(403);
        assertThat(deploy.body()).contains("flows.write", "roles in namespaces [finance]");
        assertThat(runner.call("POST", "/api/v1/events", "{\"type\": \"x.y\", \"data\": {}}",
                "application/json").statusCode()).as("events.publish is the tenant's").isEqualTo(403);
        assertThat(runner.get("/api/v1/auth/session").at("/namespaceRoles/finance").asText())
                .isEqualTo("operator");
    }

    @Test
    void rolesInNamespacesAreCheckedAndGrantedNoFurtherThanTheGranterHoldsThere() throws Exception {
        String path = "/api/v1/tenants/default/api-keys";
        HttpResponse<String> unknown = api.call("POST", path,
                "{\"name\": \"x\", \"role\": \"viewer\", \"namespaceRoles\": {\"finance\": \"boss\"}}",
                "application/json");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("namespaceRoles.finance: one of", "editor");
        assertThat(api.call("POST", path,
                "{\"name\": \"x\", \"role\": \"viewer\", \"namespaceRoles\": {\"Fin ance\": \"editor\"}}",
                "application/json").body()).contains("namespaceRoles: 'Fin ance' is not a namespace name");
        assertThat(api.call("POST", path,
                "{\"name\": \"x\", \"role\": \"viewer\", \"namespaceRoles\": {\"finance\": \"platform-admin\"}}",
                "application/json").statusCode()).isEqualTo(400);
        assertThat(api.call("POST", path,
                "{\"name\": \"x\", \"role\": \"viewer\", \"namespaces\": [\"finance\"],"
                        + " \"namespaceRoles\": {\"hr\": \"editor\"}}",
                "application/json").body())
                .contains("namespaceRoles: hr is not one of the namespaces [finance]");
        assertThat(api.call("POST", path, "{\"name\": \"x\", \"role\": \"viewer\", \"namespaceRoles\": [1]}",
                "application/json").body()).contains("namespaceRoles: an object");

        // A tenant's own role that manages keys but only views flows cannot give more in a namespace.
        assertThat(api.call("PUT", "/api/v1/roles/key-keeper", "{\"permissions\": [\"keys.read\","
                + " \"keys.write\", \"flows.read\", \"executions.read\"]}", "application/json").statusCode())
                .isEqualTo(201);
        ServerCalls keeper = as(post(api, path,
                "{\"name\": \"k\", \"role\": \"key-keeper\", \"namespaceRoles\": {\"finance\": \"operator\"}}"));
        HttpResponse<String> more = keeper.call("POST", path,
                "{\"name\": \"x\", \"role\": \"key-keeper\", \"namespaceRoles\": {\"hr\": \"operator\"}}",
                "application/json");
        assertThat(more.statusCode()).isEqualTo(403);
        assertThat(more.body()).contains("in namespace hr grants executions.start");
        assertThat(keeper.call("POST", path,
                "{\"name\": \"x\", \"role\": \"key-keeper\", \"namespaceRoles\": {\"finance\": \"operator\"}}",
                "application/json").statusCode()).as("what it holds in finance").isEqualTo(201);

        HttpResponse<String> inUse = api.call("PUT", "/api/v1/roles/runner", "{\"permissions\":"
                + " [\"executions.start\"]}", "application/json");
        assertThat(inUse.statusCode()).isEqualTo(201);
        post(api, path,
                "{\"name\": \"r\", \"role\": \"viewer\", \"namespaceRoles\": {\"finance\": \"runner\"}}");
        HttpResponse<String> delete = api.call("DELETE", "/api/v1/roles/runner", null, null);
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(delete.body()).contains("role in a namespace");
    }

    @Test
    void tenantsAreCreatedRenamedAndSuspendedByThePlatformAdministrator() throws Exception {
        JsonNode beta = post(api, "/api/v1/tenants", "{\"id\": \"beta\", \"name\": \"Beta Ltd\"}");
        assertThat(beta.get("status").asText()).isEqualTo("active");
        assertThat(api.call("POST", "/api/v1/tenants", "{\"id\": \"beta\"}", "application/json").statusCode())
                .isEqualTo(409);
        assertThat(api.call("POST", "/api/v1/tenants", "{\"id\": \"Beta Ltd\"}", "application/json").body())
                .contains("id: a tenant id is");
        assertThat(api.get("/api/v1/tenants").get("tenants")).extracting(t -> t.get("id").asText())
                .containsExactly("beta", "default");

        ServerCalls betaAdmin = as(
                post(api, "/api/v1/tenants/beta/api-keys", "{\"name\": \"b\", \"role\": \"admin\"}"));
        assertThat(betaAdmin.call("GET", "/api/v1/tenants", null, null).statusCode()).isEqualTo(403);
        assertThat(betaAdmin.call("GET", "/api/v1/tenants/default/api-keys", null, null).statusCode())
                .isEqualTo(404);
        assertThat(betaAdmin.get("/api/v1/tenants/beta/api-keys").get("apiKeys")).hasSize(1);

        HttpResponse<String> suspended = api.call("PATCH", "/api/v1/tenants/beta",
                "{\"status\": \"suspended\"}",
                "application/json");
        assertThat(suspended.statusCode()).isEqualTo(200);
        pastTheCache();
        HttpResponse<String> refused = betaAdmin.call("GET", "/api/v1/flows", null, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("tenant.suspended");

        assertThat(api
                .call("PATCH", "/api/v1/tenants/default", "{\"status\": \"suspended\"}", "application/json")
                .statusCode()).isEqualTo(409);
        assertThat(api.call("PATCH", "/api/v1/tenants/beta", "{\"status\": \"gone\"}", "application/json")
                .body())
                .contains("status:");
        assertThat(api.call("PATCH", "/api/v1/tenants/gamma", "{\"name\": \"G\"}", "application/json")
                .statusCode())
                .isEqualTo(404);
        JsonNode active = ServerCalls.JSON.readTree(api.call("PATCH", "/api/v1/tenants/beta",
                "{\"status\": \"active\", \"name\": \"Beta\"}", "application/json").body());
        assertThat(active.get("name").asText()).isEqualTo("Beta");
    }
}
