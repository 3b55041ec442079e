package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.TriggerCursorStore;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Optional;

/** The {@link TriggerCursorStore} on a JDBC {@link Database}, in SQL both dialects accept. Thread-safe. */
final class JdbcTriggerCursorStore implements TriggerCursorStore {
    private final Database db;

    JdbcTriggerCursorStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<JsonNode> cursor(String tenantId, String key) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT cursor FROM trigger_cursors WHERE tenant_id = ? AND trigger_key = ?");
            bind(select, tenantId, key);
            return first(select, rs -> Rows.json(rs, "cursor"));
        });
    }

    @Override
    public void saveCursor(String tenantId, String key, JsonNode cursor, Instant now) {
        db.write(tenantId, statements -> {
            PreparedStatement upsert = statements
                    .prepare("INSERT INTO trigger_cursors (tenant_id, trigger_key,"
                            + " cursor, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, trigger_key) DO UPDATE"
                            + " SET cursor = excluded.cursor, updated_at = excluded.updated_at");
            upsert.setString(1, tenantId);
            upsert.setString(2, key);
            Rows.setJson(upsert, 3, cursor);
            Rows.setInstant(upsert, 4, now);
            return upsert.executeUpdate();
        });
    }

    @Override
    public boolean replaceCursor(String tenantId, String key, Optional<JsonNode> expected, JsonNode next,
            Instant now) {
        return db.write(tenantId, statements -> {
            // Locks the row (PostgreSQL; SQLite's write transaction holds its only write lock), so that a reset
            // or another node's save cannot come between the comparison and the write.
            PreparedStatement select = statements
                    .prepare("SELECT cursor FROM trigger_cursors WHERE tenant_id = ?"
                            + " AND trigger_key = ?" + db.dialect().forUpdate());
            bind(select, tenantId, key);
            Optional<JsonNode> current = first(select, rs -> Rows.json(rs, "cursor"));
            if (!current.equals(expected)) {
                return false;
            }
            PreparedStatement upsert = statements
                    .prepare("INSERT INTO trigger_cursors (tenant_id, trigger_key,"
                            + " cursor, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, trigger_key) DO UPDATE"
                            + " SET cursor = excluded.cursor, updated_at = excluded.updated_at");
            upsert.setString(1, tenantId);
            upsert.setString(2, key);
            Rows.setJson(upsert, 3, next);
            Rows.setInstant(upsert, 4, now);
            upsert.executeUpdate();
            return true;
        });
    }

    @Override
    public boolean deleteCursor(String tenantId, String key) {
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements
                    .prepare("DELETE FROM trigger_cursors WHERE tenant_id = ? AND trigger_key = ?");
            bind(delete, tenantId, key);
            return delete.executeUpdate() > 0;
        });
    }
}
