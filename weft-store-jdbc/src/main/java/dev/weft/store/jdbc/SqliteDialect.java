package dev.weft.store.jdbc;

import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * SQLite's SQL where it differs: a write transaction ({@code BEGIN IMMEDIATE}) holds the only write lock,
 * so a claim may read candidates and then take them, and nothing needs locking row by row. Stateless.
 */
final class SqliteDialect implements Dialect {

    static final SqliteDialect INSTANCE = new SqliteDialect();

    // Ready work in the order it is preferred: due timers and retries, work of lost workers, new work.
    // One query per status so that each walks the (status, due_at) index; queued rows come in insertion
    // order, which is first come, first served.
    // The requester's own live leases are what it is driving; leaving them out in SQL keeps a busy
    // worker's claim from reading back every execution it runs, under the write lock, on every poll.
    private static final String NOT_MINE = "(lease_owner IS NULL OR lease_until <= ? OR lease_owner <> ?)";
    private static final String CANDIDATES = "SELECT tenant_id, id, lease_owner, lease_until, lease_version"
            + " FROM executions WHERE status = 'waiting' AND due_at <= ?"
            + " UNION ALL SELECT tenant_id, id, lease_owner, lease_until, lease_version"
            + " FROM executions WHERE status = 'running' AND " + NOT_MINE
            + " UNION ALL SELECT tenant_id, id, lease_owner, lease_until, lease_version"
            + " FROM executions WHERE status = 'queued' AND " + NOT_MINE;
    private static final String TAKE_LEASE = "UPDATE executions SET lease_owner = ?, lease_until = ?,"
            + " lease_version = lease_version + 1 WHERE tenant_id = ? AND id = ? AND lease_version = ?";
    private static final String SELECT_EXECUTION = "SELECT " + Rows.EXECUTION_COLUMNS
            + " FROM executions WHERE tenant_id = ? AND id = ?";

    // Webhook deliveries: pending ones due now, oldest due first, from the partial index
    // webhook_deliveries_due (V26); which of them are free is decided here, reading their leases.
    private static final String DUE_DELIVERIES = "SELECT tenant_id, id, endpoint_id, lease_owner, lease_until"
            + " FROM webhook_deliveries WHERE status = 'pending' AND due_at <= ? ORDER BY due_at";
    private static final String TAKE_DELIVERY = "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ?,"
            + " lease_version = lease_version + 1 WHERE tenant_id = ? AND id = ?";
    private static final String SELECT_CLAIMED = "SELECT " + WebhookRows.CLAIMED_COLUMNS
            + " FROM webhook_deliveries d JOIN webhook_messages m"
            + " ON m.tenant_id = d.tenant_id AND m.id = d.message_id WHERE d.tenant_id = ? AND d.id = ?";

    private record Candidate(String tenantId, String id, long leaseVersion) {
    }

    private SqliteDialect() {
    }

    @Override
    public String eventHorizon() {
        return "";
    }

    @Override
    public String feedOrder(boolean newestFirst) {
        return newestFirst ? "seq DESC" : "seq";
    }

    /** tx is always 0 here: after (tx, s) is tx = 0 and seq > s, a range of the row id. */
    @Override
    public String feedAfter() {
        return "tx = ? AND seq > ?";
    }

    @Override
    public String byteLength(String column) {
        return "COALESCE(length(CAST(" + column + " AS BLOB)), 0)";
    }

    @Override
    public String forUpdate() {
        return "";
    }

    @Override
    public void lock(StatementCache statements, String key) {
        // The write transaction holds the database's only write lock already.
    }

