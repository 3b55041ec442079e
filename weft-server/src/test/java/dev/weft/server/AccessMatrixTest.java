package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.access.Permission;
import dev.weft.server.access.Role;
import dev.weft.server.access.RoutePermissions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document, called with a key of every role of the tenant that owns the
 * objects and with an administrator's key of another tenant: a role without the operation's declared
 * permission is answered 403, one with it is let through, and the other tenant's objects are 404. A new
 * operation without a permission fails {@link #everyAuthenticatedOperationDeclaresAKnownPermission}.
 */
class AccessMatrixTest extends ServerFixture {
    private static final String FLOW = """
            id: hello
            namespace: ops
            steps:
              - {id: gate, type: await, signal: go}
            """;

    private JsonNode doc;
    private final Map<String, ServerCalls> roles = new LinkedHashMap<>();
    private ServerCalls otherTenantAdmin;
    private String executionId;
    private String blobRef;
    private String endpointId;
    private String deliveryId;
    private String messageId;

    /** The outbound webhook endpoint's receiver is a loopback address, which the egress rules must allow. */
    @Override
    dev.weft.server.config.ServerSettings settings() {
        return super.settings().withEgressAllow(List.of("127.0.0.1/32"));
    }

    @BeforeEach
    void objectsAndKeys() throws Exception {
        doc = ServerCalls.JSON.readTree(Files.readString(Path.of("../docs/openapi.json")));
        api.deploy("ops", "hello", FLOW);
        executionId = created(api.call("POST", "/api/v1/flows/ops/hello/executions", "{}",
                "application/json")).get("id").asText();
        created(api.call("PUT", "/api/v1/credentials/crm-token",
                "{\"type\": \"bearer\", \"token\": \"t0ken-value-1\"}", "application/json"));
        created(api.call("PUT", "/api/v1/systems/crm",
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"https://crm.example\"}}",
                "application/json"));
        blobRef = created(api.call("POST", "/api/v1/blobs", "hello", "text/plain")).get("$blob").asText();
        // Nothing listens on port 9: the test delivery fails, which is all the matrix needs of it.
        endpointId = created(api.call("POST", "/api/v1/webhooks/endpoints",
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"events\": [\"invoice.*\"]}", "application/json"))
                .get("id").asText();
        JsonNode delivery = created(api.call("POST", "/api/v1/webhooks/endpoints/" + endpointId + "/test",
                "{\"type\": \"execution.failed\"}", "application/json"));
        deliveryId = delivery.get("id").asText();
        messageId = delivery.get("messageId").asText();
        created(api.call("PUT", "/api/v1/event-types/invoice.paid", "{\"schema\": {\"type\": \"object\"}}",
                "application/json"));
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR, Role.EDITOR, Role.ADMIN)) {
            roles.put(role.name(), key("default", role.name()));
        }
        roles.put(Role.PLATFORM_ADMIN, api);
        created(api.call("POST", "/api/v1/tenants", "{\"id\": \"beta\"}", "application/json"));
        otherTenantAdmin = key("beta", "admin");
    }

    private ServerCalls key(String tenant, String role) throws Exception {
        JsonNode made = created(api.call("POST", "/api/v1/tenants/" + tenant + "/api-keys",
                "{\"name\": \"" + role + " of the matrix\", \"role\": \"" + role + "\"}",
                "application/json"));
        return new ServerCalls(server.port(), made.get("key").asText());
    }

    private static JsonNode created(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201, 202);
        return ServerCalls.JSON.readTree(r.body());
    }

    /** One authenticated operation of the document. */
    private record Operation(String method, String template, String id, Permission permission) {
        String describe() {
            return method + " " + template + " (" + id + ")";
        }
    }

    private List<Operation> operations() {
        List<Operation> all = new ArrayList<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            JsonNode op = m.getValue();
            boolean open = op.has("security") && op.get("security").isEmpty();
            if (!open) {
                all.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), p.getKey(),
                        op.get("operationId").asText(),
                        Permission.of(op.path(RoutePermissions.EXTENSION).asText()).orElse(null)));
            }
        }));
        return all;
    }

    /** The path with each parameter naming one of the default tenant's objects. */
    private String path(String template) throws Exception {
        String victim = template.endsWith("/api-keys/{id}")
                ? created(api.call("POST", "/api/v1/tenants/default/api-keys",
                        "{\"name\": \"to revoke\", \"role\": \"viewer\"}", "application/json")).get("id")
                        .asText()
                : null;
        String id = template.startsWith("/api/v1/executions/")
                ? executionId
                : template.startsWith("/api/v1/systems/")
                        ? "crm"
                        : template.startsWith("/api/v1/webhooks/endpoints/")
                                ? endpointId
                                : template.startsWith("/api/v1/webhooks/deliveries/")
                                        ? deliveryId
                                        : template.startsWith("/api/v1/webhooks/messages/")
                                                ? messageId
                                                : victim != null ? victim : "hello";
        return template.replace("{namespace}", "ops").replace("{id}", id).replace("{tenant}", "default")
                .replace("{operation}", "http.request").replace("{ref}", blobRef).replace("{trigger}", "1")
                .replace("{type}", "invoice.paid").replace("{job}", "customers").replace("{run}", "1")
                .replace("{name}", template.startsWith("/api/v1/credentials/") ? "crm-token" : "go");
    }

    private static HttpResponse<String> send(ServerCalls as, Operation op, String path) throws Exception {
        boolean body = List.of("POST", "PUT", "PATCH").contains(op.method());
        if (op.id().equals("deployFlow")) {
            return as.call(op.method(), path, FLOW, "application/yaml");
        }
        return as.call(op.method(), path, body ? "{}" : null, body ? "application/json" : null);
    }

    @Test
    void everyAuthenticatedOperationDeclaresAKnownPermission() {
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(30);
        assertThat(operations).allSatisfy(op -> assertThat(op.permission())
                .as(op.describe() + " declares a known " + RoutePermissions.EXTENSION).isNotNull());
    }

    @Test
    void anotherTenantsObjectsAnswer404AndItsListsShowNoneOfThem() throws Exception {
        List<Operation> putsLast = new ArrayList<>(operations());
        putsLast.sort(java.util.Comparator.comparing(op -> op.method().equals("PUT")));
        for (Operation op : putsLast) {
            if (!op.template().contains("{") || op.permission().reach() == Permission.Reach.PLATFORM) {
                continue;
            }
            HttpResponse<String> r = send(otherTenantAdmin, op, path(op.template()));
            String what = op.describe() + " by another tenant's admin: " + r.body();
            if (op.method().equals("PUT") || op.id().equals("authorizeCredential")) {
                // A PUT (and the start of an OAuth 2.0 connection, which ends in one) names the object it
                // creates or replaces: in the caller's own tenant.
                assertThat(r.statusCode()).as(what).isIn(200, 201, 400);
            } else {
                assertThat(r.statusCode()).as(what).isEqualTo(404);
            }
        }
        // What the other tenant put under the same names is its own; the default tenant's are untouched.
        assertThat(api.get("/api/v1/flows/ops/hello").get("version").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/systems/crm").at("/config/baseUrl").asText())
                .isEqualTo("https://crm.example");
        assertThat(api.get("/api/v1/credentials/crm-token").get("version").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/executions/" + executionId).get("status").asText()).isEqualTo("waiting");
        assertThat(otherTenantAdmin.get("/api/v1/executions").get("executions")).isEmpty();
        assertThat(otherTenantAdmin.get("/api/v1/events").toString()).doesNotContain(executionId);
        assertThat(otherTenantAdmin.get("/api/v1/tenants/beta/api-keys").get("apiKeys")).hasSize(1);
        // Its failed test delivery changes its failingSince (and so its version): its settings are what matter.
        assertThat(api.get("/api/v1/webhooks/endpoints/" + endpointId).get("url").asText())
                .isEqualTo("http://127.0.0.1:9/hooks");
        assertThat(api.get("/api/v1/webhooks/deliveries/" + deliveryId).get("endpointId").asText())
                .isEqualTo(endpointId);
        assertThat(api.get("/api/v1/event-types/invoice.paid").get("source").asText()).isEqualTo("tenant");
        assertThat(otherTenantAdmin.get("/api/v1/webhooks/endpoints").get("items")).isEmpty();
        assertThat(otherTenantAdmin.get("/api/v1/event-types").toString()).doesNotContain("invoice.paid");
    }

    @Test
    void eachRoleIsRefusedExactlyTheOperationsItsPermissionsDoNotCover() throws Exception {
        for (Operation op : operations()) {
            for (Map.Entry<String, ServerCalls> role : roles.entrySet()) {
                boolean granted = (role.getKey().equals(Role.PLATFORM_ADMIN)
                        ? Role.PLATFORM
                        : Role.builtIn(role.getKey()).orElseThrow()).grants(op.permission());
                HttpResponse<String> r = send(role.getValue(), op, path(op.template()));
                String what = op.describe() + " as " + role.getKey() + ": " + r.statusCode() + " " + r.body();
                if (granted) {
                    assertThat(r.statusCode()).as(what).isNotIn(401, 403).isLessThan(500);
                } else {
                    assertThat(r.statusCode()).as(what).isEqualTo(403);
                    assertThat(r.body()).as(what).contains("\"forbidden\"", op.permission().wireName());
                }
            }
        }
    }

    @Test
    void readingIsNeverEnoughToExecuteOrDeploy() throws Exception {
        ServerCalls viewer = roles.get("viewer");
        assertThat(viewer.get("/api/v1/executions/" + executionId).get("status").asText())
                .isEqualTo("waiting");
        assertThat(viewer.call("POST", "/api/v1/flows/ops/hello/executions", "{}", "application/json")
                .statusCode()).isEqualTo(403);
        assertThat(viewer.call("PUT", "/api/v1/flows/ops/hello", FLOW, "application/yaml").statusCode())
                .isEqualTo(403);
        assertThat(viewer.call("POST", "/api/v1/executions/" + executionId + "/signals/go", "{}",
                "application/json").statusCode()).isEqualTo(403);
    }

    @Test
    void pathTricksNeverReachAnOperationPastItsPermission() throws Exception {
        ServerCalls viewer = roles.get("viewer");
        ServerCalls nobody = new ServerCalls(server.port(), "weft_not-a-key-0000000000000000000000000000");
        for (Operation op : operations()) {
            if (op.permission() == null || Role.VIEWER.grants(op.permission())) {
                continue;
            }
            String path = path(op.template());
            List<String> tricks = List.of(path + "/", path.replaceFirst("/api/", "//api/"),
                    path.replaceFirst("/v1/", "/v1/./"), path + ";x=1", path.replaceFirst("/v1/", "/v1;x=1/"),
                    path.replaceFirst("/api/v1/", "/api/v1/%2e/"), path.replaceFirst("/api/", "/API/"),
                    path.replaceFirst("/v1/", "/v1/x/../"));
            for (String trick : tricks) {
                for (ServerCalls as : List.of(viewer, nobody)) {
                    HttpResponse<String> r;
                    try {
                        r = send(as, op, trick);
                    } catch (java.io.IOException e) {
                        // Jetty closes the connection after refusing an ambiguous URI (400); a pooled
                        // connection reused at that moment fails before any answer, so ask once more.
                        r = send(as, op, trick);
                    }
                    assertThat(r.statusCode()).as(op.describe() + " via " + trick + ": " + r.body())
                            .isIn(400, 401, 403, 404);
                }
            }
        }
    }
}
