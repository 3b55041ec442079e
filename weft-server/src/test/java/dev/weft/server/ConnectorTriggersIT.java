package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.services.RequiredService;
import dev.weft.testkit.Eventually;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connector triggers start executions, with the real connectors and servers: a polling trigger
 * ({@code postgres.rows}) starts one execution per new row and, its cursor saved, none again after a
 * restart; a push trigger ({@code rabbitmq.consume}) starts one per message published; {@code http.poll}
 * starts one per new item of an API's list, and none again for items it has seen.
 */
class ConnectorTriggersIT {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

    @RegisterExtension
    static final RequiredService POSTGRES = RequiredService.of("PostgreSQL at 127.0.0.1:5432",
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", () -> {
                try (Connection c = DriverManager.getConnection(PG, "postgres", null)) {
                    c.isValid(2);
                }
            });

    @RegisterExtension
    static final RequiredService RABBITMQ = RequiredService.of("RabbitMQ at 127.0.0.1:5672",
            "rabbitmq-server -detached", () -> {
                try (Socket s = new Socket("127.0.0.1", 5672)) {
                    s.setSoTimeout(2000);
                }
            });

    @TempDir
    Path data;
    WeftServer server;
    ServerCalls api;
    final String table = "weft_trig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String queue = "weft-trig-" + UUID.randomUUID();

    private void start() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")),
                Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY), Clock.systemUTC());
        api = new ServerCalls(server.port(), ADMIN_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        sql("DROP TABLE IF EXISTS " + table);
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(PG, "postgres", null)) {
            c.createStatement().execute(statement);
        }
    }

    private void put(String path, String json, String type) throws Exception {
        HttpResponse<String> r = api.call("PUT", path, json, type);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 201);
    }

    private List<JsonNode> executions(String flow) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/executions?flow=" + flow).get("executions").forEach(out::add);
        return out;
    }

    private int status(String path) {
        try {
            return api.call("GET", path, null, null).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws Exception {
        Eventually.until("the trigger's executions", Duration.ofSeconds(30), condition::getAsBoolean);
    }

    private int count(String flow) {
        try {
            return executions(flow).size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPollingTriggerStartsOneExecutionPerNewRowAlsoAcrossARestart() throws Exception {
        sql("CREATE TABLE " + table + " (id INT PRIMARY KEY, name TEXT)");
        start();
        // PostgreSQL here trusts local connections; the password is sent and not checked.
        put("/api/v1/credentials/pg-login", "{\"type\": \"basic\", \"username\": \"postgres\","
                + " \"password\": \"trusted-anyway\"}", "application/json");
        put("/api/v1/systems/db", "{\"connector\": \"postgres\", \"config\": {\"host\": \"127.0.0.1\","
                + " \"database\": \"test\"}, \"credential\": \"pg-login\"}", "application/json");
        put("/api/v1/flows/sync/rows",
                """
                        id: rows
                        namespace: sync
                        triggers:
                          - {type: postgres.rows, system: db, every: 100ms, table: TABLE, cursorColumn: id, keyColumns: [id]}
                        steps:
                          - {id: seen, type: transform, output: "{{ trigger.event }}"}
                        """
                        .replace("TABLE", table),
                "application/yaml");
        sql("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        await(() -> count("sync/rows") == 3);
        assertThat(executions("sync/rows")).allSatisfy(e -> assertThat(e.at("/trigger/type").asText())
                .isEqualTo("postgres.rows"));

        server.close();
        server = null;
        start();
        sql("INSERT INTO " + table + " VALUES (4, 'd')");
        await(() -> count("sync/rows") == 4);
        // A later row is seen only by a poll after those that could have repeated rows 1 to 4.
        sql("INSERT INTO " + table + " VALUES (5, 'e')");
        await(() -> count("sync/rows") >= 5);
        assertThat(count("sync/rows")).isEqualTo(5);
        assertThat(executions("sync/rows")).extracting(e -> e.at("/trigger/eventId").asText())
                .doesNotHaveDuplicates();
    }

    @Test
    void aPushTriggerStartsOneExecutionPerMessage() throws Exception {
        start();
        put("/api/v1/credentials/mq-login",
                "{\"type\": \"basic\", \"username\": \"guest\", \"password\": \"guest\"}",
                "application/json");
        put("/api/v1/systems/mq", "{\"connector\": \"rabbitmq\", \"config\": {\"host\": \"127.0.0.1\"},"
                + " \"credential\": \"mq-login\"}", "application/json");
        HttpResponse<String> declared = api.call("POST",
                "/api/v1/systems/mq/operations/rabbitmq.declare_queue",
                "{\"queue\": \"" + queue + "\", \"durable\": false, \"arguments\": {\"x-expires\": 60000}}",
                "application/json");
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
        put("/api/v1/flows/mq/orders", """
                id: orders
                namespace: mq
                triggers:
                  - {type: rabbitmq.consume, system: mq, queue: QUEUE}
                steps:
                  - {id: seen, type: transform, output: "{{ trigger.event.body.n }}"}
                """.replace("QUEUE", queue), "application/yaml");
        for (int n = 1; n <= 2; n++) {
            HttpResponse<String> published = api.call("POST",
                    "/api/v1/systems/mq/operations/rabbitmq.publish",
                    "{\"routingKey\": \"" + queue + "\", \"body\": {\"n\": " + n + "}}", "application/json");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        }
        await(() -> count("mq/orders") == 2);
        List<Integer> seen = new ArrayList<>();
        for (JsonNode e : executions("mq/orders")) {
            seen.add(e.at("/trigger/event/body/n").asInt());
        }
        assertThat(seen).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void anHttpPollTriggerStartsOneExecutionPerNewItemAlsoAcrossARestart() throws Exception {
        List<String> items = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(
                "{\"id\": 1, \"total\": 10}", "{\"id\": 2, \"total\": 20}"));
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer
                .create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/orders", exchange -> {
            polls.incrementAndGet();
            byte[] body = ("{\"data\": [" + String.join(",", items) + "]}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        api.start();
        try {
            start();
            put("/api/v1/systems/shop",
                    "{\"connector\": \"http\", \"config\": {\"baseUrl\": \"http://127.0.0.1:"
                            + api.getAddress().getPort() + "\"}}",
                    "application/json");
            put("/api/v1/flows/sync/orders", """
                    id: orders
                    namespace: sync
                    triggers:
                      - {type: http.poll, system: shop, every: 100ms, path: /orders, items: /data, id: /id}
                    steps:
                      - {id: seen, type: transform, output: "{{ trigger.event.item }}"}
                    """, "application/yaml");
            await(() -> count("sync/orders") == 2);
            items.add("{\"id\": 3, \"total\": 30}");
            await(() -> count("sync/orders") == 3);

            server.close();
            server = null;
            start();
            int before = polls.get();
            await(() -> polls.get() >= before + 3); // polled again after the restart: nothing new
            assertThat(count("sync/orders")).isEqualTo(3);
            assertThat(executions("sync/orders")).extracting(e -> e.at("/trigger/eventId").asText())
                    .containsExactlyInAnyOrder("1", "2", "3");

            // The cursor can be read and reset; the next poll is then the trigger's first, and the items it
            // takes for new again start nothing: their executions are known by the event ids.
            String cursor = "/api/v1/flows/sync/orders/triggers/1/cursor";
            HttpResponse<String> read = this.api.call("GET", cursor, null, null);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).contains("\"seen\"", "\"3\"");
            assertThat(this.api.call("DELETE", cursor, null, null).statusCode()).isEqualTo(204);
            int afterReset = polls.get();
            await(() -> polls.get() >= afterReset + 2 && status(cursor) == 200);
            assertThat(count("sync/orders")).isEqualTo(3);
            HttpResponse<String> none = this.api.call("GET", "/api/v1/flows/sync/orders/triggers/2/cursor",
                    null, null);
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(none.body()).contains("has 1 trigger");
        } finally {
            api.stop(0);
        }
    }
}
