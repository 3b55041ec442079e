package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.testkit.services.RequiredService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change events through a flow, on a real server: a CRM calls a webhook with its own payload when a customer
 * changes, a flow maps the payload to the record's key and calls {@code sync.changed}, and the sync job, whose
 * left side's changes come only as events, syncs that record and no other.
 */
class SyncChangeEventsFlowIT {
    @RegisterExtension
    static final RequiredService PG = SyncDatabases.POSTGRES;
    @RegisterExtension
    static final RequiredService MARIA = SyncDatabases.MARIADB;

    @TempDir
    Path dir;
    Connection crm;
    Connection erp;
    String source;
    String target;

    @BeforeEach
    void tables() throws Exception {
        crm = SyncDatabases.postgres();
        erp = SyncDatabases.mariadb();
        String suffix = SyncDatabases.suffix();
        source = "crm_feed_" + suffix;
        target = "erp_feed_" + suffix;
        SyncDatabases.sql(crm, "CREATE TABLE " + source + " (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO " + source + " SELECT g, 'Customer ' || g FROM generate_series(1, 20) g");
        SyncDatabases.sql(erp,
                "CREATE TABLE " + target + " (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
    }

    @AfterEach
    void drop() throws Exception {
        SyncDatabases.sql(crm, "DROP TABLE IF EXISTS " + source);
        SyncDatabases.sql(erp, "DROP TABLE IF EXISTS " + target);
        crm.close();
        erp.close();
    }

    @Test
    void aWebhookWithTheSystemsOwnPayloadFeedsASyncJobThroughAFlow() throws Exception {
        Path config = Files.writeString(dir.resolve("weft.yaml"), "server: {port: 0}\n");
        try (ServerProcess server = ServerProcess.start(config, dir.resolve("data"),
                dir.resolve("server.log"))) {
            SyncDatabases.createSystems(server);
            HttpResponse<String> job = server.call("PUT", "/api/v1/sync/feed", """
                    kind: sync
                    id: feed
                    left: {system: crm, type: %s, key: [id], changes: events}
                    right: {system: erp, type: %s, key: [id]}
                    mapping: {toRight: {id: "{{ id }}", name: "{{ name }}"}}
                    """.formatted(source, target), "application/yaml");
            assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
            HttpResponse<String> flow = server.call("PUT", "/api/v1/flows/crm/customer-changed", """
                    id: customer-changed
                    namespace: crm
                    triggers:
                      - {type: webhook, path: customers, verify: {scheme: none}}
                    steps:
                      - id: tell-sync
                        type: call
                        operation: sync.changed
                        with:
                          job: feed
                          side: left
                          keys: ["{{ [trigger.body.customer.id] }}"]
                    """, "application/yaml");
            assertThat(flow.statusCode()).as(flow.body()).isEqualTo(201);
            SyncDatabases.sql(crm, "UPDATE " + source + " SET name = 'Renamed' WHERE id = 7");

            HttpResponse<String> hook = server.call("POST", "/hooks/crm/customers",
                    "{\"event\": \"customer.updated\", \"customer\": {\"id\": 7, \"name\": \"Renamed\"}}",
                    "application/json");
            assertThat(hook.statusCode()).as(hook.body()).isEqualTo(202);

            server.awaitTrue(() -> targetRows() == 1);
            assertThat(SyncDatabases.rows(erp, "SELECT id, name FROM " + target)).containsExactly(
                    java.util.Map.entry("7", "Renamed"));
            server.awaitTrue(() -> lastRunEnded(server));
            JsonNode status = server.get("/api/v1/sync/feed");
            assertThat(status.get("waitingChanges").asLong()).isZero();
            assertThat(status.at("/lastRun/counts/read").asLong()).as("only the record the event named")
                    .isOne();
        }
    }

    private long targetRows() {
        try {
            return SyncDatabases.count(erp, "SELECT COUNT(*) FROM " + target);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean lastRunEnded(ServerProcess server) {
        try {
            String s = server.get("/api/v1/sync/feed").at("/lastRun/status").asText();
            return s.equals("succeeded") || s.equals("failed");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
