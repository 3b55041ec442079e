package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Rows.instant;
import static dev.weft.store.jdbc.Rows.setInstant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncJobRecord;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import dev.weft.engine.store.sync.SyncSide;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * How data sync's records map to their columns (V29) and back, in the manner of {@link Rows}. Stateless and
 * thread-safe.
 */
final class SyncRows {

    static final String JOB_COLUMNS = "tenant_id, id, version, source, sha256, enabled, created_at, updated_at";
    static final String LINK_COLUMNS = "left_key, right_key, left_hash, right_hash, base, synced_at";
    static final String RUN_COLUMNS = "tenant_id, job_id, id, job_version, reason, full_scan, status,"
            + " read_count, created_count, updated_count, deleted_count, unchanged_count, conflict_count,"
            + " failed_count, progress, error, created_at, started_at, finished_at, lease_owner, lease_until,"
            + " lease_version";
    static final String FAILURE_COLUMNS = "side, record_key, code, message, attempts, run_id, first_failed_at,"
            + " last_failed_at";
    static final String CONFLICT_COLUMNS = "tenant_id, job_id, id, left_key, right_key, left_record,"
            + " right_record, base, fields, status, resolution, resolved_by, created_at, resolved_at";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private SyncRows() {
    }

    static SyncJobRecord job(ResultSet rs) throws SQLException {
        return new SyncJobRecord(rs.getString("tenant_id"), rs.getString("id"), rs.getInt("version"),
                rs.getString("source"), rs.getString("sha256"), rs.getBoolean("enabled"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    static SyncLink link(ResultSet rs) throws SQLException {
        return new SyncLink(rs.getString("left_key"), rs.getString("right_key"), rs.getString("left_hash"),
                rs.getString("right_hash"), rs.getString("base"), instant(rs, "synced_at"));
    }

    /** Binds a link's columns, {@link #LINK_COLUMNS}, from {@code at} on (6 parameters). */
    static void bindLink(PreparedStatement statement, int at, SyncLink link) throws SQLException {
        statement.setString(at, link.leftKey());
        statement.setString(at + 1, link.rightKey());
        statement.setString(at + 2, link.leftHash());
        statement.setString(at + 3, link.rightHash());
        statement.setString(at + 4, link.base());
        setInstant(statement, at + 5, link.syncedAt());
    }

    static SyncRun run(ResultSet rs) throws SQLException {
        SyncCounts counts = new SyncCounts(rs.getLong("read_count"), rs.getLong("created_count"),
                rs.getLong("updated_count"), rs.getLong("deleted_count"), rs.getLong("unchanged_count"),
                rs.getLong("conflict_count"), rs.getLong("failed_count"));
        return new SyncRun(rs.getString("tenant_id"), rs.getString("job_id"), rs.getLong("id"),
                rs.getInt("job_version"), rs.getString("reason"), rs.getBoolean("full_scan"),
                runStatus(rs.getString("status")), counts, rs.getString("progress"), rs.getString("error"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                rs.getString("lease_owner"), instant(rs, "lease_until"), rs.getLong("lease_version"));
    }

    static SyncRunStatus runStatus(String label) {
        return SyncRunStatus.valueOf(label.toUpperCase(Locale.ROOT));
    }

    static SyncFailure failure(ResultSet rs) throws SQLException {
        return new SyncFailure(SyncSide.of(rs.getString("side")), rs.getString("record_key"),
                rs.getString("code"), rs.getString("message"), rs.getInt("attempts"), rs.getLong("run_id"),
                instant(rs, "first_failed_at"), instant(rs, "last_failed_at"));
    }

    static SyncConflict conflict(ResultSet rs) throws SQLException {
        List<String> fields;
        try {
            fields = JSON.readValue(rs.getString("fields"), STRINGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("column fields holds invalid JSON", e);
        }
        return new SyncConflict(rs.getString("tenant_id"), rs.getString("job_id"), rs.getString("id"),
                rs.getString("left_key"), rs.getString("right_key"), rs.getString("left_record"),
                rs.getString("right_record"), rs.getString("base"), fields,
                ConflictStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getString("resolution"), rs.getString("resolved_by"), instant(rs, "created_at"),
                instant(rs, "resolved_at"));
    }

    /** Binds a conflict's columns, {@link #CONFLICT_COLUMNS}, in order (14 parameters). */
    static void bindConflict(PreparedStatement insert, SyncConflict c) throws SQLException {
        insert.setString(1, c.tenantId());
        insert.setString(2, c.jobId());
        insert.setString(3, c.id());
        insert.setString(4, c.leftKey());
        insert.setString(5, c.rightKey());
        insert.setString(6, c.left());
        insert.setString(7, c.right());
        insert.setString(8, c.base());
        try {
            insert.setString(9, JSON.writeValueAsString(c.fields()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a conflict's fields cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
        insert.setString(10, c.status().label());
        insert.setString(11, c.resolution());
        insert.setString(12, c.resolvedBy());
        setInstant(insert, 13, c.createdAt());
        setInstant(insert, 14, c.resolvedAt());
    }
}
