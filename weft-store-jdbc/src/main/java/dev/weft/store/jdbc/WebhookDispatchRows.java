package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Rows.setInstant;

import dev.weft.engine.store.webhook.AttemptOutcome;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.EndpointBacklog;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dispatcher's side of the {@link JdbcWebhookStore}, across tenants: writing messages and deliveries
 * (the fan-out), claiming, renewing and releasing leases, recording outcomes fenced by the lease version,
 * the backlog and retention. Rows are written in JDBC batches, one per statement, each in the order of its
 * keys, so that two writers locking some of the same rows on PostgreSQL wait for each other instead of
 * deadlocking. Thread-safe.
 */
final class WebhookDispatchRows {

    private static final String INSERT_MESSAGE = "INSERT INTO webhook_messages ("
            + WebhookRows.MESSAGE_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO NOTHING";
    private static final String INSERT_DELIVERY = "INSERT INTO webhook_deliveries ("
            + WebhookRows.DELIVERY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, message_id, endpoint_id) DO NOTHING";
    /**
     * "Pending", for statements that find their row by its key: said so that it does not match the partial
     * indexes' "status = 'pending'", which PostgreSQL would otherwise choose over the key (a scan of every
     * pending row of the tenant, and of their dead versions until a vacuum, for each row).
     */
    private static final String UNFINISHED = "status NOT IN ('succeeded', 'failed')";
    // A held delivery is due when its lease ends, so that a claim needs to look at due rows only.
    private static final String RENEW = "UPDATE webhook_deliveries SET lease_until = ?, due_at = ?"
            + " WHERE id = ? AND lease_owner = ? AND " + UNFINISHED;
    // Due at once. The release has no clock; the row's last change was before the claim, so it is in the
    // past, and it keeps the delivery near where it was among the due ones.
    private static final String RELEASE = "UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL,"
            + " due_at = updated_at WHERE id = ? AND lease_owner = ? AND " + UNFINISHED;
    // Fenced: applies only while the sender's lease version is current and the delivery still pending (a
    // disabled endpoint's deliveries were failed meanwhile). Ending the lease takes the next version, so that
    // the same outcome handed over twice (a group commit tried again) applies once.
    private static final String RECORD = "UPDATE webhook_deliveries SET status = ?, attempts = ?,"
            + " round = round + 1, due_at = ?, last_status = ?, last_error = ?, updated_at = ?,"
            + " lease_owner = NULL, lease_until = NULL, lease_version = lease_version + 1"
            + " WHERE tenant_id = ? AND id = ? AND lease_version = ? AND " + UNFINISHED;
    private static final String INSERT_ATTEMPT = "INSERT INTO webhook_attempts ("
            + WebhookRows.ATTEMPT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // failingSince changes only when an endpoint starts or stops failing, and then takes the next version, so
    // that an update of the endpoint made from an older read does not write back the old value. One
    // statement for the three changes (see failingSince), so that a batch locks endpoints in key order.
    private static final String NEXT_FAILING_SINCE = "CASE WHEN ? THEN ? ELSE COALESCE(failing_since, ?) END";
    private static final String FAILING_SINCE = "UPDATE webhook_endpoints SET failing_since = "
            + NEXT_FAILING_SINCE + ", version = version + 1 WHERE tenant_id = ? AND id = ?"
            + " AND failing_since IS DISTINCT FROM (" + NEXT_FAILING_SINCE + ")";

    private static final Comparator<WebhookDelivery> BY_MESSAGE = Comparator
            .comparing(WebhookDelivery::tenantId).thenComparing(WebhookDelivery::messageId)
            .thenComparing(WebhookDelivery::endpointId);

    private final Database db;

    WebhookDispatchRows(Database db) {
        this.db = db;
    }

    List<WebhookDelivery> enqueue(Collection<WebhookMessage> messages,
            Collection<WebhookDelivery> deliveries) {
        List<WebhookMessage> sortedMessages = messages.stream()
                .sorted(Comparator.comparing(WebhookMessage::tenantId).thenComparing(WebhookMessage::id))
                .toList();
        List<WebhookDelivery> sortedDeliveries = deliveries.stream().sorted(BY_MESSAGE).toList();
        if (sortedMessages.isEmpty() && sortedDeliveries.isEmpty()) {
            return List.of();
        }
        boolean[] written = db.write(statements -> {
            if (!sortedMessages.isEmpty()) {
                PreparedStatement insert = statements.prepare(INSERT_MESSAGE);
                for (WebhookMessage m : sortedMessages) {
                    WebhookRows.bindMessage(insert, m);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            boolean[] inserted = new boolean[sortedDeliveries.size()];
            if (!sortedDeliveries.isEmpty()) {
                PreparedStatement insert = statements.prepare(INSERT_DELIVERY);
                for (WebhookDelivery d : sortedDeliveries) {
                    WebhookRows.bindDelivery(insert, d);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    inserted[i] = counts[i] == 1;
                }
            }
            return inserted;
        });
        // In the order given, as the caller listed them.
        Map<WebhookDelivery, Boolean> byDelivery = new IdentityHashMap<>();
        for (int i = 0; i < written.length; i++) {
            byDelivery.merge(sortedDeliveries.get(i), written[i], Boolean::logicalOr);
        }
        return deliveries.stream().filter(byDelivery::get).toList();
    }

    List<ClaimedDelivery> claim(DeliveryClaim claim) {
        if (claim.max() <= 0) {
            return List.of();
        }
        return db.write(statements -> db.dialect().claimDeliveries(statements, claim));
    }

    void renewLeases(String owner, Collection<String> deliveryIds, Instant leaseUntil) {
        long until = leaseUntil.toEpochMilli();
        leases(RENEW, deliveryIds, (statement, id) -> bind(statement, until, until, id, owner));
    }

    void release(String owner, Collection<String> deliveryIds) {
        leases(RELEASE, deliveryIds, (statement, id) -> bind(statement, id, owner));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement, String deliveryId) throws SQLException;
    }

    /** Runs {@code sql} for each delivery, in one batch, in the order of their ids. */
    private void leases(String sql, Collection<String> deliveryIds, Binder binder) {
        if (deliveryIds.isEmpty()) {
            return;
        }
        List<String> sorted = deliveryIds.stream().sorted().distinct().toList();
        db.write(statements -> {
            PreparedStatement update = statements.prepare(sql);
            for (String id : sorted) {
                binder.bind(update, id);
                update.addBatch();
            }
            update.executeBatch();
            return null;
        });
    }

    List<Boolean> record(List<AttemptOutcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        Integer[] order = new Integer[outcomes.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing((Integer i) -> outcomes.get(i).attempt().deliveryId())
                .thenComparing(i -> outcomes.get(i).attempt().tenantId()));
        boolean[] applied = db.write(statements -> {
            boolean[] done = new boolean[outcomes.size()];
            PreparedStatement update = statements.prepare(RECORD);
            for (int i : order) {
                bindRecord(update, outcomes.get(i), now);
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int k = 0; k < counts.length; k++) {
                done[order[k]] = counts[k] == 1;
            }
            PreparedStatement insert = null;
            for (int i : order) {
                if (done[i]) {
                    if (insert == null) {
                        insert = statements.prepare(INSERT_ATTEMPT);
                    }
                    WebhookRows.bindAttempt(insert, outcomes.get(i).attempt());
                    insert.addBatch();
                }
            }
            if (insert != null) {
                insert.executeBatch();
            }
            updateFailingSince(statements, outcomes, done);
            return done;
        });
        List<Boolean> result = new ArrayList<>(applied.length);
        for (boolean a : applied) {
            result.add(a);
        }
        return result;
    }

    private static void bindRecord(PreparedStatement update, AttemptOutcome outcome, Instant now)
            throws SQLException {
        WebhookAttempt a = outcome.attempt();
        update.setString(1, outcome.status().wireName());
        update.setInt(2, a.attempt());
        setInstant(update, 3, outcome.status() == DeliveryStatus.PENDING ? outcome.nextDueAt() : null);
        WebhookRows.setInteger(update, 4, a.responseStatus());
        update.setString(5, WebhookRows.text(a.error()));
        setInstant(update, 6, now);
        update.setString(7, a.tenantId());
        update.setString(8, a.deliveryId());
        update.setLong(9, outcome.leaseVersion());
    }

    /**
     * The endpoints' {@code failingSince} after the applied attempts: cleared by a success; set, if it was
     * not, to the first failure of a run with no success in this batch; and set to the first failure after
     * the last success when both happened. Endpoints in key order, the order they are locked in.
     */
    private static void updateFailingSince(StatementCache statements, List<AttemptOutcome> outcomes,
            boolean[] applied) throws SQLException {
        Map<List<String>, List<WebhookAttempt>> byEndpoint = new TreeMap<>(Comparator
                .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (int i = 0; i < outcomes.size(); i++) {
            if (applied[i]) {
                WebhookAttempt a = outcomes.get(i).attempt();
                byEndpoint.computeIfAbsent(List.of(a.tenantId(), a.endpointId()), k -> new ArrayList<>())
                        .add(a);
            }
        }
        PreparedStatement update = null;
        for (Map.Entry<List<String>, List<WebhookAttempt>> e : byEndpoint.entrySet()) {
            Instant lastSuccess = e.getValue().stream().filter(WebhookAttempt::succeeded)
                    .map(WebhookAttempt::startedAt).max(Comparator.naturalOrder()).orElse(null);
            Instant firstFailure = e.getValue().stream()
                    .filter(a -> !a.succeeded()
                            && (lastSuccess == null || a.startedAt().isAfter(lastSuccess)))
                    .map(WebhookAttempt::startedAt).min(Comparator.naturalOrder()).orElse(null);
            if (update == null) {
                update = statements.prepare(FAILING_SINCE);
            }
            // Replace (after a success: with the first failure after it, or nothing), or keep what is there.
            for (int at : new int[]{1, 6}) {
                update.setBoolean(at, lastSuccess != null);
                setInstant(update, at + 1, lastSuccess != null ? firstFailure : null);
                setInstant(update, at + 2, firstFailure);
            }
            update.setString(4, e.getKey().get(0));
            update.setString(5, e.getKey().get(1));
            update.addBatch();
        }
        if (update != null) {
            update.executeBatch();
        }
    }

    List<EndpointBacklog> backlog() {
        return db.read(statements -> all(statements.prepare("SELECT tenant_id, endpoint_id, count(*),"
                + " min(created_at) FROM webhook_deliveries WHERE status = 'pending'"
                + " GROUP BY tenant_id, endpoint_id ORDER BY tenant_id, endpoint_id"), rs -> {
                    String tenantId = rs.getString(1);
                    String endpointId = rs.getString(2);
                    long pending = rs.getLong(3);
                    long oldest = rs.getLong(4);
                    return new EndpointBacklog(tenantId, endpointId, pending,
                            rs.wasNull() ? null : Instant.ofEpochMilli(oldest));
                }));
    }

    int deleteFinishedBefore(Instant cutoff, int max) {
        if (max <= 0) {
            return 0;
        }
        return db.write(statements -> {
            PreparedStatement select = statements.prepare("SELECT tenant_id, id FROM webhook_deliveries"
                    + " WHERE status <> 'pending' AND updated_at < ? ORDER BY updated_at LIMIT ?");
            bind(select, cutoff.toEpochMilli(), max);
            List<String[]> old = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    old.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
            List<String[]> deleted = new ArrayList<>(old.size());
            if (!old.isEmpty()) {
                old.sort(Comparator.comparing((String[] k) -> k[1]).thenComparing(k -> k[0]));
                // The select locked nothing: a delivery retried since (on PostgreSQL, by a transaction that
                // committed meanwhile) is pending again, or finished after the cutoff, and stays, with its
                // attempts: only those of the deliveries deleted go.
                PreparedStatement delete = statements.prepare("DELETE FROM webhook_deliveries"
                        + " WHERE tenant_id = ? AND id = ? AND status IN ('succeeded', 'failed') AND updated_at < ?");
                for (String[] key : old) {
                    bind(delete, key[0], key[1], cutoff.toEpochMilli());
                    delete.addBatch();
                }
                int[] counts = delete.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 1) {
                        deleted.add(old.get(i));
                    }
                }
            }
            if (!deleted.isEmpty()) {
                PreparedStatement attempts = statements
                        .prepare("DELETE FROM webhook_attempts WHERE tenant_id = ? AND delivery_id = ?");
                for (String[] key : deleted) {
                    bind(attempts, key[0], key[1]);
                    attempts.addBatch();
                }
                attempts.executeBatch();
            }
            // Messages no delivery refers to: of the deliveries deleted now, and of endpoints deleted before.
            PreparedStatement messages = statements.prepare("DELETE FROM webhook_messages"
                    + " WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM webhook_messages m"
                    + " WHERE occurred_at < ? AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d"
                    + " WHERE d.tenant_id = m.tenant_id AND d.message_id = m.id) ORDER BY occurred_at LIMIT ?)");
            bind(messages, cutoff.toEpochMilli(), max);
            messages.executeUpdate();
            return deleted.size();
        });
    }
}
