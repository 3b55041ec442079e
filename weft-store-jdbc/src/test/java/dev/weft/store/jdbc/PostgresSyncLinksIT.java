package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.Storage;
import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plans of {@link PostgresSyncLinks}' statements on a table that has never been analyzed, as a first
 * sync's is, under row-level security: each key is found by the index of its side, never by scanning a
 * job's links by the other index's (tenant_id, job_id) prefix, which the planner then rates as cheap.
 */
class PostgresSyncLinksIT {
    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.891Z");
    private static final String TENANT = "acme";
    private static final String JOB = "customers";

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    private Storage storage;
    private Connection connection;

    @BeforeEach
    void threeThousandLinks() throws SQLException {
        storage = PostgresStorage.open(SCHEMAS.appSettings("links"));
        SyncStore sync = storage.sync();
        sync.deployJob(TENANT, JOB, "kind: sync", "ab12", T0);
        sync.enqueueRun(TENANT, JOB, 1, "manual", false, T0);
        SyncRun run = sync.claimRun("node", T0, T0.plusSeconds(30)).orElseThrow();
        for (int from = 0; from < 3_000; from += 1_000) {
            List<SyncLink> links = IntStream.range(from, from + 1_000)
                    .mapToObj(n -> new SyncLink("[" + n + "]", "[\"r" + n + "\"]", "lh", "rh", null, T0))
                    .toList();
            assertThat(sync.commitBatch(new SyncBatch(TENANT, JOB, run.id(), run.leaseVersion(), links,
                    List.of(), Map.of(), SyncCounts.ZERO, null, List.of(), List.of(), List.of(), List.of()),
                    T0))
                    .isTrue();
        }
        connection = DriverManager.getConnection(PostgresSchemas.URL, PostgresSchemas.APP_ROLE, null);
        connection.setSchema(SCHEMAS.appSettings("links").schema());
        try (Statement s = connection.createStatement()) {
            // As the store's connections plan (PostgresDatabase), in the tenant's scope.
            s.execute("SET plan_cache_mode = force_custom_plan");
            s.execute("SELECT set_config('weft.tenant', '" + TENANT + "', false)");
        }
    }

    @AfterEach
    void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
        storage.close();
    }

    private String plan(String sql, String[]... keys) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            int at = 1;
            for (String[] array : keys) {
                explain.setArray(at++, connection.createArrayOf("text", array));
            }
            explain.setString(at++, TENANT);
            explain.setString(at, JOB);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static String[] keys(String format) {
        return IntStream.range(0, 1_000).mapToObj(n -> String.format(format, n * 3)).toArray(String[]::new);
    }

    @Test
    void leftKeysAreLookedUpOneByOneInThePrimaryKey() throws SQLException {
        for (String sql : List.of(PostgresSyncLinks.FIND_BY_LEFT, PostgresSyncLinks.UNLINK)) {
            assertThat(plan(sql, keys("[%d]"))).as(sql)
                    .contains("Index Scan using sync_links_pkey", "(left_key = k.key)")
                    .doesNotContain("sync_links_by_right", "Seq Scan on sync_links");
        }
    }

    @Test
    void rightKeysAreLookedUpOneByOneInTheirIndex() throws SQLException {
        assertThat(plan(PostgresSyncLinks.FIND_BY_RIGHT, keys("[\"r%d\"]")))
                .contains("Index Scan using sync_links_by_right", "((right_key)::text = k.key)")
                .doesNotContain("sync_links_pkey", "Seq Scan on sync_links");
        assertThat(plan(PostgresSyncLinks.UNLINK_RIGHT, keys("[\"r%d\"]"), keys("[%d]")))
                .contains("Index Scan using sync_links_by_right", "((right_key)::text = k.key)")
                .doesNotContain("sync_links_pkey", "Seq Scan on sync_links");
    }
}
