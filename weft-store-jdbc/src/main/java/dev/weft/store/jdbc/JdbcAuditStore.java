package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;

import dev.weft.engine.store.AuditChain;
import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.AuditQuery;
import dev.weft.engine.store.AuditRecord;
import dev.weft.engine.store.AuditScope;
import dev.weft.engine.store.AuditStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link AuditStore} on a JDBC {@link Database}, in SQL both dialects accept. Appending takes the next
 * number from the tenant's row in {@code audit_heads} with an {@code UPDATE ... RETURNING}, which on
 * PostgreSQL locks that row until the commit, so one tenant's appends line up. Thread-safe.
 */
final class JdbcAuditStore implements AuditStore {
    private static final String COLUMNS = "tenant_id, seq, at, actor, action, resource, outcome, status,"
            + " client_address, user_agent, before_digest, after_digest, prev_hash, hash";

    private final Database db;

    JdbcAuditStore(Database db) {
        this.db = db;
    }

    /**
     * Writes this thread's pending audit entry ({@link AuditScope}) in the transaction being committed;
     * returns it, or null when there is none. The caller says {@link AuditScope#committed} after the commit.
     */
    static AuditEntry appendPending(StatementCache statements) throws SQLException {
        AuditEntry entry = AuditScope.pending().orElse(null);
        if (entry != null) {
            appendIn(statements, entry);
        }
        return entry;
    }

    /** Appends {@code entry} to its tenant's chain within the caller's transaction. */
    static AuditRecord appendIn(StatementCache statements, AuditEntry entry) throws SQLException {
        PreparedStatement head = statements.prepare("INSERT INTO audit_heads (tenant_id, seq, hash)"
                + " VALUES (?, 0, ?) ON CONFLICT DO NOTHING");
        head.setString(1, entry.tenant());
        head.setString(2, AuditChain.GENESIS);
        head.executeUpdate();
        PreparedStatement next = statements.prepare("UPDATE audit_heads SET seq = seq + 1 WHERE tenant_id = ?"
                + " RETURNING seq, hash");
        next.setString(1, entry.tenant());
        long seq;
        String previous;
        try (ResultSet rs = next.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit chain head of tenant " + entry.tenant() + " is missing");
            }
            seq = rs.getLong(1);
            previous = rs.getString(2);
        }
        String hash = AuditChain.hash(previous, seq, entry);
        PreparedStatement insert = statements.prepare("INSERT INTO audit_log (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, entry.tenant());
        insert.setLong(2, seq);
        insert.setLong(3, entry.at().toEpochMilli());
        insert.setString(4, entry.actor());
        insert.setString(5, entry.action());
        insert.setString(6, entry.resource());
        insert.setString(7, entry.outcome());
        insert.setInt(8, entry.status());
        insert.setString(9, entry.clientAddress());
        insert.setString(10, entry.userAgent());
        insert.setString(11, entry.before());
        insert.setString(12, entry.after());
        insert.setString(13, previous);
        insert.setString(14, hash);
        insert.executeUpdate();
        PreparedStatement advance = statements.prepare("UPDATE audit_heads SET hash = ? WHERE tenant_id = ?");
        advance.setString(1, hash);
        advance.setString(2, entry.tenant());
        advance.executeUpdate();
        return new AuditRecord(entry, seq, previous, hash);
    }

    @Override
    public AuditRecord append(AuditEntry entry) {
        return db.write(entry.tenant(), statements -> appendIn(statements, entry));
    }

    @Override
    public List<AuditRecord> entries(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(q.tenant());
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.outcome() != null) {
            sql.append(" AND outcome = ?");
            args.add(q.outcome());
        }
        if (q.from() != null) {
            sql.append(" AND at >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND at < ?");
            args.add(q.to().toEpochMilli());
        }
        if (q.beforeSeq() != null) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(q.limit());
        return db.read(q.tenant(), statements -> {
            PreparedStatement select = statements.prepare(sql.toString());
            Queries.bind(select, args.toArray());
            return all(select, JdbcAuditStore::record);
        });
    }

    @Override
    public List<AuditRecord> chain(String tenant, long afterSeq, int limit) {
        return db.read(tenant, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + COLUMNS
                    + " FROM audit_log WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?");
            Queries.bind(select, tenant, afterSeq, limit);
            return all(select, JdbcAuditStore::record);
        });
    }

    @Override
    public List<String> tenants() {
        return db.read(statements -> all(statements.prepare("SELECT tenant_id FROM audit_log UNION"
                + " SELECT tenant_id FROM audit_heads ORDER BY tenant_id"), rs -> rs.getString(1)));
    }

    @Override
    public Map<String, Head> heads() {
        return db.read(statements -> {
            Map<String, Head> heads = new LinkedHashMap<>();
            try (ResultSet rs = statements
                    .prepare("SELECT tenant_id, seq, hash FROM audit_heads ORDER BY tenant_id")
                    .executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getString(3)));
                }
            }
            return heads;
        });
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        AuditEntry entry = new AuditEntry(rs.getString("tenant_id"), Rows.instant(rs, "at"),
                rs.getString("actor"),
                rs.getString("action"), rs.getString("resource"), rs.getString("outcome"),
                rs.getInt("status"),
                rs.getString("client_address"), rs.getString("user_agent"), rs.getString("before_digest"),
                rs.getString("after_digest"));
        return new AuditRecord(entry, rs.getLong("seq"), rs.getString("prev_hash"), rs.getString("hash"));
    }
}
