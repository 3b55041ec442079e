package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.webhook.AttemptOutcome;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import dev.weft.engine.store.webhook.DeliveryQuery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.EndpointBacklog;
import dev.weft.engine.store.webhook.EventTypeRecord;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@link WebhookStore} on a JDBC {@link Database}: endpoints, event types and the history here, the
 * dispatcher's side (fan-out, claims, outcomes, retention) in {@link WebhookDispatchRows}, and the changes of
 * many deliveries at once (disabling and deleting an endpoint, retry, replay) in {@link WebhookControlRows}. Every method that
 * names a tenant works in that tenant's scope. Thread-safe.
 */
final class JdbcWebhookStore implements WebhookStore {

    private static final String SELECT_ENDPOINT = "SELECT " + WebhookRows.ENDPOINT_COLUMNS
            + " FROM webhook_endpoints WHERE tenant_id = ? AND id = ?";
    private static final String INSERT_ENDPOINT = "INSERT INTO webhook_endpoints (tenant_id, id, url, description,"
            + " events, filter_expression, headers, rate_limit, concurrency, enabled, disabled_reason,"
            + " failing_since, secret_version, previous_secret_until, updated_at, created_at, version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING";
    private static final String UPDATE_ENDPOINT = "UPDATE webhook_endpoints SET url = ?, description = ?,"
            + " events = ?, filter_expression = ?, headers = ?, rate_limit = ?, concurrency = ?, enabled = ?,"
            + " disabled_reason = ?, failing_since = ?, secret_version = ?, previous_secret_until = ?,"
            + " updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?";
    private static final String SELECT_DELIVERY = "SELECT " + WebhookRows.DELIVERY_COLUMNS
            + " FROM webhook_deliveries WHERE tenant_id = ? AND id = ?";
    private static final String SELECT_EVENT_TYPE = "SELECT " + WebhookRows.EVENT_TYPE_COLUMNS
            + " FROM event_types WHERE tenant_id = ?";

    private final Database db;
    private final WebhookDispatchRows dispatch;
    private final WebhookControlRows control;

    JdbcWebhookStore(Database db) {
        this.db = db;
        this.dispatch = new WebhookDispatchRows(db);
        this.control = new WebhookControlRows(db);
    }

    // ---- endpoints

    @Override
    public WebhookEndpoint createEndpoint(WebhookEndpoint endpoint) {
        Optional<WebhookEndpoint> created = db.write(endpoint.tenantId(), statements -> {
            PreparedStatement insert = statements.prepare(INSERT_ENDPOINT);
            insert.setString(1, endpoint.tenantId());
            insert.setString(2, endpoint.id());
            WebhookRows.bindSettings(insert, 3, endpoint);
            Rows.setInstant(insert, 16, endpoint.createdAt());
            if (insert.executeUpdate() != 1) {
                return Optional.<WebhookEndpoint>empty();
            }
            return endpoint(statements, endpoint.tenantId(), endpoint.id());
        });
        return created.orElseThrow(() -> new IllegalStateException("an endpoint with id " + endpoint.id()
                + " exists already in tenant " + endpoint.tenantId() + "; create it with a new id"));
    }

    @Override
    public Optional<WebhookEndpoint> endpoint(String tenantId, String id) {
        return db.read(tenantId, statements -> endpoint(statements, tenantId, id));
    }

    private static Optional<WebhookEndpoint> endpoint(StatementCache statements, String tenantId, String id)
            throws SQLException {
        PreparedStatement select = statements.prepare(SELECT_ENDPOINT);
        bind(select, tenantId, id);
        return first(select, WebhookRows::endpoint);
    }

