package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.api.ApiKeys;
import java.net.http.HttpResponse;
import dev.weft.testkit.engine.StoppedClock;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/roles}: a tenant's own roles as sets of permissions, given to keys like built-in ones. */
class RolesApiTest extends ServerFixture {
    private final StoppedClock clock = new StoppedClock(java.time.Instant.now());

    @Override
    java.time.Clock clock() {
        return clock;
    }

    private static final String FLOW = "id: f\nnamespace: ops\nsteps:\n  - {id: t, type: transform, output: 1}\n";

    private ServerCalls keyWithRole(String role) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/tenants/default/api-keys", "{\"name\": \"" + role
                + "\", \"role\": \"" + role + "\"}", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new ServerCalls(server.port(), ServerCalls.JSON.readTree(r.body()).get("key").asText());
    }

    @Test
    void aCustomRoleGrantsExactlyItsPermissionsAndFollowsItsChanges() throws Exception {
        HttpResponse<String> created = api.call("PUT", "/api/v1/roles/deployer",
                "{\"permissions\": [\"flows.read\","
                        + " \"flows.write\"], \"description\": \"CI\"}",
                "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ServerCalls ci = keyWithRole("deployer");

        assertThat(ci.call("PUT", "/api/v1/flows/ops/f", FLOW, "application/yaml").statusCode())
                .isEqualTo(201);
        HttpResponse<String> start = ci.call("POST", "/api/v1/flows/ops/f/executions", "{}",
                "application/json");
        assertThat(start.statusCode()).isEqualTo(403);
        assertThat(start.body()).contains("role 'deployer' does not grant executions.start");

        assertThat(api
                .call("PUT", "/api/v1/roles/deployer", "{\"permissions\": [\"flows.read\", \"flows.write\","
                        + " \"executions.start\"]}", "application/json")
                .statusCode()).isEqualTo(200);
        clock.advance(ApiKeys.CACHE.plusMillis(1)); // past the key's cached principal
        assertThat(ci.call("POST", "/api/v1/flows/ops/f/executions", "{}", "application/json").statusCode())
                .isEqualTo(201);

        JsonNode roles = api.get("/api/v1/roles").get("roles");
        assertThat(roles).extracting(r -> r.get("name").asText()).contains("viewer", "admin", "deployer");
        HttpResponse<String> inUse = api.call("DELETE", "/api/v1/roles/deployer", null, null);
        assertThat(inUse.statusCode()).isEqualTo(409);
        assertThat(inUse.body()).contains("role.in_use");
    }

    @Test
    void nobodyDefinesARoleBeyondTheirOwnOrAPlatformOne() throws Exception {
        assertThat(
                api.call("PUT", "/api/v1/roles/viewer", "{\"permissions\": []}", "application/json").body())
                .contains("not a built-in role's");
        assertThat(api.call("PUT", "/api/v1/roles/boss", "{\"permissions\": [\"tenants.write\"]}",
                "application/json").body()).contains("not a permission a tenant's role may grant");
        assertThat(api.call("PUT", "/api/v1/roles/boss", "{\"permissions\": [\"flows.fly\"]}",
                "application/json").statusCode()).isEqualTo(400);
        api.call("PUT", "/api/v1/roles/role-keeper", "{\"permissions\": [\"roles.read\", \"roles.write\","
                + " \"keys.write\", \"flows.read\"]}", "application/json");
        ServerCalls keeper = keyWithRole("role-keeper");
        HttpResponse<String> wider = keeper.call("PUT", "/api/v1/roles/runner", "{\"permissions\":"
                + " [\"executions.start\"]}", "application/json");
        assertThat(wider.statusCode()).isEqualTo(403);
        assertThat(wider.body()).contains("does not grant executions.start");
        assertThat(keyWithRole("viewer").call("PUT", "/api/v1/roles/x", "{\"permissions\": []}",
                "application/json").statusCode()).isEqualTo(403);
    }
}
