package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.bindFrom;

import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
    // The same without the work of lost workers: rows nobody holds, from the small partial index
    // executions_unowned (V7). The two above walk every active row, the live ones of busy workers
    // included, and, until a vacuum, the index entries of each execution's earlier row versions.
    private static final String TAKE_RUNNING_UNOWNED = String.format(TAKE,
            "status = 'running' AND lease_owner IS NULL", "rowid");
    private static final String TAKE_QUEUED_UNOWNED = String.format(TAKE,
            "status = 'queued' AND lease_owner IS NULL", "rowid");
    private static final String READY_OF_OWNER = "lease_owner = ? AND lease_until > ?"
            + " AND (status IN ('queued', 'running') OR (status = 'waiting' AND due_at <= ?))";
    // Two selects, so that each walks its partial index: a plain OR would read every row's owner.
    private static final String LIVE_OWNERS = "SELECT lease_owner FROM executions"
            + " WHERE status IN ('queued', 'running') AND lease_owner <> ? AND lease_until > ?"
            + " UNION SELECT lease_owner FROM executions"
            + " WHERE status = 'waiting' AND due_at <= ? AND lease_owner <> ? AND lease_until > ?";
    private static final String TAKE_OF_OWNER = String.format(TAKE, READY_OF_OWNER, "rowid");

    // Webhook deliveries: a held one is due when its lease ends, so the pending ones due now are the free
    // ones, read oldest due first from the partial index webhook_deliveries_due (V26) without passing over
    // those in flight; locked and leased in one statement (due again when the new lease ends), answered
    // with their messages in the order they were due. endpoint_id = ANY (?) names the endpoints to skip
    // (an empty array matches nothing, so one SQL text serves).
    private static final String TAKE_DELIVERIES = "WITH picked AS (SELECT tenant_id AS picked_tenant,"
            + " id AS picked_id, due_at AS picked_due FROM webhook_deliveries WHERE status = 'pending' AND %s"
            + " AND NOT (endpoint_id = ANY (?)) ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED),"
            + " claimed AS (UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ?, due_at = ?,"
            + " lease_version = lease_version + 1 FROM picked WHERE tenant_id = picked_tenant AND id = picked_id"
            + " RETURNING " + WebhookRows.DELIVERY_COLUMNS + ", picked_due)"
            + " SELECT " + WebhookRows.CLAIMED_COLUMNS + " FROM claimed d JOIN webhook_messages m"
            + " ON m.tenant_id = d.tenant_id AND m.id = d.message_id ORDER BY d.picked_due, d.id";
    private static final String TAKE_DUE_DELIVERIES = String.format(TAKE_DELIVERIES, "due_at <= ?");
    // Live leases of dead owners: held, so due in the future, and ending by the claimer's own lease's end.
    private static final String TAKE_DEAD_OWNERS_DELIVERIES = String.format(TAKE_DELIVERIES,
            "due_at > ? AND due_at <= ? AND lease_owner = ANY (?)");
    // The owners of live leases ending by the claimer's own lease's end: a range of the same index, as
    // long as a lease (retries due later, unheld, are past its end).
    private static final String LIVE_DELIVERY_OWNERS = "SELECT DISTINCT lease_owner FROM webhook_deliveries"
            + " WHERE status = 'pending' AND due_at > ? AND due_at <= ? AND lease_owner <> ?";

    private PostgresDialect() {
    }

    @Override
    public String eventHorizon() {
        // Every transaction older than the oldest one still running has ended: its rows are all visible.
        return " AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
    }

    @Override
    public String feedOrder(boolean newestFirst) {
        return newestFirst ? "tx DESC, seq DESC" : "tx, seq";
    }

    /** A row value: the scan of the primary key (tx, seq) starts at the position. */
    @Override
    public String joinEach(String table, String alias, String on) {
        // OFFSET 0 keeps the planner from pulling the subquery up into a plain join (and hash-joining again).
        return " CROSS JOIN LATERAL (SELECT * FROM " + table + " " + alias + " WHERE " + on + " OFFSET 0) "
                + alias;
    }

    @Override
    public SyncLinks syncLinks() {
        return PostgresSyncLinks.INSTANCE;
    }

    @Override
    public String feedAfter() {
        return "(tx, seq) > (?, ?)";
    }

    @Override
    public String byteLength(String column) {
        return "COALESCE(octet_length(" + column + "), 0)";
    }

    @Override
    public String forUpdate() {
        return " FOR UPDATE";
    }

    @Override
    public String forUpdateSkipLocked() {
        return " FOR UPDATE SKIP LOCKED";
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
        if (!request.lostWork()) {
            take(statements.prepare(TAKE_RUNNING_UNOWNED), claimed, request, leaseUntil);
            take(statements.prepare(TAKE_QUEUED_UNOWNED), claimed, request, leaseUntil);
            return claimed;
        }
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

    /**
     * The due deliveries first; when they do not fill the claim, the owners of live leases are asked whether
     * they are dead (one query for all of them), and the dead ones' deliveries are taken.
     */
    @Override
    public List<ClaimedDelivery> claimDeliveries(StatementCache statements, DeliveryClaim claim)
            throws SQLException {
        long now = claim.now().toEpochMilli();
        Array skip = statements.connection().createArrayOf("text", claim.skipEndpoints().toArray());
        List<ClaimedDelivery> claimed = new ArrayList<>();
        takeDeliveries(statements.prepare(TAKE_DUE_DELIVERIES), claim, claimed, now, skip);
        if (claimed.size() < claim.max()) {
            PreparedStatement owners = statements.prepare(LIVE_DELIVERY_OWNERS);
            bind(owners, now, claim.leaseUntil().toEpochMilli(), claim.owner());
            String[] dead = all(owners, rs -> rs.getString(1)).stream().filter(claim.ownerIsDead())
                    .toArray(String[]::new);
            if (dead.length > 0) {
                takeDeliveries(statements.prepare(TAKE_DEAD_OWNERS_DELIVERIES), claim, claimed, now,
                        claim.leaseUntil().toEpochMilli(),
                        statements.connection().createArrayOf("text", dead),
                        skip);
            }
        }
        return claimed;
    }

    /** Runs one {@link #TAKE_DELIVERIES} for what is left of the claim's max; its condition takes {@code args}. */
    private static void takeDeliveries(PreparedStatement take, DeliveryClaim claim,
            List<ClaimedDelivery> claimed,
            Object... args) throws SQLException {
        int left = claim.max() - claimed.size();
        if (left <= 0) {
            return;
        }
        bind(take, args);
        long leaseUntil = claim.leaseUntil().toEpochMilli();
        bindFrom(take, args.length + 1, left, claim.owner(), leaseUntil, leaseUntil);
        claimed.addAll(all(take,
                rs -> new ClaimedDelivery(WebhookRows.delivery(rs), WebhookRows.claimedMessage(rs))));
    }

    @Override
    public String binary(String column) {
        return column + " COLLATE \"C\"";
    }

    @Override
    public String prefixListOrder() {
        return "created_at DESC, id DESC";
    }
}
