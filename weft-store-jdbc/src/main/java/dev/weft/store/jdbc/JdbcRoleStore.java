package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.RoleRecord;
import dev.weft.engine.store.RoleStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link RoleStore} on a JDBC {@link Database}, in SQL both dialects accept. Thread-safe. */
final class JdbcRoleStore implements RoleStore {
    private static final String COLUMNS = "tenant_id, name, description, permissions, created_at, updated_at";

    private final Database db;

    JdbcRoleStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean putRole(RoleRecord role) {
        return db.write(role.tenantId(), statements -> {
            PreparedStatement existing = statements
                    .prepare("SELECT 1 FROM roles WHERE tenant_id = ? AND name = ?");
            bind(existing, role.tenantId(), role.name());
            boolean existed;
            try (ResultSet rs = existing.executeQuery()) {
                existed = rs.next();
            }
            PreparedStatement upsert = statements.prepare("INSERT INTO roles (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?,"
                    + " ?) ON CONFLICT (tenant_id, name) DO UPDATE SET description = excluded.description,"
                    + " permissions = excluded.permissions, updated_at = excluded.updated_at");
            upsert.setString(1, role.tenantId());
            upsert.setString(2, role.name());
            upsert.setString(3, role.description());
            ArrayNode permissions = JsonNodeFactory.instance.arrayNode();
            role.permissions().forEach(permissions::add);
            Rows.setJson(upsert, 4, permissions);
            Rows.setInstant(upsert, 5, role.createdAt());
            Rows.setInstant(upsert, 6, role.updatedAt());
            upsert.executeUpdate();
            return !existed;
        });
    }

    @Override
    public Optional<RoleRecord> role(String tenantId, String name) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM roles WHERE tenant_id = ? AND name = ?");
            bind(select, tenantId, name);
            return first(select, JdbcRoleStore::role);
        });
    }

    @Override
    public List<RoleRecord> roles(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM roles WHERE tenant_id = ? ORDER BY name");
            bind(select, tenantId);
            return all(select, JdbcRoleStore::role);
        });
    }

    @Override
    public boolean deleteRole(String tenantId, String name) {
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements
                    .prepare("DELETE FROM roles WHERE tenant_id = ? AND name = ?");
            bind(delete, tenantId, name);
            return delete.executeUpdate() == 1;
        });
    }

    private static RoleRecord role(ResultSet rs) throws SQLException {
        List<String> permissions = new ArrayList<>();
        JsonNode stored = Rows.json(rs, "permissions");
        if (stored != null) {
            stored.forEach(p -> permissions.add(p.asText()));
        }
        return new RoleRecord(rs.getString("tenant_id"), rs.getString("name"), rs.getString("description"),
                permissions, Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
