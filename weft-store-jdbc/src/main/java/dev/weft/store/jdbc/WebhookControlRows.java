package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.bindFrom;
import static dev.weft.store.jdbc.Queries.first;

import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.WebhookDelivery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link JdbcWebhookStore}'s changes of a tenant's deliveries from outside the dispatcher: disabling and
 * deleting an endpoint, retry and replay. None of them touches a delivery being sent (a live lease), which
 * its attempt's outcome ends, except deleting its endpoint; each takes the next lease version of a delivery
 * it changes, so that no outcome of an earlier claim applies to it any more.
 *
 * <p>On PostgreSQL, a statement that changes several deliveries locks them first in the order of their ids,
 * the order in which {@link WebhookDispatchRows#record} locks them before their endpoints; disabling and
 * deleting an endpoint then lock the endpoint after its deliveries, as {@code record} does, so that the two
 * wait for each other instead of deadlocking. Thread-safe.
 */
final class WebhookControlRows {

    /** Not being sent at {@code ?} (now): no lease, or an expired one. */
    private static final String NOT_SENDING = "(lease_owner IS NULL OR lease_until <= ?)";
    /**
     * Pending again with the schedule from its start and a new lease version; its history (attempts, last
     * error) stays. Only where the delivery is not being sent at {@code ?} (now); said without "status =
     * 'pending'", so that PostgreSQL finds the row by its key rather than by a partial index of pending rows.
     */
    private static final String MAKE_DUE = "UPDATE webhook_deliveries SET status = 'pending', due_at = ?,"
            + " round = 0, lease_owner = NULL, lease_until = NULL, lease_version = lease_version + 1,"
            + " updated_at = ? WHERE (status <> 'pending' OR lease_owner IS NULL OR lease_until <= ?)";

    private final Database db;

    WebhookControlRows(Database db) {
        this.db = db;
    }

    boolean disableEndpoint(String tenantId, String id, String reason, EventRecord event, Instant now) {
        long at = now.toEpochMilli();
        String failing = "tenant_id = ? AND endpoint_id = ? AND status = 'pending' AND " + NOT_SENDING;
        return db.write(tenantId, statements -> {
            lockInIdOrder(statements, failing, tenantId, id, at);
            PreparedStatement disable = statements.prepare("UPDATE webhook_endpoints SET enabled = ?,"
                    + " disabled_reason = ?, updated_at = ?, version = version + 1"
                    + " WHERE tenant_id = ? AND id = ? AND enabled");
            disable.setBoolean(1, false);
            bindFrom(disable, 2, WebhookRows.text(reason), at, tenantId, id);
            if (disable.executeUpdate() == 0) {
                return false;
            }
            PreparedStatement fail = statements.prepare("UPDATE webhook_deliveries SET status = 'failed',"
                    + " last_error = ?, due_at = NULL, lease_owner = NULL, lease_until = NULL,"
                    + " lease_version = lease_version + 1, updated_at = ? WHERE " + failing);
            bind(fail, WebhookRows.text(reason), at, tenantId, id, at);
            fail.executeUpdate();
            JdbcEventStore.insert(statements, event);
            return true;
        });
    }

    boolean deleteEndpoint(String tenantId, String id) {
        return db.write(tenantId, statements -> {
            lockInIdOrder(statements, "tenant_id = ? AND endpoint_id = ?", tenantId, id);
            PreparedStatement attempts = statements.prepare("DELETE FROM webhook_attempts WHERE tenant_id = ?"
                    + " AND delivery_id IN (SELECT id FROM webhook_deliveries"
                    + " WHERE tenant_id = ? AND endpoint_id = ?)");
            bind(attempts, tenantId, tenantId, id);
            attempts.executeUpdate();
            PreparedStatement deliveries = statements
                    .prepare("DELETE FROM webhook_deliveries WHERE tenant_id = ? AND endpoint_id = ?");
            bind(deliveries, tenantId, id);
            deliveries.executeUpdate();
            PreparedStatement endpoint = statements
                    .prepare("DELETE FROM webhook_endpoints WHERE tenant_id = ? AND id = ?");
            bind(endpoint, tenantId, id);
            return endpoint.executeUpdate() == 1;
        });
    }

    Optional<WebhookDelivery> retry(String tenantId, String deliveryId, Instant now) {
        long at = now.toEpochMilli();
        return db.write(tenantId, statements -> {
            PreparedStatement update = statements.prepare(MAKE_DUE + " AND tenant_id = ? AND id = ?");
            bind(update, at, at, at, tenantId, deliveryId);
            update.executeUpdate();
            // Made due now, or, being sent, as it is.
            PreparedStatement select = statements.prepare("SELECT " + WebhookRows.DELIVERY_COLUMNS
                    + " FROM webhook_deliveries WHERE tenant_id = ? AND id = ?");
            bind(select, tenantId, deliveryId);
            return first(select, WebhookRows::delivery);
        });
    }

    int replay(String tenantId, String endpointId, Instant since, Set<DeliveryStatus> statuses, Instant now) {
        if (statuses.isEmpty()) {
            return 0;
        }
        long at = now.toEpochMilli();
        List<String> wireNames = statuses.stream().map(DeliveryStatus::wireName).sorted().toList();
        StringBuilder where = new StringBuilder("tenant_id = ? AND endpoint_id = ? AND status IN (")
                .append("?, ".repeat(wireNames.size() - 1)).append("?)");
        List<Object> args = new ArrayList<>(List.of(tenantId, endpointId));
        args.addAll(wireNames);
        if (since != null) {
            where.append(" AND created_at >= ?");
            args.add(since.toEpochMilli());
        }
        String lockable = where + " AND (status <> 'pending' OR " + NOT_SENDING + ")";
        List<Object> lockArgs = new ArrayList<>(args);
        lockArgs.add(at);
        return db.write(tenantId, statements -> {
            lockInIdOrder(statements, lockable, lockArgs.toArray());
            PreparedStatement update = statements.prepare(MAKE_DUE + " AND " + where);
            update.setLong(1, at);
            update.setLong(2, at);
            update.setLong(3, at);
            bindFrom(update, 4, args.toArray());
            return update.executeUpdate();
        });
    }

    /**
     * On PostgreSQL, locks the deliveries {@code where} selects, in the order of their ids (see the class
     * comment). Nothing on SQLite, whose write transactions take turns.
     */
    private void lockInIdOrder(StatementCache statements, String where, Object... args) throws SQLException {
        String forUpdate = db.dialect().forUpdate();
        if (forUpdate.isEmpty()) {
            return;
        }
        PreparedStatement lock = statements
                .prepare("SELECT id FROM webhook_deliveries WHERE " + where + " ORDER BY id" + forUpdate);
        bind(lock, args);
        try (ResultSet rs = lock.executeQuery()) {
            while (rs.next()) {
                // Each row read is locked until commit.
            }
        }
    }
}
