package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.EventStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link EventStore} on a JDBC {@link Database}. Events of transitions are written by
 * {@link TransitionWriter} in the transition's own transaction; this reads them, writes the events
 * published on their own, and keeps the consumers' positions. Thread-safe.
 */
final class JdbcEventStore implements EventStore {
    private static final String COLUMNS = "tx, seq, tenant_id, type, execution_id, payload, occurred_at";
    static final String INSERT = "INSERT INTO events (tenant_id, type, execution_id, parent_id, payload,"
            + " occurred_at) VALUES (?, ?, ?, ?, ?, ?)";

    private final Database db;

    JdbcEventStore(Database db) {
        this.db = db;
    }

    /** Binds an event to {@link #INSERT}, with its payload's JSON text. */
    static void bindInsert(PreparedStatement insert, EventRecord e, String payload) throws SQLException {
        insert.setString(1, e.tenantId());
        insert.setString(2, e.type());
        insert.setString(3, e.executionId());
        JsonNode parent = e.type().startsWith("execution.") ? e.payload().get("parentId") : null;
        insert.setString(4, parent != null && parent.isTextual() ? parent.asText() : null);
        insert.setString(5, payload);
        Rows.setInstant(insert, 6, e.occurredAt());
    }

    /** Writes one event in the caller's transaction. */
    static void insert(StatementCache statements, EventRecord e) throws SQLException {
        PreparedStatement insert = statements.prepare(INSERT);
        bindInsert(insert, e, Rows.json(e.payload()));
        insert.executeUpdate();
    }

    @Override
    public List<EventRecord> append(List<EventRecord> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return db.write(statements -> {
            PreparedStatement insert = statements.prepare(INSERT + " RETURNING tx, seq");
            List<EventRecord> written = new ArrayList<>();
            for (EventRecord e : events) {
                bindInsert(insert, e, Rows.json(e.payload()));
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    written.add(e.at(new EventPosition(rs.getLong(1), rs.getLong(2))));
                }
            }
            return written;
        });
    }

    @Override
    public List<EventRecord> read(EventQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE "
                + db.dialect().feedAfter());
        List<Object> args = new ArrayList<>(List.of(q.after().tx(), q.after().seq()));
        if (q.tenantId() != null) {
            sql.append(" AND tenant_id = ?");
            args.add(q.tenantId());
        }
        if (q.executionId() != null) {
            sql.append(" AND execution_id = ?");
            args.add(q.executionId());
        }
        if (!q.types().isEmpty()) {
            sql.append(" AND type IN (").append("?, ".repeat(q.types().size() - 1)).append("?)");
            args.addAll(q.types().stream().sorted().toList());
        }
        if (q.childrenOnly()) {
            sql.append(" AND parent_id IS NOT NULL");
        }
        if (q.since() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(q.since().toEpochMilli());
        }
        sql.append(db.dialect().eventHorizon()).append(" ORDER BY ").append(db.dialect().feedOrder(false))
                .append(" LIMIT ?");
        args.add(q.limit());
        return db.read(q.tenantId() == null ? Database.ALL_TENANTS : q.tenantId(), statements -> {
            PreparedStatement select = statements.prepare(sql.toString());
            bind(select, args.toArray());
            return all(select, JdbcEventStore::event);
        });
    }

    private static EventRecord event(ResultSet rs) throws SQLException {
        return new EventRecord(new EventPosition(rs.getLong("tx"), rs.getLong("seq")),
                rs.getString("tenant_id"),
                rs.getString("type"), rs.getString("execution_id"), Rows.json(rs, "payload"),
                Instant.ofEpochMilli(rs.getLong("occurred_at")));
    }

    @Override
    public Optional<EventPosition> position(String consumer) {
        return db.read(statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT tx, seq FROM event_consumers WHERE consumer = ?");
            bind(select, consumer);
            return first(select, rs -> new EventPosition(rs.getLong(1), rs.getLong(2)));
        });
    }

    @Override
    public void savePosition(String consumer, EventPosition position, Instant now) {
        db.write(statements -> {
            PreparedStatement upsert = statements.prepare("INSERT INTO event_consumers (consumer, tx, seq,"
                    + " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (consumer) DO UPDATE SET tx = excluded.tx,"
                    + " seq = excluded.seq, updated_at = excluded.updated_at"
                    + " WHERE (event_consumers.tx, event_consumers.seq) < (excluded.tx, excluded.seq)");
            bind(upsert, consumer, position.tx(), position.seq(), now.toEpochMilli());
            return upsert.executeUpdate();
        });
    }

    @Override
    public EventPosition head() {
        return db.read(statements -> {
            PreparedStatement select = statements.prepare("SELECT tx, seq FROM events WHERE 1 = 1"
                    + db.dialect().eventHorizon() + " ORDER BY " + db.dialect().feedOrder(true) + " LIMIT 1");
            return first(select, rs -> new EventPosition(rs.getLong(1), rs.getLong(2)))
                    .orElse(EventPosition.START);
        });
    }

    /**
     * From the oldest event on, in feed order: events are written roughly in time order, so the old ones
     * are at the start, and the first young one ends the sweep without reading the rest. The newest event
     * is never deleted, however old: on SQLite the next sequence number is the largest one plus one, so
     * keeping it keeps the numbers from ever going back below a consumer's position.
     */
    @Override
    public int deleteBefore(Instant cutoff, int max) {
        return db.write(statements -> {
            Optional<EventPosition> newest = first(statements.prepare("SELECT tx, seq FROM events ORDER BY "
                    + db.dialect().feedOrder(true) + " LIMIT 1"),
                    rs -> new EventPosition(rs.getLong(1), rs.getLong(2)));
            PreparedStatement select = statements.prepare("SELECT tx, seq, occurred_at FROM events ORDER BY "
                    + db.dialect().feedOrder(false) + " LIMIT ?");
            bind(select, max);
            List<long[]> old = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next() && rs.getLong(3) < cutoff.toEpochMilli()
                        && !newest.equals(Optional.of(new EventPosition(rs.getLong(1), rs.getLong(2))))) {
                    old.add(new long[]{rs.getLong(1), rs.getLong(2)});
                }
            }
            if (old.isEmpty()) {
                return 0;
            }
            PreparedStatement delete = statements.prepare("DELETE FROM events WHERE tx = ? AND seq = ?");
            for (long[] key : old) {
                bind(delete, key[0], key[1]);
                delete.addBatch();
            }
            delete.executeBatch();
            return old.size();
        });
    }
}