    @Override
    public List<WebhookEndpoint> endpoints(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + WebhookRows.ENDPOINT_COLUMNS
                    + " FROM webhook_endpoints WHERE tenant_id = ? ORDER BY created_at, id");
            bind(select, tenantId);
            return all(select, WebhookRows::endpoint);
        });
    }

    @Override
    public Optional<WebhookEndpoint> updateEndpoint(WebhookEndpoint endpoint) {
        return db.write(endpoint.tenantId(), statements -> {
            PreparedStatement update = statements.prepare(UPDATE_ENDPOINT);
            WebhookRows.bindSettings(update, 1, endpoint);
            update.setString(14, endpoint.tenantId());
            update.setString(15, endpoint.id());
            update.setLong(16, endpoint.version());
            if (update.executeUpdate() != 1) {
                return Optional.empty();
            }
            return endpoint(statements, endpoint.tenantId(), endpoint.id());
        });
    }

    @Override
    public boolean disableEndpoint(String tenantId, String id, String reason, EventRecord event,
            Instant now) {
        if (!event.tenantId().equals(tenantId)) {
            throw new IllegalArgumentException(
                    "the event of disabling endpoint " + id + " of tenant " + tenantId
                            + " names tenant " + event.tenantId() + "; write it in the endpoint's tenant");
        }
        return control.disableEndpoint(tenantId, id, reason, event, now);
    }

    @Override
    public boolean deleteEndpoint(String tenantId, String id) {
        return control.deleteEndpoint(tenantId, id);
    }

    // ---- fan-out and dispatch

    @Override
    public List<WebhookDelivery> enqueue(Collection<WebhookMessage> messages,
            Collection<WebhookDelivery> deliveries) {
        return dispatch.enqueue(messages, deliveries);
    }

    @Override
    public List<ClaimedDelivery> claim(String owner, Instant now, Instant leaseUntil, int max,
            Predicate<String> ownerIsDead, Set<String> skipEndpoints) {
        return dispatch.claim(new DeliveryClaim(owner, now, leaseUntil, max, ownerIsDead, skipEndpoints));
    }

    @Override
    public void renewLeases(String owner, Collection<String> deliveryIds, Instant leaseUntil) {
        dispatch.renewLeases(owner, deliveryIds, leaseUntil);
    }

    @Override
    public void release(String owner, Collection<String> deliveryIds) {
        dispatch.release(owner, deliveryIds);
    }

    @Override
    public List<Boolean> record(List<AttemptOutcome> outcomes, Instant now) {
        return dispatch.record(outcomes, now);
    }

    @Override
    public List<EndpointBacklog> backlog() {
        return dispatch.backlog();
    }

    @Override
    public List<EndpointBacklog> backlog(String tenantId) {
        // The partial index webhook_deliveries_backlog (tenant_id, endpoint_id, created_at) WHERE status =
        // 'pending' holds exactly these rows.
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT endpoint_id, count(*), min(created_at)"
                    + " FROM webhook_deliveries WHERE tenant_id = ? AND status = 'pending'"
                    + " GROUP BY endpoint_id ORDER BY endpoint_id");
            bind(select, tenantId);
            return all(select, rs -> {
                String endpointId = rs.getString(1);
                long pending = rs.getLong(2);
                long oldest = rs.getLong(3);
                return new EndpointBacklog(tenantId, endpointId, pending,
                        rs.wasNull() ? null : Instant.ofEpochMilli(oldest));
            });
        });
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int max) {
        return dispatch.deleteFinishedBefore(cutoff, max);
    }

    // ---- history and control

    @Override
    public Optional<WebhookDelivery> delivery(String tenantId, String id) {
        return db.read(tenantId, statements -> delivery(statements, tenantId, id));
    }

    private static Optional<WebhookDelivery> delivery(StatementCache statements, String tenantId, String id)
            throws SQLException {
        PreparedStatement select = statements.prepare(SELECT_DELIVERY);
        bind(select, tenantId, id);
        return first(select, WebhookRows::delivery);
    }

    @Override
    public List<WebhookDelivery> deliveries(DeliveryQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + WebhookRows.DELIVERY_COLUMNS
                + " FROM webhook_deliveries WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(q.tenantId()));
        if (q.endpointId() != null) {
            sql.append(" AND endpoint_id = ?");
            args.add(q.endpointId());
        }
        if (q.messageId() != null) {
            sql.append(" AND message_id = ?");
            args.add(q.messageId());
        }
        List<String> statuses = q.statuses().stream().map(DeliveryStatus::wireName).sorted().toList();
        in(sql, args, "status", statuses);
        in(sql, args, "event_type", q.eventTypes().stream().sorted().toList());
        if (q.since() != null) {
            sql.append(" AND created_at >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.until() != null) {
            sql.append(" AND created_at < ?");
            args.add(q.until().toEpochMilli());
        }
        if (q.before() != null) {
            sql.append(" AND id < ?");
            args.add(q.before());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(q.limit());
        return db.read(q.tenantId(), statements -> {
            PreparedStatement select = statements.prepare(sql.toString());
            bind(select, args.toArray());
            return all(select, WebhookRows::delivery);
        });
    }

    /** Appends {@code AND column IN (...)} for the values, unless there are none. */
    private static void in(StringBuilder sql, List<Object> args, String column, List<String> values) {
        if (!values.isEmpty()) {
            sql.append(" AND ").append(column).append(" IN (").append("?, ".repeat(values.size() - 1))
                    .append("?)");
            args.addAll(values);
        }
    }

    @Override
    public Optional<WebhookMessage> message(String tenantId, String id) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + WebhookRows.MESSAGE_COLUMNS
                    + " FROM webhook_messages WHERE tenant_id = ? AND id = ?");
            bind(select, tenantId, id);
            return first(select, WebhookRows::message);
        });
    }

    @Override
    public List<WebhookAttempt> attempts(String tenantId, String deliveryId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare("SELECT " + WebhookRows.ATTEMPT_COLUMNS
                    + " FROM webhook_attempts WHERE tenant_id = ? AND delivery_id = ? ORDER BY attempt");
            bind(select, tenantId, deliveryId);
            return all(select, WebhookRows::attempt);
        });
    }

    @Override
    public List<WebhookAttempt> messageAttempts(String tenantId, String messageId) {
        return db.read(tenantId, statements -> {
            // By the message's deliveries (their unique index), then each one's attempts (the primary key).
            PreparedStatement select = statements.prepare("SELECT " + WebhookRows.ATTEMPT_COLUMNS
                    + " FROM webhook_attempts WHERE tenant_id = ? AND delivery_id IN (SELECT id"
                    + " FROM webhook_deliveries WHERE tenant_id = ? AND message_id = ?)"
                    + " ORDER BY started_at, delivery_id, attempt");
            bind(select, tenantId, tenantId, messageId);
            return all(select, WebhookRows::attempt);
        });
    }

    @Override
    public Optional<WebhookDelivery> retry(String tenantId, String deliveryId, Instant now) {
        return control.retry(tenantId, deliveryId, now);
    }

    @Override
    public int replay(String tenantId, String endpointId, Instant since, Set<DeliveryStatus> statuses,
            Instant now) {
        return control.replay(tenantId, endpointId, since, statuses, now);
    }

    // ---- the tenants' own event types

    @Override
    public EventTypeRecord putEventType(EventTypeRecord type) {
        return db.write(type.tenantId(), statements -> {
            PreparedStatement upsert = statements.prepare("INSERT INTO event_types ("
                    + WebhookRows.EVENT_TYPE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (tenant_id, type) DO UPDATE SET description = excluded.description,"
                    + " json_schema = excluded.json_schema, example = excluded.example,"
                    + " updated_at = excluded.updated_at");
            WebhookRows.bindEventType(upsert, type);
            upsert.executeUpdate();
            return eventType(statements, type.tenantId(), type.type()).orElseThrow();
        });
    }

    @Override
    public Optional<EventTypeRecord> eventType(String tenantId, String type) {
        return db.read(tenantId, statements -> eventType(statements, tenantId, type));
    }

    private static Optional<EventTypeRecord> eventType(StatementCache statements, String tenantId,
            String type)
            throws SQLException {
        PreparedStatement select = statements.prepare(SELECT_EVENT_TYPE + " AND type = ?");
        bind(select, tenantId, type);
        return first(select, WebhookRows::eventType);
    }

    @Override
    public List<EventTypeRecord> eventTypes(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements.prepare(SELECT_EVENT_TYPE + " ORDER BY type");
            bind(select, tenantId);
            return all(select, WebhookRows::eventType);
        });
    }

    @Override
    public boolean deleteEventType(String tenantId, String type) {
        return db.write(tenantId, statements -> {
            PreparedStatement delete = statements
                    .prepare("DELETE FROM event_types WHERE tenant_id = ? AND type = ?");
            bind(delete, tenantId, type);
            return delete.executeUpdate() == 1;
        });
    }
}
