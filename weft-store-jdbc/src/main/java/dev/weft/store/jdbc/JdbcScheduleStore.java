package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import dev.weft.engine.store.ScheduleStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ScheduleStore} on a JDBC {@link Database}, in SQL both dialects accept. Each advance is one
 * conditional statement, which PostgreSQL re-checks against the latest committed row after waiting for a
 * concurrent writer's lock, so that of two nodes advancing the same slot, one wins. Slots are kept to the
 * millisecond. Thread-safe.
 */
final class JdbcScheduleStore implements ScheduleStore {

    private static final String KEY = "tenant_id = ? AND namespace = ? AND flow_id = ? AND trigger_key = ?";

    private final Database db;

    JdbcScheduleStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Instant> nextSlot(String tenantId, String namespace, String flowId, String triggerKey) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT next_slot FROM schedules WHERE " + KEY);
            bind(select, tenantId, namespace, flowId, triggerKey);
            return first(select, rs -> Rows.instant(rs, "next_slot"));
        });
    }

    @Override
    public boolean advanceSchedule(String tenantId, String namespace, String flowId, String triggerKey,
            Instant expected, Instant next) {
        Objects.requireNonNull(next, "next");
        return db.write(tenantId, statements -> {
            PreparedStatement write;
            if (expected == null) {
                write = statements
                        .prepare("INSERT INTO schedules (tenant_id, namespace, flow_id, trigger_key,"
                                + " next_slot) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                bind(write, tenantId, namespace, flowId, triggerKey, next.toEpochMilli());
            } else {
                write = statements.prepare("UPDATE schedules SET next_slot = ? WHERE " + KEY
                        + " AND next_slot = ?");
                bind(write, next.toEpochMilli(), tenantId, namespace, flowId, triggerKey,
                        expected.toEpochMilli());
            }
            return write.executeUpdate() == 1;
        });
    }

    @Override
    public void retainSchedules(String tenantId, String namespace, String flowId, Set<String> keep) {
        Objects.requireNonNull(keep, "keep");
        db.write(tenantId, statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT trigger_key FROM schedules WHERE tenant_id = ? AND namespace = ? AND"
                            + " flow_id = ?");
            bind(select, tenantId, namespace, flowId);
            List<String> gone = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (!keep.contains(rs.getString(1))) {
                        gone.add(rs.getString(1));
                    }
                }
            }
            PreparedStatement delete = statements.prepare("DELETE FROM schedules WHERE " + KEY);
            for (String key : gone) {
                bind(delete, tenantId, namespace, flowId, key);
                delete.addBatch();
            }
            if (!gone.isEmpty()) {
                delete.executeBatch();
            }
            return null;
        });
    }
}
