package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.bindFrom;
import static dev.weft.store.jdbc.Queries.first;

import dev.weft.store.CredentialStore;
import dev.weft.store.SealedCredential;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link CredentialStore} on a JDBC {@link Database}, in SQL both dialects accept: binary columns are
 * BLOB on SQLite and BYTEA on PostgreSQL, read and written alike through JDBC. Every compare-and-set is
 * one conditional statement, which PostgreSQL re-checks against the latest committed row after waiting
 * for a concurrent writer's lock. Thread-safe.
 */
final class JdbcCredentialStore implements CredentialStore {

    private static final String COLUMNS = "tenant_id, name, version, type, metadata, ciphertext, wrapped_key,"
            + " created_at, updated_at";
    private static final String INSERT = "INSERT INTO credentials (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String REPLACE = "UPDATE credentials SET version = ?, type = ?, metadata = ?,"
            + " ciphertext = ?, wrapped_key = ?, created_at = ?, updated_at = ?"
            + " WHERE tenant_id = ? AND name = ? AND version = ?";

    private final Database db;

    JdbcCredentialStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean putCredential(SealedCredential credential, int expectedVersion) {
        Objects.requireNonNull(credential.ciphertext(), "ciphertext");
        Objects.requireNonNull(credential.wrappedKey(), "wrappedKey");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException(
                    "expectedVersion must be 0 or more, but was " + expectedVersion);
        }
        if (credential.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("the version of credential " + credential.name()
                    + " must be one more than the expected version " + expectedVersion + ", but was "
                    + credential.version());
        }
        return db.write(credential.tenantId(), statements -> {
            if (expectedVersion == 0) {
                PreparedStatement insert = statements.prepare(INSERT);
                insert.setString(1, credential.tenantId());
                insert.setString(2, credential.name());
                setFields(insert, 3, credential);
                return insert.executeUpdate() == 1;
            }
            PreparedStatement replace = statements.prepare(REPLACE);
            setFields(replace, 1, credential);
            bindFrom(replace, 8, credential.tenantId(), credential.name(), expectedVersion);
            return replace.executeUpdate() == 1;
        });
    }

    /** Binds version, type, metadata, ciphertext, wrapped key, created and updated from {@code first}. */
    private static void setFields(PreparedStatement statement, int first, SealedCredential c)
            throws SQLException {
        statement.setInt(first, c.version());
        statement.setString(first + 1, c.type());
        Rows.setJson(statement, first + 2, c.metadata());
        statement.setBytes(first + 3, c.ciphertext());
        statement.setBytes(first + 4, c.wrappedKey());
        Rows.setInstant(statement, first + 5, c.createdAt());
        Rows.setInstant(statement, first + 6, c.updatedAt());
    }

    @Override
    public Optional<SealedCredential> credential(String tenantId, String name) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM credentials WHERE tenant_id = ? AND name = ?");
            bind(select, tenantId, name);
            return first(select, JdbcCredentialStore::credential);
        });
    }

    @Override
    public List<SealedCredential> credentials(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM credentials WHERE tenant_id = ? ORDER BY name");
            bind(select, tenantId);
            return all(select, JdbcCredentialStore::credential);
        });
    }

    @Override
    public List<SealedCredential> allCredentials() {
        return db.read(statements -> all(
                statements.prepare("SELECT " + COLUMNS + " FROM credentials ORDER BY tenant_id, name"),
                JdbcCredentialStore::credential));
    }

    @Override
    public boolean rewrapCredential(String tenantId, String name, int version, byte[] wrappedKey) {
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare("UPDATE credentials SET wrapped_key = ?"
                    + " WHERE tenant_id = ? AND name = ? AND version = ?");
            update.setBytes(1, wrappedKey);
            bindFrom(update, 2, tenantId, name, version);
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public boolean deleteCredential(String tenantId, String name) {
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements.prepare(
                    "DELETE FROM credentials WHERE tenant_id = ? AND name = ?");
            bind(delete, tenantId, name);
            return delete.executeUpdate() > 0;
        });
    }

    private static SealedCredential credential(ResultSet rs) throws SQLException {
        return new SealedCredential(
                rs.getString("tenant_id"),
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("type"),
                Rows.json(rs, "metadata"),
                rs.getBytes("ciphertext"),
                rs.getBytes("wrapped_key"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
