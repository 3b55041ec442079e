package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.SessionRecord;
import dev.weft.engine.store.UserRecord;
import dev.weft.engine.store.UserStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link UserStore} on a JDBC {@link Database}, in SQL both dialects accept. Thread-safe. */
final class JdbcUserStore implements UserStore {
    private static final String COLUMNS = "tenant_id, id, login, password_hash, subject, role, namespaces,"
            + " failed_logins, locked_until, created_at, last_login_at, namespace_roles";
    private static final String SESSION_COLUMNS = "id, tenant_id, user_id, csrf_hash, created_at, expires_at";

    private final Database db;

    JdbcUserStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean createUser(UserRecord u) {
        return db.write(u.tenantId(), statements -> {
            PreparedStatement insert = statements.prepare("INSERT INTO users (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            insert.setString(1, u.tenantId());
            insert.setString(2, u.id());
            insert.setString(3, u.login());
            insert.setString(4, u.passwordHash());
            insert.setString(5, u.subject());
            insert.setString(6, u.role());
            Rows.setJson(insert, 7, u.namespaces().isEmpty() ? null : namespaces(u.namespaces()));
            insert.setInt(8, u.failedLogins());
            Rows.setInstant(insert, 9, u.lockedUntil());
            Rows.setInstant(insert, 10, u.createdAt());
            Rows.setInstant(insert, 11, u.lastLoginAt());
            Rows.setJson(insert, 12, NamespaceRoles.json(u.namespaceRoles()));
            return insert.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<UserRecord> user(String tenantId, String id) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM users WHERE tenant_id = ? AND id = ?");
            bind(select, tenantId, id);
            return first(select, JdbcUserStore::user);
        });
    }

    @Override
    public Optional<UserRecord> userByLogin(String tenantId, String login) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM users WHERE tenant_id = ? AND login = ?");
            bind(select, tenantId, login);
            return first(select, JdbcUserStore::user);
        });
    }

    @Override
    public Optional<UserRecord> userBySubject(String subject) {
        return db.read(statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT " + COLUMNS + " FROM users WHERE subject = ?");
            bind(select, subject);
            return first(select, JdbcUserStore::user);
        });
    }

    @Override
    public List<UserRecord> users(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM users WHERE tenant_id = ? ORDER BY login");
            bind(select, tenantId);
            return all(select, JdbcUserStore::user);
        });
    }

    @Override
    public boolean updateUser(UserRecord u) {
        return db.write(u.tenantId(), statements -> {
            PreparedStatement update = statements.prepare("UPDATE users SET role = ?, namespaces = ?,"
                    + " password_hash = ?, namespace_roles = ? WHERE tenant_id = ? AND id = ?");
            update.setString(1, u.role());
            Rows.setJson(update, 2, u.namespaces().isEmpty() ? null : namespaces(u.namespaces()));
            update.setString(3, u.passwordHash());
            Rows.setJson(update, 4, NamespaceRoles.json(u.namespaceRoles()));
            update.setString(5, u.tenantId());
            update.setString(6, u.id());
            return update.executeUpdate() == 1;
        });
    }

    @Override
    public void recordLogins(String tenantId, String id, int failed, Instant lockedUntil,
            Instant lastLoginAt) {
        db.write(tenantId, statements -> {
            PreparedStatement update = statements
                    .prepare("UPDATE users SET failed_logins = ?, locked_until = ?,"
                            + " last_login_at = COALESCE(?, last_login_at) WHERE tenant_id = ? AND id = ?");
            update.setInt(1, failed);
            Rows.setInstant(update, 2, lockedUntil);
            Rows.setInstant(update, 3, lastLoginAt);
            update.setString(4, tenantId);
            update.setString(5, id);
            return update.executeUpdate();
        });
    }

    @Override
    public int countFailedLogin(String tenantId, String id) {
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare("UPDATE users SET failed_logins = failed_logins + 1"
                    + " WHERE tenant_id = ? AND id = ? RETURNING failed_logins");
            bind(update, tenantId, id);
            try (ResultSet rs = update.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public boolean deleteUser(String tenantId, String id) {
        return db.write(tenantId, statements -> {
            PreparedStatement sessions = statements
                    .prepare("DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?");
            bind(sessions, tenantId, id);
            sessions.executeUpdate();
            PreparedStatement delete = statements.prepare("DELETE FROM users WHERE tenant_id = ? AND id = ?");
            bind(delete, tenantId, id);
            return delete.executeUpdate() == 1;
        });
    }

    @Override
    public void createSession(SessionRecord s) {
        db.write(s.tenantId(), statements -> {
            PreparedStatement insert = statements.prepare("INSERT INTO sessions (" + SESSION_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?)");
            insert.setString(1, s.id());
            insert.setString(2, s.tenantId());
            insert.setString(3, s.userId());
            insert.setString(4, s.csrfHash());
            Rows.setInstant(insert, 5, s.createdAt());
            Rows.setInstant(insert, 6, s.expiresAt());
            return insert.executeUpdate();
        });
    }

    @Override
    public int deleteSessions(String tenantId, String userId) {
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements
                    .prepare("DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?");
            bind(delete, tenantId, userId);
            return delete.executeUpdate();
        });
    }

    @Override
    public Optional<SessionRecord> session(String id) {
        return db.read(statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT " + SESSION_COLUMNS + " FROM sessions WHERE id = ?");
            bind(select, id);
            return first(select, rs -> new SessionRecord(rs.getString("id"), rs.getString("tenant_id"),
                    rs.getString("user_id"), rs.getString("csrf_hash"), Rows.instant(rs, "created_at"),
                    Rows.instant(rs, "expires_at")));
        });
    }

    @Override
    public boolean deleteSession(String id) {
        return db.write(statements -> {
            PreparedStatement delete = statements.prepare("DELETE FROM sessions WHERE id = ?");
            bind(delete, id);
            return delete.executeUpdate() == 1;
        });
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return db.write(statements -> {
            PreparedStatement delete = statements.prepare("DELETE FROM sessions WHERE expires_at < ?");
            Rows.setInstant(delete, 1, now);
            return delete.executeUpdate();
        });
    }

    private static JsonNode namespaces(List<String> namespaces) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        namespaces.forEach(array::add);
        return array;
    }

    private static UserRecord user(ResultSet rs) throws SQLException {
        JsonNode stored = Rows.json(rs, "namespaces");
        List<String> namespaces = new ArrayList<>();
        if (stored != null) {
            stored.forEach(n -> namespaces.add(n.asText()));
        }
        return new UserRecord(rs.getString("tenant_id"), rs.getString("id"), rs.getString("login"),
                rs.getString("password_hash"), rs.getString("subject"), rs.getString("role"), namespaces,
                rs.getInt("failed_logins"), Rows.instant(rs, "locked_until"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "last_login_at"), NamespaceRoles.of(Rows.json(rs, "namespace_roles")));
    }
}
