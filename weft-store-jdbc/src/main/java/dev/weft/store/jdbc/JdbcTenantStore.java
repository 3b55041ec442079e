package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import dev.weft.engine.store.TenantRecord;
import dev.weft.engine.store.TenantStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@link TenantStore} on a JDBC {@link Database}, in SQL both dialects accept. Thread-safe. */
final class JdbcTenantStore implements TenantStore {
    private static final String COLUMNS = "id, name, status, created_at, updated_at, max_active_executions,"
            + " max_stored_bytes";

    private final Database db;

    JdbcTenantStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean createTenant(TenantRecord tenant) {
        return db.write(statements -> {
            PreparedStatement insert = statements.prepare("INSERT INTO tenants (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            insert.setString(1, tenant.id());
            insert.setString(2, tenant.name());
            insert.setString(3, tenant.status());
            Rows.setInstant(insert, 4, tenant.createdAt());
            Rows.setInstant(insert, 5, tenant.updatedAt());
            setInteger(insert, 6, tenant.maxActiveExecutions());
            setLong(insert, 7, tenant.maxStoredBytes());
            return insert.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<TenantRecord> tenant(String id) {
        return db.read(statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS + " FROM tenants WHERE id = ?");
            bind(select, id);
            return first(select, JdbcTenantStore::tenant);
        });
    }

    @Override
    public List<TenantRecord> tenants() {
        return db
                .read(statements -> all(statements.prepare("SELECT " + COLUMNS + " FROM tenants ORDER BY id"),
                        JdbcTenantStore::tenant));
    }

    @Override
    public boolean updateTenant(TenantRecord tenant) {
        return db.write(statements -> {
            PreparedStatement update = statements
                    .prepare(
                            "UPDATE tenants SET name = ?, status = ?, updated_at = ?, max_active_executions = ?,"
                                    + " max_stored_bytes = ? WHERE id = ?");
            update.setString(1, tenant.name());
            update.setString(2, tenant.status());
            Rows.setInstant(update, 3, tenant.updatedAt());
            setInteger(update, 4, tenant.maxActiveExecutions());
            setLong(update, 5, tenant.maxStoredBytes());
            update.setString(6, tenant.id());
            return update.executeUpdate() == 1;
        });
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static TenantRecord tenant(ResultSet rs) throws SQLException {
        int stored = rs.getInt("max_active_executions");
        Integer max = rs.wasNull() ? null : stored;
        long bytes = rs.getLong("max_stored_bytes");
        Long maxBytes = rs.wasNull() ? null : bytes;
        return new TenantRecord(rs.getString("id"), rs.getString("name"), rs.getString("status"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), max, maxBytes);
    }
}
