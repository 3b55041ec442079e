package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@link SystemStore} on a JDBC {@link Database}, in SQL both dialects accept. Thread-safe. */
final class JdbcSystemStore implements SystemStore {

    private static final String COLUMNS = "tenant_id, id, connector, config, credential, policy, version,"
            + " created_at, updated_at";
    // One statement, so that two writers of the same system each get a version of their own.
    private static final String UPSERT = "INSERT INTO systems (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)"
            + " ON CONFLICT (tenant_id, id) DO UPDATE SET connector = excluded.connector,"
            + " config = excluded.config, credential = excluded.credential, policy = excluded.policy,"
            + " version = systems.version + 1, updated_at = excluded.updated_at";
    private static final String INSERT_NEW = "INSERT INTO systems (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (tenant_id, id) DO NOTHING";
    private static final String UPDATE_AT = "UPDATE systems SET connector = ?, config = ?, credential = ?,"
            + " policy = ?, version = version + 1, updated_at = ? WHERE tenant_id = ? AND id = ? AND version = ?";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM systems WHERE tenant_id = ? AND id = ?";

    private final Database db;

    JdbcSystemStore(Database db) {
        this.db = db;
    }

    @Override
    public SystemRecord putSystem(String tenantId, String id, String connector, JsonNode config,
            String credential, JsonNode policy, Instant now) {
        return db.write(tenantId, statements -> {
            PreparedStatement upsert = statements.prepare(UPSERT);
            upsert.setString(1, tenantId);
            upsert.setString(2, id);
            upsert.setString(3, connector);
            Rows.setJson(upsert, 4, config);
            upsert.setString(5, credential);
            Rows.setJson(upsert, 6, policy);
            Rows.setInstant(upsert, 7, now);
            Rows.setInstant(upsert, 8, now);
            upsert.executeUpdate();
            PreparedStatement select = statements.prepare(SELECT);
            bind(select, tenantId, id);
            return first(select, JdbcSystemStore::system).orElseThrow();
        });
    }

    @Override
    public Optional<SystemRecord> putSystemIf(String tenantId, String id, long expectedVersion,
            String connector, JsonNode config, String credential, JsonNode policy, Instant now) {
        return db.write(tenantId, statements -> {
            // One statement that writes or not, so that of two writers from one version only one does.
            int written;
            if (expectedVersion == 0) {
                PreparedStatement insert = statements.prepare(INSERT_NEW);
                insert.setString(1, tenantId);
                insert.setString(2, id);
                insert.setString(3, connector);
                Rows.setJson(insert, 4, config);
                insert.setString(5, credential);
                Rows.setJson(insert, 6, policy);
                Rows.setInstant(insert, 7, now);
                Rows.setInstant(insert, 8, now);
                written = insert.executeUpdate();
            } else {
                PreparedStatement update = statements.prepare(UPDATE_AT);
                update.setString(1, connector);
                Rows.setJson(update, 2, config);
                update.setString(3, credential);
                Rows.setJson(update, 4, policy);
                Rows.setInstant(update, 5, now);
                update.setString(6, tenantId);
                update.setString(7, id);
                update.setLong(8, expectedVersion);
                written = update.executeUpdate();
            }
            if (written == 0) {
                return Optional.<SystemRecord>empty();
            }
            PreparedStatement select = statements.prepare(SELECT);
            bind(select, tenantId, id);
            return first(select, JdbcSystemStore::system);
        });
    }

    @Override
    public Optional<SystemRecord> system(String tenantId, String id) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare(SELECT);
            bind(select, tenantId, id);
            return first(select, JdbcSystemStore::system);
        });
    }

    @Override
    public List<SystemRecord> systems(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT " + COLUMNS + " FROM systems WHERE tenant_id = ? ORDER BY id");
            bind(select, tenantId);
            return all(select, JdbcSystemStore::system);
        });
    }

    @Override
    public boolean deleteSystem(String tenantId, String id) {
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements
                    .prepare("DELETE FROM systems WHERE tenant_id = ? AND id = ?");
            bind(delete, tenantId, id);
            return delete.executeUpdate() > 0;
        });
    }

    private static SystemRecord system(ResultSet rs) throws SQLException {
        return new SystemRecord(rs.getString("tenant_id"), rs.getString("id"), rs.getString("connector"),
                Rows.json(rs, "config"), rs.getString("credential"), Rows.json(rs, "policy"),
                rs.getLong("version"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
