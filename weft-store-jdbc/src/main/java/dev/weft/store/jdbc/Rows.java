package dev.weft.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;

/**
 * How records map to columns and back: JSON as TEXT, instants as epoch milliseconds, statuses by their
 * lower-case names. Stateless and thread-safe.
 */
final class Rows {

    static final String EXECUTION_COLUMNS = "tenant_id, id, namespace, flow_id, flow_version, status, input,"
            + " output, error, created_at, updated_at, finished_at, due_at, lease_owner, lease_until,"
            + " lease_version, parent_id, parent_step_path, trigger";
    static final String STEP_COLUMNS = "execution_id, path, step_id, type, status, attempt, output, output_ref,"
            + " error, started_at, finished_at, due_at, seq, input";
    static final String ATTEMPT_COLUMNS = "execution_id, path, step_id, type, attempt, outcome, started_at,"
            + " finished_at, error_code, error_message, retryable, target_status";
    static final String FLOW_VERSION_COLUMNS = "tenant_id, namespace, flow_id, version, source, sha256, created_at";
    static final String SIGNAL_COLUMNS = "execution_id, seq, name, payload, received_at";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {
    }

    static ExecutionRecord execution(ResultSet rs) throws SQLException {
        return new ExecutionRecord(
                rs.getString("tenant_id"),
                rs.getString("id"),
                rs.getString("namespace"),
                rs.getString("flow_id"),
                rs.getInt("flow_version"),
                executionStatus(rs.getString("status")),
                json(rs, "input"),
                json(rs, "trigger"),
                json(rs, "output"),
                json(rs, "error"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"),
                instant(rs, "due_at"),
                rs.getString("lease_owner"),
                instant(rs, "lease_until"),
                rs.getLong("lease_version"),
                rs.getString("parent_id"),
                rs.getString("parent_step_path"));
    }

    static StepRecord step(ResultSet rs) throws SQLException {
        return new StepRecord(
                rs.getString("execution_id"),
                rs.getString("path"),
                rs.getString("step_id"),
                rs.getString("type"),
                StepStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getInt("attempt"),
                json(rs, "input"),
                json(rs, "output"),
                rs.getString("output_ref"),
                json(rs, "error"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "due_at"),
                rs.getLong("seq"));
    }

    static StepAttempt attempt(ResultSet rs) throws SQLException {
        boolean retryable = rs.getBoolean("retryable");
        Boolean retryableOrNull = rs.wasNull() ? null : retryable;
        int status = rs.getInt("target_status");
        Integer statusOrNull = rs.wasNull() ? null : status;
        return new StepAttempt(
                rs.getString("execution_id"),
                rs.getString("path"),
                rs.getString("step_id"),
                rs.getString("type"),
                rs.getInt("attempt"),
                StepAttempt.Outcome.ofWireName(rs.getString("outcome")),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("error_code"),
                rs.getString("error_message"),
                retryableOrNull,
                statusOrNull);
    }

    static FlowVersion flowVersion(ResultSet rs) throws SQLException {
        return new FlowVersion(
                rs.getString("tenant_id"),
                rs.getString("namespace"),
                rs.getString("flow_id"),
                rs.getInt("version"),
                rs.getString("source"),
                rs.getString("sha256"),
                instant(rs, "created_at"));
    }

    static SignalRecord signal(ResultSet rs) throws SQLException {
        return new SignalRecord(
                rs.getString("execution_id"),
                rs.getLong("seq"),
                rs.getString("name"),
                json(rs, "payload"),
                instant(rs, "received_at"));
    }

    static ExecutionStatus executionStatus(String stored) {
        return ExecutionStatus.valueOf(stored.toUpperCase(Locale.ROOT));
    }

    static String name(StepStatus status) {
        return status.wireName();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static JsonNode json(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " holds invalid JSON", e);
        }
    }

    static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }

    static void setJson(PreparedStatement statement, int index, JsonNode value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, json(value));
        }
    }

    /** The JSON text of a value, as the store writes it. */
    static String json(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a value cannot be written as JSON: " + e.getOriginalMessage(),
                    e);
        }
    }
}
