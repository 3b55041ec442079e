package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;

import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.Transition;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * PostgreSQL's SQL where it differs. Several nodes claim at once: each claim locks the rows it takes with
 * {@code FOR UPDATE SKIP LOCKED}, so that a row locked by another node's claim (or commit) is passed
 * over instead of waited for or taken twice. Stateless.
 */
final class PostgresDialect implements Dialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    private static final String FREE = "(lease_owner IS NULL OR lease_until <= ?)";
    // Takes the lease of the rows that the inner select locks. The select's aliases keep the RETURNING
    // list unambiguous.
    private static final String TAKE = "WITH picked AS (SELECT tenant_id AS picked_tenant, id AS picked_id"
            + " FROM executions WHERE %s ORDER BY %s LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " UPDATE executions SET lease_owner = ?, lease_until = ?, lease_version = lease_version + 1"
            + " FROM picked WHERE tenant_id = picked_tenant AND id = picked_id RETURNING "
            + Rows.EXECUTION_COLUMNS;
    // Ready work in the order it is preferred, as on SQLite: due timers and retries, work of lost
    // workers, new work first come, first served. Each walks a partial index in this order.
    private static final String TAKE_DUE = String.format(TAKE,
            "status = 'waiting' AND due_at <= ? AND " + FREE, "due_at");
    private static final String TAKE_RUNNING = String.format(TAKE, "status = 'running' AND " + FREE, "rowid");
    private static final String TAKE_QUEUED = String.format(TAKE, "status = 'queued' AND " + FREE, "rowid");
    private static final String READY_OF_OWNER = "lease_owner = ? AND lease_until > ?"
            + " AND (status IN ('queued', 'running') OR (status = 'waiting' AND due_at <= ?))";
    // Two selects, so that each walks its partial index: a plain OR would read every row's owner.
    private static final String LIVE_OWNERS = "SELECT lease_owner FROM executions"
            + " WHERE status IN ('queued', 'running') AND lease_owner <> ? AND lease_until > ?"
            + " UNION SELECT lease_owner FROM executions"
            + " WHERE status = 'waiting' AND due_at <= ? AND lease_owner <> ? AND lease_until > ?";
    private static final String TAKE_OF_OWNER = String.format(TAKE, READY_OF_OWNER, "rowid");

    private PostgresDialect() {
    }

    @Override
    public String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    public void lockUpdated(StatementCache statements, List<Transition> transitions) throws SQLException {
        Set<String> ids = new TreeSet<>();
        Set<String> tenants = new TreeSet<>();
        for (Transition transition : transitions) {
            if (transition.kind() == Transition.Kind.UPDATE) {
                ids.add(transition.execution().id());
                tenants.add(transition.execution().tenantId());
            }
        }
        // One row cannot close a cycle: nothing else this transaction does waits for another writer.
        if (ids.size() < 2) {
            return;
        }
        // NO KEY UPDATE, the lock an UPDATE of non-key columns takes: it lets foreign-key checks of
        // concurrent signal inserts through, as the updates themselves would.
        // Both columns of the key, so that the primary key finds the rows; an id of one tenant that
        // another tenant uses too is locked as well, which does no harm.
        PreparedStatement lock = statements.prepare("SELECT 1 FROM executions WHERE tenant_id = ANY (?)"
                + " AND id = ANY (?) ORDER BY id, tenant_id FOR NO KEY UPDATE");
        lock.setArray(1, statements.connection().createArrayOf("text", tenants.toArray()));
        lock.setArray(2, statements.connection().createArrayOf("text", ids.toArray()));
        lock.execute();
    }

    @Override
    public void lock(StatementCache statements, String key) throws SQLException {
        PreparedStatement lock = statements.prepare("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))");
        lock.setString(1, key);
        lock.execute();
    }

    @Override
    public List<ExecutionRecord> claim(StatementCache statements, ClaimRequest request) throws SQLException {
        long now = request.now().toEpochMilli();
        long leaseUntil = request.now().plus(request.lease()).toEpochMilli();
        List<ExecutionRecord> claimed = new ArrayList<>();
        take(statements.prepare(TAKE_DUE), claimed, request, leaseUntil, now, now);
        take(statements.prepare(TAKE_RUNNING), claimed, request, leaseUntil, now);
        take(statements.prepare(TAKE_QUEUED), claimed, request, leaseUntil, now);
        if (claimed.size() < request.max() && request.ownerIsDead() != null) {
            takeFromDeadOwners(statements, request, claimed, now, leaseUntil);
        }
        return claimed;
    }

    /**
     * Live leases of owners known to be dead (a killed process on this host) are taken at once. Only the
     * owners of ready rows are asked about, one query for all of them.
     */
    private static void takeFromDeadOwners(StatementCache statements, ClaimRequest request,
            List<ExecutionRecord> claimed, long now, long leaseUntil) throws SQLException {
        PreparedStatement owners = statements.prepare(LIVE_OWNERS);
        bind(owners, request.owner(), now, now, request.owner(), now);
        Predicate<String> ownerIsDead = request.ownerIsDead();
        for (String dead : all(owners, rs -> rs.getString(1))) {
            if (claimed.size() >= request.max()) {
                return;
            }
            if (ownerIsDead.test(dead)) {
                take(statements.prepare(TAKE_OF_OWNER), claimed, request, leaseUntil, dead, now, now);
            }
        }
    }

    /** Runs one {@link #TAKE} for what is left of the request's max; its condition takes {@code args}. */
    private static void take(PreparedStatement take, List<ExecutionRecord> claimed, ClaimRequest request,
            long leaseUntil, Object... args) throws SQLException {
        int left = request.max() - claimed.size();
        if (left <= 0) {
            return;
        }
        bind(take, args);
        take.setInt(args.length + 1, left);
        take.setString(args.length + 2, request.owner());
        take.setLong(args.length + 3, leaseUntil);
        claimed.addAll(all(take, Rows::execution));
    }
}
