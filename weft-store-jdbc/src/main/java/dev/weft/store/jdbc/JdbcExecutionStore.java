package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.bindFrom;
import static dev.weft.store.jdbc.Queries.first;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.PreparedTransitions;
import dev.weft.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * The {@link ExecutionStore} on a JDBC {@link Database}, in SQL that SQLite and PostgreSQL both accept;
 * what differs is the database's {@link Dialect}. Thread-safe.
 */
abstract sealed class JdbcExecutionStore implements ExecutionStore
        permits SqliteExecutionStore, PostgresExecutionStore {

    private static final String SELECT_FLOW_VERSION = "SELECT " + Rows.FLOW_VERSION_COLUMNS
            + " FROM flow_versions WHERE tenant_id = ? AND namespace = ? AND flow_id = ?";
    private static final String SELECT_EXECUTION = "SELECT " + Rows.EXECUTION_COLUMNS
            + " FROM executions WHERE tenant_id = ? AND id = ?";

    private static final String RENEW = "UPDATE executions SET lease_until = ?"
            + " WHERE lease_owner = ? AND id = ? AND status IN ('queued', 'running', 'waiting')";

    private final Database db;
    private final JdbcEventStore events;

    JdbcExecutionStore(Database db) {
        this.db = db;
        this.events = new JdbcEventStore(db);
    }

    @Override
    public dev.weft.engine.store.EventStore events() {
        return events;
    }

    @Override
    public FlowVersion deployFlow(String tenantId, String namespace, String flowId, String source,
            Instant now) {
        String sha256 = sha256(source);
        return db.write(tenantId, statements -> {
            // A second process or node deploying the same flow at once waits for this one.
            db.dialect().lock(statements, "flow:" + tenantId + "/" + namespace + "/" + flowId);
            Optional<FlowVersion> latest = latest(statements, tenantId, namespace, flowId);
            if (latest.isPresent() && latest.get().sha256().equals(sha256)
                    && !isDeleted(statements, latest.get())) {
                return latest.get();
            }
            FlowVersion next = new FlowVersion(tenantId, namespace, flowId,
                    latest.map(FlowVersion::version).orElse(0) + 1, source, sha256, now);
            PreparedStatement insert = statements.prepare("INSERT INTO flow_versions ("
                    + Rows.FLOW_VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
            insert.setString(1, tenantId);
            insert.setString(2, namespace);
            insert.setString(3, flowId);
            insert.setInt(4, next.version());
            insert.setString(5, source);
            insert.setString(6, sha256);
            Rows.setInstant(insert, 7, now);
            insert.executeUpdate();
            JdbcEventStore.insert(statements,
                    EventRecord.ofFlow(EventRecord.FLOW_DEPLOYED, tenantId, namespace,
                            flowId, next.version(), now));
            return next;
        });
    }

    @Override
    public Optional<FlowVersion> flowVersion(String tenantId, String namespace, String flowId, int version) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare(SELECT_FLOW_VERSION + " AND version = ?");
            bind(select, tenantId, namespace, flowId, version);
            return first(select, Rows::flowVersion);
        });
    }

    @Override
    public Optional<FlowVersion> latestFlowVersion(String tenantId, String namespace, String flowId) {
        return db.read(tenantId, statements -> latestUndeleted(statements, tenantId, namespace, flowId));
    }

    private static Optional<FlowVersion> latest(StatementCache statements, String tenantId, String namespace,
            String flowId) throws SQLException {
        PreparedStatement select = statements.prepare(SELECT_FLOW_VERSION + " ORDER BY version DESC LIMIT 1");
        bind(select, tenantId, namespace, flowId);
        return first(select, Rows::flowVersion);
    }

    private static Optional<FlowVersion> latestUndeleted(StatementCache statements, String tenantId,
            String namespace, String flowId) throws SQLException {
        return latest(statements, tenantId, namespace, flowId).filter(v -> !isDeleted(statements, v));
    }

    private static boolean isDeleted(StatementCache statements, FlowVersion v) {
        try {
            PreparedStatement select = statements.prepare("SELECT deleted_at FROM flow_versions"
                    + " WHERE tenant_id = ? AND namespace = ? AND flow_id = ? AND version = ?");
            bind(select, v.tenantId(), v.namespace(), v.flowId(), v.version());
            return first(select, rs -> rs.getObject(1) != null).orElse(false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read flow " + v.namespace() + "/" + v.flowId(), e);
        }
    }

    @Override
    public boolean deleteFlow(String tenantId, String namespace, String flowId, Instant now) {
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements.prepare("UPDATE flow_versions SET deleted_at = ?"
                    + " WHERE tenant_id = ? AND namespace = ? AND flow_id = ? AND deleted_at IS NULL");
            bind(delete, now.toEpochMilli(), tenantId, namespace, flowId);
            if (delete.executeUpdate() == 0) {
                return false;
            }
            JdbcEventStore.insert(statements,
                    EventRecord.ofFlow(EventRecord.FLOW_DELETED, tenantId, namespace,
                            flowId, null, now));
            return true;
        });
    }

    @Override
    public Optional<ExecutionRecord> cancel(String tenantId, String executionId, JsonNode error,
            Instant now) {
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare("UPDATE executions SET status = 'cancelled',"
                    + " error = ?, updated_at = ?, finished_at = ?, due_at = NULL, lease_owner = NULL,"
                    + " lease_until = NULL, lease_version = lease_version + 1 WHERE tenant_id = ? AND id = ?"
                    + " AND status NOT IN ('succeeded', 'failed', 'cancelled')");
            Rows.setJson(update, 1, error);
            bindFrom(update, 2, now.toEpochMilli(), now.toEpochMilli(), tenantId, executionId);
            if (update.executeUpdate() == 0) {
                return Optional.empty();
            }
            PreparedStatement select = statements.prepare(SELECT_EXECUTION);
            bind(select, tenantId, executionId);
            Optional<ExecutionRecord> cancelled = first(select, Rows::execution);
            if (cancelled.isPresent()) {
                JdbcEventStore.insert(statements,
                        EventRecord.ofExecution(EventRecord.EXECUTION_CANCELLED, cancelled.get(), now));
            }
            return cancelled;
        });
    }

    @Override
    public List<FlowVersion> latestFlowVersions(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + Rows.FLOW_VERSION_COLUMNS
                    + " FROM flow_versions f WHERE tenant_id = ? AND version = (SELECT max(version)"
                    + " FROM flow_versions g WHERE g.tenant_id = f.tenant_id AND g.namespace = f.namespace"
                    + " AND g.flow_id = f.flow_id) AND deleted_at IS NULL ORDER BY namespace, flow_id");
            bind(select, tenantId);
            return all(select, Rows::flowVersion);
        });
    }

    @Override
    public List<FlowVersion> flowVersions(String tenantId, String namespace, String flowId, int beforeVersion,
            int limit) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT tenant_id, namespace, flow_id, version,"
                    + " NULL AS source, sha256, created_at FROM flow_versions WHERE tenant_id = ? AND namespace = ?"
                    + " AND flow_id = ? AND version < ? ORDER BY version DESC LIMIT ?");
            bind(select, tenantId, namespace, flowId, beforeVersion, limit);
            return all(select, Rows::flowVersion);
        });
    }

    @Override
    public List<Boolean> apply(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return List.of();
        }
        List<EncodedTransition> encoded = EncodedTransition.of(transitions);
        return db.write(statements -> TransitionWriter.apply(statements, encoded));
    }

    /** Encodes the transitions' JSON on the caller's thread (see {@link EncodedTransition}). */
    @Override
    public PreparedTransitions prepare(List<Transition> transitions) {
        return new EncodedTransition.Prepared(List.copyOf(transitions), EncodedTransition.of(transitions));
    }

    @Override
    public List<Boolean> applyPrepared(List<PreparedTransitions> prepared) {
        List<EncodedTransition> all = new ArrayList<>();
        for (PreparedTransitions p : prepared) {
            all.addAll(p instanceof EncodedTransition.Prepared encoded
                    ? encoded.encoded()
                    : EncodedTransition.of(p.transitions()));
        }
        if (all.isEmpty()) {
            return List.of();
        }
        return db.write(statements -> TransitionWriter.apply(statements, all));
    }

    @Override
    public Optional<ExecutionRecord> execution(String tenantId, String executionId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare(SELECT_EXECUTION);
            bind(select, tenantId, executionId);
            return first(select, Rows::execution);
        });
    }

    /**
     * Newest first, by {@code created_at} then id, both descending: a total order, so that the keyset
     * condition of a cursor resumes exactly after the row it names. The list indexes (V5) end with
     * {@code created_at, id}, so a page is one index range read backwards.
     */
    @Override
    public List<ExecutionRecord> executions(ExecutionQuery query) {
        Listing listing = listing(query, db.dialect());
        return db.read(query.tenantId(), statements -> {
            PreparedStatement select = statements.prepare(listing.sql());
            bind(select, listing.args());
            return all(select, Rows::execution);
        });
    }

    @Override
    public java.util.Map<ExecutionStatus, Long> countUnfinished(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT status, COUNT(*) FROM executions"
                    + " WHERE tenant_id = ? AND status IN ('queued', 'running', 'waiting') GROUP BY status");
            bind(select, tenantId);
            java.util.Map<ExecutionStatus, Long> counts = new java.util.EnumMap<>(ExecutionStatus.class);
            try (java.sql.ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    counts.put(ExecutionStatus.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)),
                            rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public dev.weft.engine.store.ExecutionStats stats(dev.weft.engine.store.ExecutionStats.Query query) {
        return ExecutionStatsRows.read(db, query);
    }

    /** The tenant's text in each table and column it is counted from: {@link #storedBytes}. */
    private static final java.util.Map<String, List<String>> DATA_COLUMNS = new java.util.LinkedHashMap<>();
    static {
        DATA_COLUMNS.put("flow_versions", List.of("source"));
        DATA_COLUMNS.put("executions", List.of("input", "output", "error", "trigger"));
        DATA_COLUMNS.put("steps", List.of("input", "output", "error"));
        DATA_COLUMNS.put("step_attempts", List.of("error_message"));
        DATA_COLUMNS.put("signals", List.of("payload"));
        DATA_COLUMNS.put("payloads", List.of("json"));
        DATA_COLUMNS.put("events", List.of("payload"));
    }

    @Override
    public long storedBytes(String tenantId) {
        Dialect dialect = db.dialect();
        StringBuilder sql = new StringBuilder("SELECT ");
        String plus = "";
        for (var table : DATA_COLUMNS.entrySet()) {
            String sizes = String.join(" + ", table.getValue().stream().map(dialect::byteLength).toList());
            sql.append(plus).append("(SELECT COALESCE(SUM(").append(sizes).append("), 0) FROM ")
                    .append(table.getKey()).append(" WHERE tenant_id = ?)");
            plus = " + ";
        }
        String select = sql.toString();
        return db.read(tenantId, statements -> {
            PreparedStatement sum = statements.prepare(select);
            for (int i = 1; i <= DATA_COLUMNS.size(); i++) {
                sum.setString(i, tenantId);
            }
            try (java.sql.ResultSet rs = sum.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The SELECT of {@link #executions} and its arguments. */
    record Listing(String sql, Object[] args) {
    }

    static Listing listing(ExecutionQuery query, Dialect dialect) {
        StringBuilder sql = new StringBuilder("SELECT ").append(Rows.EXECUTION_COLUMNS)
                .append(" FROM executions WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(query.tenantId());
        if (query.flow() != null && !query.flow().isEmpty()) {
            int slash = query.flow().lastIndexOf('/');
            if (slash <= 0 || slash == query.flow().length() - 1) {
                throw new IllegalArgumentException("flow must be namespace/id, but was " + query.flow());
            }
            sql.append(" AND namespace = ? AND flow_id = ?");
            args.add(query.flow().substring(0, slash));
            args.add(query.flow().substring(slash + 1));
        }
        if (!query.namespaces().isEmpty()) {
            StringJoiner in = new StringJoiner(", ", " AND namespace IN (", ")");
            for (String namespace : new java.util.TreeSet<>(query.namespaces())) {
                in.add("?");
                args.add(namespace);
            }
            sql.append(in);
        }
        if (!query.statuses().isEmpty()) {
            StringJoiner in = new StringJoiner(", ", " AND status IN (", ")");
            for (ExecutionStatus status : query.statuses()) {
                in.add("?");
                args.add(status.wireName());
            }
            sql.append(in);
        }
        if (!query.triggers().isEmpty()) {
            StringJoiner in = new StringJoiner(", ", " AND trigger_type IN (", ")");
            for (String kind : new java.util.TreeSet<>(query.triggers())) {
                in.add("?");
                args.add(kind);
            }
            sql.append(in);
        }
        if (query.idPrefix() != null) {
            // Each branch repeats the tenant, so that each is one range of its own index (V34) and the
            // database reads the union of the two ranges instead of the tenant's every row.
            String prefix = query.idPrefix();
            String successor = successor(prefix);
            StringBuilder or = new StringBuilder(" AND (");
            String sep = "";
            for (String column : List.of("id", "trigger_key")) {
                String c = dialect.binary(column);
                or.append(sep).append("(tenant_id = ? AND ").append(c).append(" >= ?");
                args.add(query.tenantId());
                args.add(prefix);
                if (successor != null) {
                    or.append(" AND ").append(c).append(" < ?");
                    args.add(successor);
                }
                or.append(')');
                sep = " OR ";
            }
            sql.append(or).append(')');
        }
        if (query.createdFrom() != null) {
            // A whole number of milliseconds m is at or after an instant t exactly when m >= ceil(t).
            sql.append(" AND created_at >= ?");
            args.add(ceilMillis(query.createdFrom()));
        }
        upperBound(query, sql, args);
        sql.append(" ORDER BY ").append(query.idPrefix() == null
                ? "created_at DESC, id DESC"
                : dialect.prefixListOrder());
        if (query.limit() > 0) {
            sql.append(" LIMIT ?");
            args.add(query.limit());
        }
        return new Listing(sql.toString(), args.toArray());
    }

    /**
     * The least text after every text that starts with {@code prefix}, in code point order: the prefix with
     * its last code point incremented; null when there is none (it ends with the highest code point).
     */
    static String successor(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        if (last == Character.MAX_CODE_POINT) {
            return null;
        }
        int next = last + 1;
        if (next == Character.MIN_SURROGATE) {
            next = Character.MAX_SURROGATE + 1;
        }
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(next);
    }

    /**
     * Where the rows end: before {@code createdTo}, after the cursor, or both. Only the tighter of the
     * two goes into the SQL, since it implies the other: given both, SQLite ranges its index scan over
     * one and filters by the other, which would read every row from {@code createdTo} down to the cursor.
     * A whole number of milliseconds m is before an instant t exactly when m &lt; ceil(t), so that bounds
     * finer than the stored milliseconds compare exactly.
     */
    private static void upperBound(ExecutionQuery query, StringBuilder sql, List<Object> args) {
        Long before = query.createdTo() == null ? null : ceilMillis(query.createdTo());
        ExecutionQuery.Cursor after = query.after();
        if (after != null) {
            long at = floorMillis(after.createdAt());
            boolean whole = after.createdAt().getNano() % 1_000_000 == 0;
            if (!whole) {
                // No stored row shares a sub-millisecond instant: the rows after it are those before its ceiling.
                before = before == null
                        ? ceilMillis(after.createdAt())
                        : Math.min(before, ceilMillis(after.createdAt()));
            } else if (before == null || at < before) {
                // A row value, not the equivalent OR: both databases start the index scan at the cursor
                // instead of filtering every newer row.
                sql.append(" AND (created_at, id) < (?, ?)");
                args.add(at);
                args.add(after.id());
                return;
            }
        }
        if (before != null) {
            sql.append(" AND created_at < ?");
            args.add(before);
        }
    }

    @Override
    public List<StepRecord> steps(String tenantId, String executionId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + Rows.STEP_COLUMNS
                    + " FROM steps WHERE tenant_id = ? AND execution_id = ? ORDER BY seq, path");
            bind(select, tenantId, executionId);
            return all(select, Rows::step);
        });
    }

    @Override
    public List<StepAttempt> attempts(String tenantId, String executionId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + Rows.ATTEMPT_COLUMNS
                    + " FROM step_attempts WHERE tenant_id = ? AND execution_id = ? ORDER BY id");
            bind(select, tenantId, executionId);
            return all(select, Rows::attempt);
        });
    }

    @Override
    public List<ExecutionRecord> claim(ClaimRequest request) {
        Objects.requireNonNull(request.owner(), "owner");
        if (request.max() <= 0) {
            return List.of();
        }
        return db.write(statements -> db.dialect().claim(statements, request));
    }

    @Override
    public void renewLeases(String owner, Collection<String> executionIds, Instant until) {
        if (executionIds.isEmpty()) {
            return;
        }
        db.write(statements -> {
            PreparedStatement renew = statements.prepare(RENEW);
            // In id order, the order in which every write that locks several executions locks them.
            for (String id : new TreeSet<>(executionIds)) {
                bind(renew, until.toEpochMilli(), owner, id);
                renew.addBatch();
            }
            renew.executeBatch();
            return null;
        });
    }

    @Override
    public boolean addSignal(String tenantId, String executionId, String name, JsonNode payload,
            Instant now) {
        try {
            return addSignalOrRefuse(tenantId, executionId, name, payload, now);
        } catch (SignalRefused refused) {
            return false;
        }
    }

    /**
     * A refused signal, thrown inside the transaction so that it rolls back: its row lock changed nothing,
     * and a request's audit entry must not be committed with it as if it had (PostgreSQL counts a lock as
     * a write).
     */
    private static final class SignalRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SignalRefused() {
            super(null, null, false, false);
        }
    }

    private boolean addSignalOrRefuse(String tenantId, String executionId, String name, JsonNode payload,
            Instant now) {
        return db.write(tenantId, statements -> {
            // Locked until commit: a worker's park (to WAITING) waits, or is seen, and a signal that
            // arrives during a commit to a terminal state is refused rather than left unconsumed.
            PreparedStatement status = statements.prepare(
                    "SELECT status FROM executions WHERE tenant_id = ? AND id = ?"
                            + db.dialect().forUpdate());
            bind(status, tenantId, executionId);
            Optional<ExecutionStatus> current = first(status, rs -> Rows.executionStatus(rs.getString(1)));
            if (current.isEmpty() || current.get().terminal()) {
                throw new SignalRefused();
            }
            PreparedStatement insert = statements.prepare("INSERT INTO signals"
                    + " (tenant_id, execution_id, name, payload, received_at) VALUES (?, ?, ?, ?, ?)");
            insert.setString(1, tenantId);
            insert.setString(2, executionId);
            insert.setString(3, name);
            Rows.setJson(insert, 4, payload);
            Rows.setInstant(insert, 5, now);
            insert.executeUpdate();
            if (current.get() == ExecutionStatus.WAITING) {
                PreparedStatement wake = statements.prepare(
                        "UPDATE executions SET due_at = ? WHERE tenant_id = ? AND id = ?");
                bind(wake, now.toEpochMilli(), tenantId, executionId);
                wake.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<SignalRecord> signals(String tenantId, String executionId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + Rows.SIGNAL_COLUMNS
                    + " FROM signals WHERE tenant_id = ? AND execution_id = ? ORDER BY seq");
            bind(select, tenantId, executionId);
            return all(select, Rows::signal);
        });
    }

    @Override
    public Optional<byte[]> payload(String tenantId, String hash) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare(
                    "SELECT json FROM payloads WHERE tenant_id = ? AND hash = ?");
            bind(select, tenantId, hash);
            return first(select, rs -> rs.getString(1).getBytes(StandardCharsets.UTF_8));
        });
    }

    @Override
    public Optional<Instant> nextDueAt() {
        return db.read(statements -> {
            PreparedStatement select = statements.prepare(
                    "SELECT min(due_at) AS next_due_at FROM executions WHERE status = 'waiting'");
            return first(select, rs -> Rows.instant(rs, "next_due_at"));
        });
    }

    /** Closes the database, and with it every store of the storage it belongs to. */
    @Override
    public void close() {
        db.close();
    }

    static String sha256(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Epoch milliseconds rounded down; an instant beyond the range of a long is its end. */
    static long floorMillis(Instant t) {
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Epoch milliseconds rounded up; an instant beyond the range of a long is its end. */
    static long ceilMillis(Instant t) {
        long floor = floorMillis(t);
        return t.getNano() % 1_000_000 == 0 || floor == Long.MAX_VALUE ? floor : floor + 1;
    }
}
