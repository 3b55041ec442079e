package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.access.ActiveTenants;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tenants on one server: webhook URLs name the tenant (the default tenant's old URLs keep working), and a
 * tenant's steps reach only its own systems.
 */
class TenantIsolationTest extends ServerFixture {
    private static final String HOOK = """
            id: orders
            namespace: %s
            triggers:
              - { type: webhook, path: %s, mode: sync, verify: { scheme: none } }
            steps:
              - { id: answer, type: respond, body: { tenant: "%s" } }
            """;

    private ServerCalls beta;

    @BeforeEach
    void betaTenant() throws Exception {
        assertThat(api.call("POST", "/api/v1/tenants", "{\"id\": \"beta\"}", "application/json").statusCode())
                .isEqualTo(201);
        HttpResponse<String> key = api.call("POST", "/api/v1/tenants/beta/api-keys",
                "{\"name\": \"beta admin\", \"role\": \"admin\"}", "application/json");
        beta = new ServerCalls(server.port(), ServerCalls.JSON.readTree(key.body()).get("key").asText());
    }

    private HttpResponse<String> hook(String path) throws Exception {
        return new ServerCalls(server.port(), "none").call("POST", path, "{}", "application/json");
    }

    private String answeredBy(String path) throws Exception {
        HttpResponse<String> r = hook(path);
        return r.statusCode() == 200
                ? ServerCalls.JSON.readTree(r.body()).get("tenant").asText()
                : String.valueOf(r.statusCode());
    }

    @Test
    void aWebhookUrlNamesItsTenantAndTheDefaultTenantsUrlsKeepWorking() throws Exception {
        beta.deploy("sales", "orders", HOOK.formatted("sales", "orders", "beta"));
        api.deploy("sales", "orders", HOOK.formatted("sales", "orders", "default"));
        // The default tenant's namespace 'beta', whose URL shares its first segment with the tenant.
        api.deploy("beta", "orders", HOOK.formatted("beta", "in/bound", "default"));

        assertThat(answeredBy("/hooks/beta/sales/orders")).isEqualTo("beta");
        assertThat(answeredBy("/hooks/sales/orders")).isEqualTo("default");
        assertThat(answeredBy("/hooks/default/sales/orders")).isEqualTo("default");
        assertThat(answeredBy("/hooks/beta/in/bound")).as("beta has no webhook in/bound: the default's")
                .isEqualTo("default");
        assertThat(answeredBy("/hooks/default/beta/in/bound")).isEqualTo("default");
        assertThat(answeredBy("/hooks/gamma/sales/orders")).isEqualTo("404");

        HttpResponse<String> taken = beta.call("PUT", "/api/v1/flows/in/orders",
                HOOK.formatted("in", "bound", "beta"),
                "application/yaml");
        assertThat(taken.statusCode()).as("beta may not take the default tenant's URL").isEqualTo(409);
        assertThat(taken.body()).contains("webhook.url_taken", "/hooks/beta/in/bound");
        HttpResponse<String> shadow = api.call("PUT", "/api/v1/flows/beta/shadow",
                HOOK.formatted("beta", "sales/orders", "default").replace("id: orders", "id: shadow"),
                "application/yaml");
        assertThat(shadow.statusCode()).as("nor the default tenant beta's").isEqualTo(409);
        assertThat(shadow.body()).contains("tenant beta's webhook");
        assertThat(beta.get("/api/v1/executions").get("executions")).hasSize(1);
        assertThat(api.get("/api/v1/executions").get("executions")).hasSize(4);
    }

    @Test
    void aSuspendedTenantsWebhooksAnswer404() throws Exception {
        beta.deploy("sales", "orders", HOOK.formatted("sales", "orders", "beta"));
        assertThat(answeredBy("/hooks/beta/sales/orders")).isEqualTo("beta");

        api.call("PATCH", "/api/v1/tenants/beta", "{\"status\": \"suspended\"}", "application/json");

        // the suspension reaches the webhook path when its reading of the tenants ages out
        dev.weft.testkit.Eventually.until("beta's webhook answers 404", ActiveTenants.REFRESH.plusSeconds(1),
                () -> answeredBy("/hooks/beta/sales/orders").equals("404"));
    }

    @Test
    void aTenantsStepsReachOnlyItsOwnSystems() throws Exception {
        assertThat(api.call("PUT", "/api/v1/systems/crm",
                "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"https://crm.example\"}}",
                "application/json")
                .statusCode()).isEqualTo(201);
        beta.deploy("sales", "lookup",
                """
                        id: lookup
                        namespace: sales
                        steps:
                          - { id: fetch, type: call, system: crm, operation: http.request, with: { path: /customers } }
                        """);
        HttpResponse<String> started = beta.call("POST", "/api/v1/flows/sales/lookup/executions", "{}",
                "application/json");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = ServerCalls.JSON.readTree(started.body()).get("id").asText();

        JsonNode ended = beta.awaitEnd(id, Duration.ofSeconds(10));

        assertThat(ended.get("status").asText()).isEqualTo("failed");
        assertThat(ended.toString()).contains("no system 'crm'");
        assertThat(beta.call("POST", "/api/v1/systems/crm/test", "{}", "application/json").statusCode())
                .isEqualTo(404);
        assertThat(beta.call("POST", "/api/v1/systems/crm/operations/http.request", "{\"path\": \"/x\"}",
                "application/json").statusCode()).isEqualTo(404);
        assertThat(beta.call("GET", "/api/v1/systems/crm", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aTenantAtItsQuotaOfActiveExecutionsIsAnswered429() throws Exception {
        com.sun.net.httpserver.HttpServer slow = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        // a target that answers only when the test is done: the executions stay running meanwhile
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        slow.createContext("/", exchange -> {
            try {
                done.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{}");
        });
        slow.start();
        try {
            HttpResponse<String> patched = api.call("PATCH", "/api/v1/tenants/beta",
                    "{\"quotas\": {\"maxActiveExecutions\": 2}}", "application/json");
            assertThat(ServerCalls.JSON.readTree(patched.body()).at("/quotas/maxActiveExecutions").asInt())
                    .isEqualTo(2);
            beta.deploy("sales", "slow",
                    """
                            id: slow
                            namespace: sales
                            steps:
                              - { id: call, type: call, operation: http.request, with: { url: "http://127.0.0.1:%d/" } }
                            """
                            .formatted(slow.getAddress().getPort()));
            for (int i = 0; i < 2; i++) {
                assertThat(beta.call("POST", "/api/v1/flows/sales/slow/executions", "{}", "application/json")
                        .statusCode()).isEqualTo(201);
            }
            HttpResponse<String> third = beta.call("POST", "/api/v1/flows/sales/slow/executions", "{}",
                    "application/json");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body()).contains("quota.exceeded", "quota of 2");
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            api.deploy("sales", "slow",
                    "id: slow\nnamespace: sales\nsteps:\n  - {id: t, type: transform, output: 1}\n");
            assertThat(api.call("POST", "/api/v1/flows/sales/slow/executions", "{}", "application/json")
                    .statusCode())
                    .as("the default tenant has no quota").isEqualTo(201);
        } finally {
            done.countDown();
            slow.stop(0);
        }
    }

    @Test
    void aTenantAtItsQuotaOfStoredBytesIsRefusedANewBlob() throws Exception {
        assertThat(api.call("PATCH", "/api/v1/tenants/beta", "{\"quotas\": {\"maxStoredBytes\": 1000}}",
                "application/json").statusCode()).isEqualTo(200);
        assertThat(beta.call("POST", "/api/v1/blobs", "a".repeat(600), "text/plain").statusCode())
                .isEqualTo(201);
        assertThat(beta.call("POST", "/api/v1/blobs", "a".repeat(600), "text/plain").statusCode())
                .as("the same bytes again add nothing").isEqualTo(201);
        HttpResponse<String> over = beta.call("POST", "/api/v1/blobs", "b".repeat(600), "text/plain");
        assertThat(over.statusCode()).isEqualTo(507);
        assertThat(over.body()).contains("quota.stored_bytes", "quota of 1000");
        assertThat(api.call("POST", "/api/v1/blobs", "b".repeat(600), "text/plain").statusCode())
                .as("the default tenant has no quota").isEqualTo(201);
        assertThat(api.call("PATCH", "/api/v1/tenants/beta", "{\"quotas\": {\"maxStoredBytes\": -1}}",
                "application/json").body()).contains("quotas.maxStoredBytes");
    }

    @Test
    void aTenantWhoseExecutionsDataReachesItsQuotaIsRefusedNewExecutionsAndBlobs() throws Exception {
        assertThat(api.call("PATCH", "/api/v1/tenants/beta", "{\"quotas\": {\"maxStoredBytes\": 5000}}",
                "application/json").statusCode()).isEqualTo(200);
        beta.deploy("sales", "keep",
                "id: keep\nnamespace: sales\nsteps:\n  - {id: t, type: transform, output: 1}\n");
        String input = "{\"note\": \"" + "n".repeat(2_000) + "\"}";
        // The data is counted in the background (limits.storedBytesRefresh, 0 here) and blobs once a second, so
        // the refusal comes within a few starts and seconds, not at the exact byte.
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> refusal = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
        dev.weft.testkit.Eventually.until("a start refused for the stored-bytes quota",
                java.time.Duration.ofSeconds(30),
                () -> {
                    HttpResponse<String> r = beta.call("POST", "/api/v1/flows/sales/keep/executions", input,
                            "application/json");
                    if (r.statusCode() == 507) {
                        refusal.set(r);
                        return true;
                    }
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                    starts.incrementAndGet();
                    return false;
                });
        HttpResponse<String> refused = refusal.get();
        int started = starts.get();
        assertThat(refused).as("a start refused within 30 s").isNotNull();
        assertThat(started).as("executions of 2 KB each before 5,000 bytes were counted")
                .isGreaterThanOrEqualTo(2);
        assertThat(refused.body()).contains("quota.stored_bytes", "quota of 5000", "executions' data");
        assertThat(beta.call("POST", "/api/v1/blobs", "a".repeat(10), "text/plain").statusCode())
                .as("nor a blob").isEqualTo(507);
        api.deploy("sales", "keep",
                "id: keep\nnamespace: sales\nsteps:\n  - {id: t, type: transform, output: 1}\n");
        assertThat(api.call("POST", "/api/v1/flows/sales/keep/executions", input, "application/json")
                .statusCode())
                .as("the default tenant has no quota").isEqualTo(201);
    }

    @Override
    dev.weft.server.config.ServerSettings settings() {
        dev.weft.server.config.ServerSettings base = super.settings();
        return base.withEgressAllow(java.util.List.of("127.0.0.1/32"))
                .withFront(base.front().withStoredBytes(0, java.time.Duration.ZERO));
    }
}
