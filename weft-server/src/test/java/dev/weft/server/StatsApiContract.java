package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/stats} through a running server: executions counted by status in their buckets, the
 * failing flow's failure rate, the slowest steps, a system whose breaker opened, a failing webhook endpoint
 * with its backlog, a sync job's lag and open conflicts, sections a role does not read, and refused
 * parameters. Each store runs it through a subclass.
 */
abstract class StatsApiContract {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    /** The sync job's two sides are tables of this machine's PostgreSQL, whichever store the server has. */
    static final dev.weft.testkit.services.RequiredService SYNC_DATABASE = dev.weft.testkit.services.RequiredService
            .of("PostgreSQL at 127.0.0.1:5432/test (user postgres)",
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
                    () -> postgres().close());

    @TempDir
    Path data;
    WeftServer server;
    ServerCalls api;
    HttpServer target;

    /** Where the store lives: a data directory, or a PostgreSQL URL. */
    abstract ServerSettings settings(Path dataDir);

    @BeforeEach
    void start() throws Exception {
        // A system that always fails: its breaker opens, and webhook deliveries to it fail.
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            byte[] body = "{\"error\": \"down\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(500, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        server = WeftServer.start(settings(data).withPort(0).withEgressAllow(List.of("127.0.0.1/32")),
                Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), Clock.systemUTC());
        api = new ServerCalls(server.port(), ADMIN_KEY);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void countsTheWindowsExecutionsByStatusAndNamesTheFailingFlowAndTheSlowestSteps() throws Exception {
        JsonNode empty = api.get("/api/v1/stats");
        assertThat(empty.at("/executions/total").asLong()).isZero();
        assertThat(empty.get("failingFlows")).isEmpty();
        assertThat(empty.get("slowSteps")).isEmpty();
        assertThat(empty.get("sync")).isEmpty();
        assertThat(empty.get("omitted")).isEmpty();
        assertThat(empty.get("bucket").asText()).isEqualTo("PT30M"); // 24 h in at most 60 buckets
        assertThat(empty.at("/executions/buckets")).hasSize(48);

        api.deploy("shop", "good", """
                id: good
                namespace: shop
                steps:
                  - { id: shape, type: transform, output: "{{ input.n * 2 }}" }
                """);
        api.deploy("shop", "bad", """
                id: bad
                namespace: shop
                steps:
                  - { id: prepare, type: transform, output: "{{ input.n }}" }
                  - { id: refuse, type: fail, message: "refused {{ input.n }}" }
                """);
        List<String> ids = new ArrayList<>();
        for (String flow : List.of("good", "good", "good", "bad")) {
            HttpResponse<String> started = api.call("POST", "/api/v1/flows/shop/" + flow + "/executions",
                    "{\"n\": 2}", "application/json");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            ids.add(ServerCalls.JSON.readTree(started.body()).get("id").asText());
        }
        for (String id : ids) {
            api.awaitEnd(id, Duration.ofSeconds(30));
        }
        JsonNode stats = api.get("/api/v1/stats?since=1h&bucket=10m&top=5");

        assertThat(stats.at("/executions/total").asLong()).isEqualTo(4);
        assertThat(stats.at("/executions/byStatus/succeeded").asLong()).isEqualTo(3);
        assertThat(stats.at("/executions/byStatus/failed").asLong()).isEqualTo(1);
        assertThat(stats.get("bucket").asText()).isEqualTo("PT10M");
        assertThat(stats.get("slowStepsOf").asLong()).as("every execution's steps were read").isEqualTo(4);
        JsonNode buckets = stats.at("/executions/buckets");
        assertThat(buckets).hasSize(6);
        long succeeded = 0;
        long failed = 0;
        for (JsonNode b : buckets) {
            succeeded += b.at("/counts/succeeded").asLong();
            failed += b.at("/counts/failed").asLong();
        }
        assertThat(succeeded).isEqualTo(3);
        assertThat(failed).isEqualTo(1);
        assertThat(buckets.get(5).at("/counts/succeeded").asLong())
                .as("the executions were created in the last of the window's buckets").isEqualTo(3);

        JsonNode failing = stats.get("failingFlows");
        assertThat(failing).hasSize(1);
        assertThat(failing.get(0).get("flow").asText()).isEqualTo("shop/bad");
        assertThat(failing.get(0).get("failed").asLong()).isEqualTo(1);
        assertThat(failing.get(0).get("total").asLong()).isEqualTo(1);
        assertThat(failing.get(0).get("failureRate").asDouble()).isEqualTo(1.0);

        Map<String, JsonNode> steps = new java.util.HashMap<>();
        stats.get("slowSteps")
                .forEach(s -> steps.put(s.get("flow").asText() + ":" + s.get("step").asText(), s));
        assertThat(steps).containsKeys("shop/good:shape", "shop/bad:prepare");
        assertThat(steps.get("shop/good:shape").get("runs").asLong()).isEqualTo(3);
        JsonNode shape = steps.get("shop/good:shape");
        assertThat(shape.get("maxMillis").asLong())
                .isGreaterThanOrEqualTo(shape.get("averageMillis").asLong());
        long previous = Long.MAX_VALUE;
        for (JsonNode s : stats.get("slowSteps")) {
            assertThat(s.get("maxMillis").asLong()).as("longest first").isLessThanOrEqualTo(previous);
            previous = s.get("maxMillis").asLong();
        }

        // A window that ends before they were created counts none of them.
        JsonNode before = api.get("/api/v1/stats?since=3h&until=2h");
        assertThat(before.at("/executions/total").asLong()).isZero();
        assertThat(before.get("failingFlows")).isEmpty();
    }

    @Test
    void aFlowThatFailsSomeOfItsRunsHasTheRateOfThoseThatEnded() throws Exception {
        api.deploy("shop", "flaky", """
                id: flaky
                namespace: shop
                steps:
                  - { id: check, type: fail, if: "{{ input.n < 0 }}", message: "negative" }
                  - { id: done, type: transform, output: "ok" }
                """);
        List<String> ids = new ArrayList<>();
        for (int n : new int[]{1, -1, 2, 3}) {
            HttpResponse<String> started = api.call("POST", "/api/v1/flows/shop/flaky/executions",
                    "{\"n\": " + n + "}", "application/json");
            ids.add(ServerCalls.JSON.readTree(started.body()).get("id").asText());
        }
        for (String id : ids) {
            api.awaitEnd(id, Duration.ofSeconds(30));
        }
        JsonNode flow = api.get("/api/v1/stats?since=1h").get("failingFlows").get(0);
        assertThat(flow.get("flow").asText()).isEqualTo("shop/flaky");
        assertThat(flow.get("succeeded").asLong()).isEqualTo(3);
        assertThat(flow.get("failed").asLong()).isEqualTo(1);
        assertThat(flow.get("failureRate").asDouble()).isEqualTo(0.25);
    }

    @Test
    void namesTheSystemWhoseBreakerOpenedAndTheFailingWebhookEndpointWithItsBacklog() throws Exception {
        String url = "http://127.0.0.1:" + target.getAddress().getPort();
        HttpResponse<String> put = api.call("PUT", "/api/v1/systems/erp",
                "{\"connector\": \"http\", \"config\":"
                        + " {\"baseUrl\": \"" + url
                        + "\"}, \"policy\": {\"circuitBreaker\": {\"minimumCalls\": 2,"
                        + " \"window\": 2, \"failureRate\": 50, \"openDuration\": \"10m\"}}}",
                "application/json");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(api.call("PUT", "/api/v1/systems/crm", "{\"connector\": \"http\", \"config\":"
                + " {\"baseUrl\": \"" + url + "\"}}", "application/json").statusCode()).isEqualTo(201);
        assertThat(api.get("/api/v1/stats").get("openBreakers")).isEmpty();
        for (int i = 0; i < 2; i++) {
            api.call("POST", "/api/v1/systems/erp/operations/http.request", "{\"path\": \"/orders\"}",
                    "application/json");
        }
        JsonNode breakers = api.get("/api/v1/stats").get("openBreakers");
        assertThat(breakers).hasSize(1);
        assertThat(breakers.get(0).get("system").asText()).isEqualTo("erp");
        assertThat(breakers.get(0).get("connector").asText()).isEqualTo("http");
        assertThat(breakers.get(0).get("state").asText()).isEqualTo("open");

        HttpResponse<String> endpoint = api.call("POST", "/api/v1/webhooks/endpoints",
                "{\"url\": \"" + url + "/hooks\", \"events\": [\"execution.*\"]}", "application/json");
        assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
        String endpointId = ServerCalls.JSON.readTree(endpoint.body()).get("id").asText();
        api.deploy("shop", "good", """
                id: good
                namespace: shop
                steps:
                  - { id: shape, type: transform, output: "ok" }
                """);
        String id = ServerCalls.JSON.readTree(api.call("POST", "/api/v1/flows/shop/good/executions", "{}",
                "application/json").body()).get("id").asText();
        api.awaitEnd(id, Duration.ofSeconds(30));

        Eventually.until("the endpoint is failing, its deliveries pending", Duration.ofSeconds(30), () -> {
            JsonNode w = api.get("/api/v1/stats").get("webhooks");
            return w.get("pending").asLong() > 0 && w.get("endpoints").size() == 1
                    && w.at("/endpoints/0/failingSince").isTextual();
        });
        JsonNode webhooks = api.get("/api/v1/stats").get("webhooks");
        JsonNode failing = webhooks.get("endpoints").get(0);
        assertThat(failing.get("endpoint").asText()).isEqualTo(endpointId);
        assertThat(failing.get("url").asText()).isEqualTo(url + "/hooks");
        assertThat(failing.get("enabled").asBoolean()).isTrue();
        assertThat(failing.get("pending").asLong()).isEqualTo(webhooks.get("pending").asLong());
        assertThat(failing.get("oldestPendingAt").isTextual()).isTrue();
    }

    private ServerCalls keyWith(String role, List<String> namespaces) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/v1/tenants/default/api-keys", ServerCalls.JSON
                .writeValueAsString(Map.of("name", role + " key", "role", role, "namespaces", namespaces)),
                "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new ServerCalls(server.port(), ServerCalls.JSON.readTree(r.body()).get("key").asText());
    }

    @Test
    void leavesOutAndNamesTheSectionsTheRoleDoesNotReadAndRefusesACallerLimitedToNamespaces()
            throws Exception {
        HttpResponse<String> role = api.call("PUT", "/api/v1/roles/watcher",
                "{\"permissions\": [\"executions.read\", \"sync.read\"]}", "application/json");
        assertThat(role.statusCode()).as(role.body()).isIn(200, 201);
        JsonNode watched = keyWith("watcher", List.of()).get("/api/v1/stats");
        assertThat(watched.has("openBreakers")).isFalse();
        assertThat(watched.has("webhooks")).isFalse();
        assertThat(watched.has("sync")).isTrue();
        assertThat(watched.get("omitted")).containsExactly(
                ServerCalls.JSON.getNodeFactory().textNode("systems"),
                ServerCalls.JSON.getNodeFactory().textNode("webhooks"));
        assertThat(keyWith("viewer", List.of()).get("/api/v1/stats").get("omitted")).isEmpty();

        HttpResponse<String> limited = keyWith("viewer", List.of("shop")).call("GET", "/api/v1/stats", null,
                null);
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(403);
        assertThat(ServerCalls.JSON.readTree(limited.body()).get("message").asText())
                .contains("reaches namespaces shop only").contains("the execution statistics");
    }

    private static java.sql.Connection postgres() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(PostgresSchemas.URL, "postgres", null);
    }

    private static void sql(String... statements) throws java.sql.SQLException {
        try (var c = postgres(); var s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private JsonNode runToEnd(String job) throws Exception {
        HttpResponse<String> queued = api.call("POST", "/api/v1/sync/" + job + "/run", null, null);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String run = "/api/v1/sync/" + job + "/runs/"
                + ServerCalls.JSON.readTree(queued.body()).get("id").asText();
        Eventually.until("the run ended", Duration.ofSeconds(30),
                () -> List.of("succeeded", "failed").contains(api.get(run).get("status").asText()));
        JsonNode ended = api.get(run);
        assertThat(ended.get("status").asText()).as(ended.toString()).isEqualTo("succeeded");
        return ended;
    }

    @Test
    void givesEachSyncJobItsLagSinceTheLastSuccessfulRunAndWhatWaitsForTheNext() throws Exception {
        // Two tables of this machine's PostgreSQL, synced both ways through two systems of the postgres connector.
        SYNC_DATABASE.require();
        String suffix = java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String left = "stats_crm_" + suffix;
        String right = "stats_erp_" + suffix;
        sql("CREATE TABLE " + left
                + " (id bigint PRIMARY KEY, name text NOT NULL, credit numeric(12,2) NOT NULL)",
                "CREATE TABLE " + right
                        + " (id bigint PRIMARY KEY, name text NOT NULL, credit numeric(12,2) NOT NULL)",
                "INSERT INTO " + left + " VALUES (1, 'Ada', 5000), (2, 'Alan', 2500)");
        try {
            assertThat(api.call("PUT", "/api/v1/credentials/pg-login", "{\"type\": \"basic\", \"username\":"
                    + " \"postgres\", \"password\": \"trusted-anyway\", \"systems\": \"crm,erp\"}",
                    "application/json").statusCode()).isEqualTo(201);
            for (String system : List.of("crm", "erp")) {
                HttpResponse<String> put = api.call("PUT", "/api/v1/systems/" + system,
                        "{\"connector\": \"postgres\","
                                + " \"config\": {\"host\": \"127.0.0.1\", \"port\": 5432, \"database\": \"test\","
                                + " \"ssl\": \"disable\"}, \"credential\": \"pg-login\"}",
                        "application/json");
                assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            }
            HttpResponse<String> job = api.call("PUT", "/api/v1/sync/customers", """
                    kind: sync
                    id: customers
                    left: {system: crm, type: %s, key: [id]}
                    right: {system: erp, type: %s, key: [id]}
                    direction: both
                    mapping:
                      toRight: {id: "{{ id }}", name: "{{ name }}", credit: "{{ credit }}"}
                      toLeft: {id: "{{ id }}", name: "{{ name }}", credit: "{{ credit }}"}
                    """.formatted(left, right), "application/yaml");
            assertThat(job.statusCode()).as(job.body()).isEqualTo(201);

            JsonNode never = api.get("/api/v1/stats").get("sync").get(0);
            assertThat(never.get("job").asText()).isEqualTo("customers");
            assertThat(never.get("lagSeconds").isNull()).as("no run succeeded yet").isTrue();
            assertThat(never.get("lastSuccessAt").isNull()).isTrue();
            assertThat(never.has("lastRun")).isFalse();

            JsonNode first = runToEnd("customers");
            JsonNode synced = api.get("/api/v1/stats").get("sync").get(0);
            assertThat(synced.get("lastSuccessAt").asText()).isEqualTo(first.get("startedAt").asText());
            assertThat(synced.get("lagSeconds").isNumber()).isTrue();
            assertThat(synced.get("lagSeconds").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(synced.at("/lastRun/status").asText()).isEqualTo("succeeded");
            assertThat(synced.get("openConflicts").asLong()).isZero();

            sql("UPDATE " + left + " SET credit = 6000 WHERE id = 1",
                    "UPDATE " + right + " SET credit = 5500 WHERE id = 1");
            JsonNode second = runToEnd("customers");
            assertThat(second.at("/counts/conflicts").asLong()).isEqualTo(1);
            JsonNode held = api.get("/api/v1/stats").get("sync").get(0);
            assertThat(held.get("openConflicts").asLong()).isEqualTo(1);
            assertThat(held.get("lastSuccessAt").asText()).isEqualTo(second.get("startedAt").asText());
            assertThat(held.get("failures").asLong()).isZero();
            assertThat(held.get("waitingChanges").asLong()).isZero();
        } finally {
            sql("DROP TABLE IF EXISTS " + left, "DROP TABLE IF EXISTS " + right);
        }
    }

    @Test
    void refusesABadParameterNamingItAndWhatItTakes() throws Exception {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("/api/v1/stats?bucket=soon", "bucket must be a duration"),
                Map.entry("/api/v1/stats?bucket=500ms", "bucket must be at least 1s"),
                Map.entry("/api/v1/stats?since=7d&bucket=1m", "at most 500"),
                Map.entry("/api/v1/stats?bucket=106751991168d", "longer than the window"),
                Map.entry("/api/v1/stats?since=1h&bucket=2h", "longer than the window"),
                Map.entry("/api/v1/stats?since=40d", "at most 31 days"),
                Map.entry("/api/v1/stats?since=1h&until=2h", "must be before until"),
                Map.entry("/api/v1/stats?top=0", "top must be from 1 to 50"),
                Map.entry("/api/v1/stats?since=yesterday", "since must be"),
                Map.entry("/api/v1/stats?window=1h", "'window' is not a parameter"));
        for (var r : refused.entrySet()) {
            HttpResponse<String> answer = api.call("GET", r.getKey(), null, null);
            assertThat(answer.statusCode()).as(r.getKey() + ": " + answer.body()).isEqualTo(400);
            JsonNode body = ServerCalls.JSON.readTree(answer.body());
            assertThat(body.get("error").asText()).isEqualTo("query.invalid");
            assertThat(body.get("message").asText()).as(r.getKey()).contains(r.getValue());
        }
    }
}
