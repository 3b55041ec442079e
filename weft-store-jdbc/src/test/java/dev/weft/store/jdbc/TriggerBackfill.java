package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;

/**
 * Executions written before migration V34, and what it must make of them: the kind and key each trigger
 * names, the same as {@link dev.weft.engine.store.ExecutionTrigger} gives for rows written after.
 */
final class TriggerBackfill {
    /** The last migration before the trigger's kind and key were kept (V34), on each database. */
    static final String SQLITE_BEFORE = "31";
    static final String POSTGRES_BEFORE = "33";

    private TriggerBackfill() {
    }

    static void insertRowsOfBefore(Connection c) throws SQLException {
        String[][] rows = {
                {"hook", "{\"type\":\"webhook\",\"path\":\"orders\",\"deliveryId\":\"dlv-1\"}", null},
                {"api", null, null},
                {"child", null, "api"},
                {"again", "{\"type\":\"manual\",\"replayOf\":\"api\",\"replayFrom\":\"s\"}", null},
                {"tick", "{\"type\":\"schedule\",\"key\":\"k\",\"slot\":\"2025-01-01T00:00:00Z\"}", null},
                {"queue", "{\"type\":\"rabbitmq.consume\",\"system\":\"mq\",\"eventId\":42}", null},
                {"nulls", "{\"type\":\"webhook\",\"replayOf\":null}", null},
                // A webhook body as received may hold a NUL (\u0000), which PostgreSQL's jsonb refuses.
                {"nul", "{\"type\":\"webhook\",\"deliveryId\":\"dlv-2\",\"body\":{\"note\":\"a\\u0000b\"}}",
                        null}};
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO executions (tenant_id, id, namespace,"
                + " flow_id, flow_version, status, created_at, updated_at, lease_version, parent_id, trigger)"
                + " VALUES (?, ?, 'acme', 'ship', 1, 'succeeded', ?, ?, 0, ?, ?)")) {
            for (int i = 0; i < rows.length; i++) {
                insert.setString(1, ExecutionStore.DEFAULT_TENANT);
                insert.setString(2, rows[i][0]);
                insert.setLong(3, 1_000L + i);
                insert.setLong(4, 1_000L + i);
                insert.setString(5, rows[i][2]);
                insert.setString(6, rows[i][1]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static void assertFilled(ExecutionStore store) {
        ExecutionQuery all = ExecutionQuery.all(ExecutionStore.DEFAULT_TENANT);
        assertThat(ids(store, all.withTriggers(Set.of("webhook")))).containsExactly("nul", "nulls", "hook");
        assertThat(ids(store, all.withTriggers(Set.of("manual")))).containsExactly("api");
        assertThat(ids(store, all.withTriggers(Set.of("subflow")))).containsExactly("child");
        assertThat(ids(store, all.withTriggers(Set.of("replay")))).containsExactly("again");
        assertThat(ids(store, all.withTriggers(Set.of("schedule")))).containsExactly("tick");
        assertThat(ids(store, all.withTriggers(Set.of("rabbitmq.consume")))).containsExactly("queue");
        assertThat(ids(store, all.withIdPrefix("dlv-"))).containsExactly("nul", "hook");
        assertThat(ids(store, all.withIdPrefix("api"))).containsExactly("again", "child", "api");
        assertThat(ids(store, all.withIdPrefix("42"))).containsExactly("queue");
    }

    private static java.util.List<String> ids(ExecutionStore store, ExecutionQuery query) {
        return store.executions(query).stream().map(ExecutionRecord::id).toList();
    }
}
