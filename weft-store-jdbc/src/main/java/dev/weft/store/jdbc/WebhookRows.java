package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Rows.instant;
import static dev.weft.store.jdbc.Rows.setInstant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.EventTypeRecord;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;

/**
 * How outbound webhooks' records map to their columns (V26) and back, in the manner of {@link Rows}.
 * Stateless and thread-safe.
 */
final class WebhookRows {

    static final String ENDPOINT_COLUMNS = "tenant_id, id, url, description, events, filter_expression, headers,"
            + " rate_limit, concurrency, enabled, disabled_reason, secret_version, previous_secret_until,"
            + " failing_since, created_at, updated_at, version";
    static final String MESSAGE_COLUMNS = "tenant_id, id, event_type, event_id, body, occurred_at";
    static final String DELIVERY_COLUMNS = "tenant_id, id, endpoint_id, message_id, event_type, status, attempts,"
            + " round, due_at, last_status, last_error, created_at, updated_at, lease_owner, lease_until,"
            + " lease_version";
    static final String ATTEMPT_COLUMNS = "tenant_id, delivery_id, attempt, endpoint_id, message_id, started_at,"
            + " latency_ms, request_headers, response_status, response_body, error, succeeded";
    static final String EVENT_TYPE_COLUMNS = "tenant_id, type, description, json_schema, example, created_at,"
            + " updated_at";
    /** A delivery's columns (as {@code d}) and its message's, for a claim's answer. */
    static final String CLAIMED_COLUMNS = "d.tenant_id, d.id, d.endpoint_id, d.message_id, d.event_type, d.status,"
            + " d.attempts, d.round, d.due_at, d.last_status, d.last_error, d.created_at, d.updated_at,"
            + " d.lease_owner, d.lease_until, d.lease_version, m.event_type AS message_event_type, m.event_id,"
            + " m.body, m.occurred_at";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private WebhookRows() {
    }

