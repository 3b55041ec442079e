package dev.weft.store.jdbc;

import dev.weft.engine.store.ClaimRequest;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

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

    // Webhook deliveries: a held one is due when its lease ends, so the pending ones due now are the free
    // ones, read oldest due first from the partial index webhook_deliveries_due (V26) with their messages,
    // without passing over those in flight.
    private static final String DELIVERY_CANDIDATES = "SELECT d.rowid, " + WebhookRows.CLAIMED_COLUMNS
            + " FROM webhook_deliveries d JOIN webhook_messages m"
            + " ON m.tenant_id = d.tenant_id AND m.id = d.message_id WHERE d.status = 'pending' AND %s"
            + " ORDER BY d.due_at";
    private static final String DUE_DELIVERIES = String.format(DELIVERY_CANDIDATES, "d.due_at <= ?");
    // Live leases of a dead owner: held, so due in the future, and ending by the claimer's own lease's end.
    private static final String DEAD_OWNERS_DELIVERIES = String.format(DELIVERY_CANDIDATES,
            "d.due_at > ? AND d.due_at <= ? AND d.lease_owner = ?");
    // The owners of live leases ending by the claimer's own lease's end: a range of the same index, as
    // long as a lease (retries due later, unheld, are past its end).
    private static final String LIVE_DELIVERY_OWNERS = "SELECT DISTINCT lease_owner FROM webhook_deliveries"
            + " WHERE status = 'pending' AND due_at > ? AND due_at <= ? AND lease_owner <> ?";
    // Every chosen row in one statement, named by row id in a JSON array; due again when the lease ends.
    private static final String TAKE_DELIVERIES = "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ?,"
            + " due_at = ?, lease_version = lease_version + 1"
            + " WHERE rowid IN (SELECT value FROM json_each(?)) RETURNING rowid, "
            + WebhookRows.DELIVERY_COLUMNS;

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
    public String joinEach(String table, String alias, String on) {
        return " JOIN " + table + " " + alias + " ON " + on;
    }

    @Override
    public SyncLinks syncLinks() {
        return SqliteSyncLinks.INSTANCE;
    }

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
    public String forUpdateSkipLocked() {
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
     * Reads the due deliveries with their messages in order, skipping the endpoints to skip; when they do not
     * fill the claim, asks whether the owners of live leases are dead (once per owner) and reads the dead
     * ones' deliveries; then takes them all in one update. The write lock is held, so nothing changes between
     * the reads and the update.
     */
    @Override
    public List<ClaimedDelivery> claimDeliveries(StatementCache statements, DeliveryClaim claim)
            throws SQLException {
        long now = claim.now().toEpochMilli();
        Map<Long, WebhookMessage> chosen = new LinkedHashMap<>();
        PreparedStatement due = statements.prepare(DUE_DELIVERIES);
        due.setLong(1, now);
        choose(due, claim, chosen);
        if (chosen.size() < claim.max()) {
            PreparedStatement owners = statements.prepare(LIVE_DELIVERY_OWNERS);
            owners.setLong(1, now);
            owners.setLong(2, claim.leaseUntil().toEpochMilli());
            owners.setString(3, claim.owner());
            List<String> dead = new ArrayList<>();
            try (ResultSet rs = owners.executeQuery()) {
                while (rs.next()) {
                    dead.add(rs.getString(1));
                }
            }
            PreparedStatement ofOwner = statements.prepare(DEAD_OWNERS_DELIVERIES);
            for (String owner : dead) {
                if (chosen.size() < claim.max() && claim.ownerIsDead().test(owner)) {
                    ofOwner.setLong(1, now);
                    ofOwner.setLong(2, claim.leaseUntil().toEpochMilli());
                    ofOwner.setString(3, owner);
                    choose(ofOwner, claim, chosen);
                }
            }
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        PreparedStatement take = statements.prepare(TAKE_DELIVERIES);
        take.setString(1, claim.owner());
        take.setLong(2, claim.leaseUntil().toEpochMilli());
        take.setLong(3, claim.leaseUntil().toEpochMilli());
        take.setString(4,
                chosen.keySet().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        Map<Long, WebhookDelivery> taken = new HashMap<>();
        try (ResultSet rs = take.executeQuery()) {
            while (rs.next()) {
                taken.put(rs.getLong(1), WebhookRows.delivery(rs));
            }
        }
        // In the order read (RETURNING's order is undefined).
        List<ClaimedDelivery> claimed = new ArrayList<>(chosen.size());
        chosen.forEach((rowid, message) -> claimed.add(new ClaimedDelivery(taken.get(rowid), message)));
        return claimed;
    }

    /** Adds the rows {@code candidates} reads, up to the claim's max, by row id, leaving out skipped endpoints. */
    private static void choose(PreparedStatement candidates, DeliveryClaim claim,
            Map<Long, WebhookMessage> chosen)
            throws SQLException {
        try (ResultSet rs = candidates.executeQuery()) {
            while (chosen.size() < claim.max() && rs.next()) {
                if (!claim.skipEndpoints().contains(rs.getString("endpoint_id"))) {
                    chosen.put(rs.getLong(1), WebhookRows.claimedMessage(rs));
                }
            }
        }
    }

    @Override
    public String binary(String column) {
        return column;
    }

    @Override
    public String prefixListOrder() {
        return "+created_at DESC, id DESC";
    }
}
