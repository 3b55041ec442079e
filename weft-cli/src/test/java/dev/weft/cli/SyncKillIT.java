package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.testkit.services.RequiredService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold for data sync, with real processes: {@code kill -9} of a {@code weft server} in the
 * middle of a run copying 10,000 PostgreSQL rows to MariaDB in pages of 500, then a restart on the same data
 * directory; the restarted server takes the run over once its lease expires and goes on from its last
 * committed page. The target makes its own ids (AUTO_INCREMENT) and records are matched on email, so a record
 * written twice as a new one would be an extra row: it has exactly one row per source row, equal to it, and
 * neither a further run nor a full resync finds anything to create or update.
 */
class SyncKillIT {
    @RegisterExtension
    static final RequiredService PG = SyncDatabases.POSTGRES;
    @RegisterExtension
    static final RequiredService MARIA = SyncDatabases.MARIADB;

    private static final System.Logger LOG = System.getLogger(SyncKillIT.class.getName());
    private static final int ROWS = 10_000;
    /**
     * A short lease (the shortest allowed): a restarted server cannot know that the run's owner is dead, so it
     * takes the run over only when the lease the killed process held has expired.
     */
    private static final String CONFIG = "server: {port: 0}\nsync: {lease: 3s}\n";
    private static final Duration KILL_WITHIN = Duration.ofSeconds(60);
    private static final Duration DONE_WITHIN = Duration.ofMinutes(2);

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
        source = "kill_src_" + suffix;
        target = "kill_dst_" + suffix;
        SyncDatabases.sql(crm, "CREATE TABLE " + source + " (id bigint PRIMARY KEY, email text NOT NULL,"
                + " name text NOT NULL, updated_at timestamptz(6) NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + source
                        + " (id, email, name) SELECT g, 'k' || g || '@example.com', 'Name ' || g"
                        + " FROM generate_series(1, " + ROWS + ") g");
        SyncDatabases.sql(erp, "CREATE TABLE " + target + " (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " src_id BIGINT NOT NULL, email VARCHAR(200) NOT NULL UNIQUE, name VARCHAR(200) NOT NULL)");
    }

    @AfterEach
    void drop() throws Exception {
        SyncDatabases.sql(crm, "DROP TABLE IF EXISTS " + source);
        SyncDatabases.sql(erp, "DROP TABLE IF EXISTS " + target);
        crm.close();
        erp.close();
    }

    private String job() {
        return """
                kind: sync
                id: kill
                left: {system: crm, type: %s, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: %s, key: [id], match: {by: [email]}}
                direction: left_to_right
                batchSize: 500
                mapping:
                  toRight: {src_id: "{{ id }}", email: "{{ email }}", name: "{{ name }}"}
                """.formatted(source, target);
    }

    @Test
    void aRunKilledMidwayIsTakenOverAndLeavesEveryRecordOnceOnTheTarget() throws Exception {
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("weft.yaml"), CONFIG);
        long run;
        long readAtKill;
        ServerProcess first = ServerProcess.start(config, data, dir.resolve("first.log"));
        try {
            SyncDatabases.createSystems(first);
            HttpResponse<String> deployed = first.call("PUT", "/api/v1/sync/kill", job(), "application/yaml");
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
            HttpResponse<String> queued = first.call("POST", "/api/v1/sync/kill/run", null, null);
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            run = ServerProcess.JSON.readTree(queued.body()).get("id").asLong();
            readAtKill = awaitMidway(first, run);
            first.kill();
        } finally {
            first.kill();
        }
        assertThat(readAtKill).as("records read when the kill came").isBetween(1L, ROWS - 1L);
        long targetAtKill = SyncDatabases.count(erp, "SELECT COUNT(*) FROM " + target);

        try (ServerProcess second = ServerProcess.start(config, data, dir.resolve("second.log"))) {
            long restart = System.nanoTime();
            // What the killed process had committed: its lease holds the run for a while yet.
            long committedAtKill = second.get("/api/v1/sync/kill/runs/" + run).at("/progress/read").asLong();
            second.awaitTrue(DONE_WITHIN, () -> ended(second, run));
            long takeOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart);
            JsonNode ended = second.get("/api/v1/sync/kill/runs/" + run);
            assertThat(ended.get("status").asText()).as("%s\n%s", ended, second.log()).isEqualTo("succeeded");
            assertThat(ended.at("/counts/failed").asLong()).isZero();

            assertThat(SyncDatabases.count(erp, "SELECT COUNT(*) FROM " + target)).as("rows on the target")
                    .isEqualTo(ROWS);
            assertThat(SyncDatabases.count(erp, "SELECT COUNT(*) FROM (SELECT email FROM " + target
                    + " GROUP BY email HAVING COUNT(*) > 1) twice")).as("emails on the target twice")
                    .isZero();
            // rows() refuses a src_id seen twice: a record written twice as a new row would show there.
            assertThat(SyncDatabases.rows(erp, "SELECT src_id, email, name FROM " + target))
                    .as("the target's rows by source id").hasSize(ROWS)
                    .isEqualTo(SyncDatabases.rows(crm, "SELECT id, email, name FROM " + source));

            JsonNode status = second.get("/api/v1/sync/kill");
            assertThat(status.get("links").asLong()).as("links").isEqualTo(ROWS);
            assertThat(status.get("failures").asLong()).as("failures").isZero();

            JsonNode again = runToEnd(second, "/api/v1/sync/kill/run");
            JsonNode resync = runToEnd(second, "/api/v1/sync/kill/resync");
            for (JsonNode r : new JsonNode[]{again, resync}) {
                assertThat(r.get("status").asText()).as("%s", r).isEqualTo("succeeded");
                assertThat(r.at("/counts/created").asLong() + r.at("/counts/updated").asLong()
                        + r.at("/counts/failed").asLong()).as("writes of a run after the recovery: %s", r)
                        .isZero();
            }
            assertThat(resync.at("/counts/unchanged").asLong()).as("%s", resync).isEqualTo(ROWS);
            assertThat(SyncDatabases.count(erp, "SELECT COUNT(*) FROM " + target)).isEqualTo(ROWS);
            LOG.log(System.Logger.Level.INFO,
                    "killed with {0} of {1} records read and committed and {2} rows on"
                            + " the target ({3}); the restarted server ended the run within {4} ms of its start (lease 3s):"
                            + " {5}",
                    committedAtKill, ROWS, targetAtKill, targetAtKill > committedAtKill
                            ? "a page written to the target and not yet committed: the window the test aims for"
                            : "between pages",
                    takeOverMillis, ended.get("counts"));
        }
    }

    /**
     * Polls the run until some of its pages are committed and not all, and returns the records read then: as
     * soon as the target holds more rows than the run had committed (a page written there whose links are not
     * committed yet, the moment a crash is most likely to duplicate or lose records), or else once half the
     * records are read. Polls as fast as the server and the database answer; a page takes little time.
     */
    private long awaitMidway(ServerProcess server, long run) throws Exception {
        long deadline = System.nanoTime() + KILL_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = server.get("/api/v1/sync/kill/runs/" + run);
            long read = r.at("/progress/read").asLong();
            boolean running = r.get("status").asText().equals("running") && read > 0 && read < ROWS;
            if (running && (read >= ROWS / 2
                    || SyncDatabases.count(erp, "SELECT COUNT(*) FROM " + target) > read)) {
                return read;
            }
            assertThat(r.get("status").asText()).as("the run ended before the kill could come: %s\n%s", r,
                    server.log()).isIn("queued", "running");
        }
        throw new AssertionError("the run made no progress within " + KILL_WITHIN + ":\n" + server.log());
    }

    private static boolean ended(ServerProcess server, long run) {
        try {
            return server.get("/api/v1/sync/kill/runs/" + run).get("status").asText()
                    .matches("succeeded|failed|cancelled");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Queues a run with {@code POST path} and returns it ended. */
    private static JsonNode runToEnd(ServerProcess server, String path) throws Exception {
        HttpResponse<String> queued = server.call("POST", path, null, null);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        long id = ServerProcess.JSON.readTree(queued.body()).get("id").asLong();
        server.awaitTrue(DONE_WITHIN, () -> ended(server, id));
        return server.get("/api/v1/sync/kill/runs/" + id);
    }
}