    @Override
    public List<ExecutionRecord> claim(StatementCache statements, ClaimRequest request) throws SQLException {
        long now = request.now().toEpochMilli();
        List<Candidate> free = new ArrayList<>();
        Predicate<String> ownerIsDead = request.ownerIsDead() == null
                ? owner -> false
                : request.ownerIsDead();
        Map<String, Boolean> deadOwners = new HashMap<>();
        PreparedStatement candidates = statements.prepare(CANDIDATES);
        candidates.setLong(1, now);
        for (int part = 0; part < 2; part++) {
            candidates.setLong(2 + 2 * part, now);
            candidates.setString(3 + 2 * part, request.owner());
        }
        try (ResultSet rs = candidates.executeQuery()) {
            while (free.size() < request.max() && rs.next()) {
                Candidate candidate = new Candidate(rs.getString(1), rs.getString(2), rs.getLong(5));
                String owner = rs.getString(3);
                long leaseUntil = rs.getLong(4);
                boolean leaseLive = owner != null && !rs.wasNull() && leaseUntil > now;
                if (!leaseLive) {
                    free.add(candidate);
                } else if (owner.equals(request.owner())) {
                    // The requester is driving it already; claiming again would fence out its own worker.
                    continue;
                } else if (deadOwners.computeIfAbsent(owner, ownerIsDead::test)) {
                    free.add(candidate);
                }
            }
        }
        List<Candidate> chosen = free;

        long leaseUntil = request.now().plus(request.lease()).toEpochMilli();
        PreparedStatement take = statements.prepare(TAKE_LEASE);
        PreparedStatement select = statements.prepare(SELECT_EXECUTION);
        List<ExecutionRecord> claimed = new ArrayList<>(chosen.size());
        for (Candidate candidate : chosen) {
            take.setString(1, request.owner());
            take.setLong(2, leaseUntil);
            take.setString(3, candidate.tenantId());
            take.setString(4, candidate.id());
            take.setLong(5, candidate.leaseVersion());
            // Always 1 while the write lock is held; the compare-and-set keeps the fence explicit.
            if (take.executeUpdate() != 1) {
                continue;
            }
            select.setString(1, candidate.tenantId());
            select.setString(2, candidate.id());
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    claimed.add(Rows.execution(rs));
                }
            }
        }
        return claimed;
    }

    /**
     * Reads due deliveries in order and takes the free ones: no lease, an expired one, or one whose owner
     * {@code ownerIsDead} says is dead (asked once per owner). The write lock is held, so nothing changes
     * between the read and the take.
     */
    @Override
    public List<ClaimedDelivery> claimDeliveries(StatementCache statements, DeliveryClaim claim)
            throws SQLException {
        long now = claim.now().toEpochMilli();
        Map<String, Boolean> deadOwners = new HashMap<>();
        List<String[]> free = new ArrayList<>();
        PreparedStatement due = statements.prepare(DUE_DELIVERIES);
        due.setLong(1, now);
        try (ResultSet rs = due.executeQuery()) {
            while (free.size() < claim.max() && rs.next()) {
                if (claim.skipEndpoints().contains(rs.getString(3))) {
                    continue;
                }
                String owner = rs.getString(4);
                long leaseUntil = rs.getLong(5);
                boolean leaseLive = owner != null && !rs.wasNull() && leaseUntil > now;
                if (!leaseLive || !owner.equals(claim.owner())
                        && deadOwners.computeIfAbsent(owner, claim.ownerIsDead()::test)) {
                    free.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
        }
        PreparedStatement take = statements.prepare(TAKE_DELIVERY);
        PreparedStatement select = statements.prepare(SELECT_CLAIMED);
        List<ClaimedDelivery> claimed = new ArrayList<>(free.size());
        for (String[] key : free) {
            take.setString(1, claim.owner());
            take.setLong(2, claim.leaseUntil().toEpochMilli());
            take.setString(3, key[0]);
            take.setString(4, key[1]);
            take.executeUpdate();
            select.setString(1, key[0]);
            select.setString(2, key[1]);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    claimed.add(
                            new ClaimedDelivery(WebhookRows.delivery(rs), WebhookRows.claimedMessage(rs)));
                }
            }
        }
        return claimed;
    }
}
