package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.ApiKeyRecord;
import dev.weft.engine.store.ApiKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link ApiKeyStore} on a JDBC {@link Database}, in SQL both dialects accept. Thread-safe. */
final class JdbcApiKeyStore implements ApiKeyStore {

    private static final String COLUMNS = "tenant_id, id, name, hash, role, created_at, expires_at, namespaces,"
            + " last_used_at, created_by, namespace_roles";

    private final Database db;

    JdbcApiKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public void createApiKey(ApiKeyRecord key) {
        Objects.requireNonNull(key.id(), "id");
        boolean created = db.write(key.tenantId(), statements -> {
            // Any unique key: the id is unique across tenants as well as within one.
            PreparedStatement insert = statements.prepare("INSERT INTO api_keys (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            insert.setString(1, key.tenantId());
            insert.setString(2, key.id());
            insert.setString(3, key.name());
            insert.setString(4, key.hash());
            insert.setString(5, key.role());
            Rows.setInstant(insert, 6, key.createdAt());
            Rows.setInstant(insert, 7, key.expiresAt());
            Rows.setJson(insert, 8, key.namespaces().isEmpty() ? null : namespaces(key.namespaces()));
            Rows.setInstant(insert, 9, key.lastUsedAt());
            insert.setString(10, key.createdBy());
            Rows.setJson(insert, 11, NamespaceRoles.json(key.namespaceRoles()));
            return insert.executeUpdate() == 1;
        });
        if (!created) {
            throw new IllegalStateException("an API key with id " + key.id() + " exists already");
        }
    }

    @Override
    public Optional<ApiKeyRecord> apiKey(String id) {
        return db.read(statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?");
            bind(select, id);
            return first(select, JdbcApiKeyStore::apiKey);
        });
    }

    @Override
    public List<ApiKeyRecord> apiKeys(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id");
            bind(select, tenantId);
            return all(select, JdbcApiKeyStore::apiKey);
        });
    }

    @Override
    public boolean deleteApiKey(String tenantId, String id) {
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements
                    .prepare("DELETE FROM api_keys WHERE tenant_id = ? AND id = ?");
            bind(delete, tenantId, id);
            return delete.executeUpdate() > 0;
        });
    }

    @Override
    public void touchApiKey(String id, Instant at) {
        db.write(statements -> {
            PreparedStatement update = statements
                    .prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?");
            Rows.setInstant(update, 1, at);
            update.setString(2, id);
            return update.executeUpdate();
        });
    }

    private static JsonNode namespaces(List<String> namespaces) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        namespaces.forEach(array::add);
        return array;
    }

    private static ApiKeyRecord apiKey(ResultSet rs) throws SQLException {
        JsonNode stored = Rows.json(rs, "namespaces");
        List<String> namespaces = new ArrayList<>();
        if (stored != null) {
            stored.forEach(n -> namespaces.add(n.asText()));
        }
        return new ApiKeyRecord(
                rs.getString("tenant_id"),
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("hash"),
                rs.getString("role"),
                namespaces,
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "last_used_at"),
                rs.getString("created_by"),
                NamespaceRoles.of(Rows.json(rs, "namespace_roles")));
    }
}