    static WebhookEndpoint endpoint(ResultSet rs) throws SQLException {
        return new WebhookEndpoint(rs.getString("tenant_id"), rs.getString("id"), rs.getString("url"),
                rs.getString("description"), read(rs, "events", STRINGS), rs.getString("filter_expression"),
                read(rs, "headers", HEADERS), integer(rs, "rate_limit"), integer(rs, "concurrency"),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), rs.getInt("secret_version"),
                instant(rs, "previous_secret_until"), instant(rs, "failing_since"), instant(rs, "created_at"),
                instant(rs, "updated_at"), rs.getLong("version"));
    }

    /**
     * Binds an endpoint's settings, from {@code url} to {@code updated_at}, from {@code at} on: url,
     * description, events, filter, headers, rate limit, concurrency, enabled, disabled reason, failing since,
     * secret version, previous secret until, updated at (13 parameters).
     */
    static void bindSettings(PreparedStatement statement, int at, WebhookEndpoint e) throws SQLException {
        statement.setString(at, e.url());
        statement.setString(at + 1, e.description());
        statement.setString(at + 2, write(e.events()));
        statement.setString(at + 3, e.filter());
        statement.setString(at + 4, write(e.headers()));
        setInteger(statement, at + 5, e.rateLimit());
        setInteger(statement, at + 6, e.concurrency());
        statement.setBoolean(at + 7, e.enabled());
        statement.setString(at + 8, text(e.disabledReason()));
        setInstant(statement, at + 9, e.failingSince());
        statement.setInt(at + 10, e.secretVersion());
        setInstant(statement, at + 11, e.previousSecretUntil());
        setInstant(statement, at + 12, e.updatedAt());
    }

    static WebhookMessage message(ResultSet rs) throws SQLException {
        return new WebhookMessage(rs.getString("tenant_id"), rs.getString("id"), rs.getString("event_type"),
                rs.getString("event_id"), rs.getString("body"), instant(rs, "occurred_at"));
    }

    static void bindMessage(PreparedStatement insert, WebhookMessage m) throws SQLException {
        insert.setString(1, m.tenantId());
        insert.setString(2, m.id());
        insert.setString(3, m.eventType());
        insert.setString(4, m.eventId());
        insert.setString(5, m.body());
        setInstant(insert, 6, m.occurredAt());
    }

    static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        return new WebhookDelivery(rs.getString("tenant_id"), rs.getString("id"), rs.getString("endpoint_id"),
                rs.getString("message_id"), rs.getString("event_type"),
                DeliveryStatus.ofWireName(rs.getString("status")), rs.getInt("attempts"), rs.getInt("round"),
                instant(rs, "due_at"), integer(rs, "last_status"), rs.getString("last_error"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getString("lease_owner"),
                instant(rs, "lease_until"), rs.getLong("lease_version"));
    }

    /** The message of a row selected with {@link #CLAIMED_COLUMNS}. */
    static WebhookMessage claimedMessage(ResultSet rs) throws SQLException {
        return new WebhookMessage(rs.getString("tenant_id"), rs.getString("message_id"),
                rs.getString("message_event_type"), rs.getString("event_id"), rs.getString("body"),
                instant(rs, "occurred_at"));
    }

    static void bindDelivery(PreparedStatement insert, WebhookDelivery d) throws SQLException {
        insert.setString(1, d.tenantId());
        insert.setString(2, d.id());
        insert.setString(3, d.endpointId());
        insert.setString(4, d.messageId());
        insert.setString(5, d.eventType());
        insert.setString(6, d.status().wireName());
        insert.setInt(7, d.attempts());
        insert.setInt(8, d.round());
        // Held by an owner, it is due when the lease ends (see WebhookStore).
        setInstant(insert, 9, d.leaseOwner() != null && d.leaseUntil() != null ? d.leaseUntil() : d.dueAt());
        setInteger(insert, 10, d.lastStatus());
        insert.setString(11, text(d.lastError()));
        setInstant(insert, 12, d.createdAt());
        setInstant(insert, 13, d.updatedAt());
        insert.setString(14, d.leaseOwner());
        setInstant(insert, 15, d.leaseUntil());
        insert.setLong(16, d.leaseVersion());
    }

    static WebhookAttempt attempt(ResultSet rs) throws SQLException {
        return new WebhookAttempt(rs.getString("tenant_id"), rs.getString("delivery_id"),
                rs.getInt("attempt"),
                rs.getString("endpoint_id"), rs.getString("message_id"), instant(rs, "started_at"),
                rs.getLong("latency_ms"), read(rs, "request_headers", HEADERS),
                integer(rs, "response_status"),
                rs.getString("response_body"), rs.getString("error"), rs.getBoolean("succeeded"));
    }

    static void bindAttempt(PreparedStatement insert, WebhookAttempt a) throws SQLException {
        insert.setString(1, a.tenantId());
        insert.setString(2, a.deliveryId());
        insert.setInt(3, a.attempt());
        insert.setString(4, a.endpointId());
        insert.setString(5, a.messageId());
        setInstant(insert, 6, a.startedAt());
        insert.setLong(7, a.latencyMillis());
        insert.setString(8, write(a.requestHeaders()));
        setInteger(insert, 9, a.responseStatus());
        insert.setString(10, text(a.responseBody()));
        insert.setString(11, text(a.error()));
        insert.setBoolean(12, a.succeeded());
    }

    /**
     * Free text from outside (a receiver's answer, an error about it) as a column can hold it: NUL, which a
     * PostgreSQL text value cannot contain (the insert, and the batch of outcomes with it, would fail), becomes
     * U+FFFD, the replacement character. The same on SQLite, so that both stores keep the same text.
     */
    static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    static EventTypeRecord eventType(ResultSet rs) throws SQLException {
        return new EventTypeRecord(rs.getString("tenant_id"), rs.getString("type"),
                rs.getString("description"),
                Rows.json(rs, "json_schema"), Rows.json(rs, "example"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    static void bindEventType(PreparedStatement insert, EventTypeRecord t) throws SQLException {
        insert.setString(1, t.tenantId());
        insert.setString(2, t.type());
        insert.setString(3, t.description());
        Rows.setJson(insert, 4, t.schema());
        Rows.setJson(insert, 5, t.example());
        setInstant(insert, 6, t.createdAt());
        setInstant(insert, 7, t.updatedAt());
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a value cannot be written as JSON: " + e.getOriginalMessage(),
                    e);
        }
    }

    private static <T> T read(ResultSet rs, String column, TypeReference<T> type) throws SQLException {
        String text = rs.getString(column);
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " holds invalid JSON", e);
        }
    }
}
