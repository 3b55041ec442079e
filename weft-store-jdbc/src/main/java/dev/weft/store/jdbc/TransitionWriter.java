package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Rows.setInstant;

import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionTrigger;
import dev.weft.engine.store.StepAttempt;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a batch of transitions inside one write transaction: the group-commit hot path. Stateless; the
 * prepared statements live in the writer's {@link StatementCache}.
 */
final class TransitionWriter {

    private static final String INSERT_EXECUTION = "INSERT INTO executions (" + Rows.EXECUTION_COLUMNS
            + ", trigger_type, trigger_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, id) DO NOTHING";
    // Fenced: matches only while the caller's lease version is current, and leaves that version alone.
    // Only the columns a transition changes: what the execution was created with (flow version, input,
    // trigger, parent) stays as inserted, so a step's commit does not serialize and write it again.
    private static final String UPDATE_EXECUTION = "UPDATE executions SET status = ?, output = ?,"
            + " error = ?, updated_at = ?, finished_at = ?, due_at = ?, lease_owner = ?, lease_until = ?"
            + " WHERE tenant_id = ? AND id = ? AND lease_version = ?";
    private static final String UPSERT_STEP = "INSERT INTO steps (tenant_id, " + Rows.STEP_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, execution_id, path) DO UPDATE SET step_id = excluded.step_id,"
            + " type = excluded.type, status = excluded.status, attempt = excluded.attempt,"
            + " output = excluded.output, output_ref = excluded.output_ref, error = excluded.error,"
            + " started_at = excluded.started_at, finished_at = excluded.finished_at,"
            + " due_at = excluded.due_at, seq = excluded.seq, input = excluded.input";
    private static final String INSERT_PAYLOAD = "INSERT INTO payloads (tenant_id, hash, json) VALUES (?, ?, ?)"
            + " ON CONFLICT (tenant_id, hash) DO NOTHING";
    private static final String DELETE_STEP = "DELETE FROM steps"
            + " WHERE tenant_id = ? AND execution_id = ? AND path = ?";
    private static final String INSERT_ATTEMPT = "INSERT INTO step_attempts (tenant_id, "
            + Rows.ATTEMPT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE_SIGNAL = "DELETE FROM signals"
            + " WHERE tenant_id = ? AND execution_id = ? AND seq = ?";

    private TransitionWriter() {
    }

    /**
     * Applies {@code transitions}; for each, in the order given, whether it was applied. The execution
     * rows come first (see {@link #writeExecutions}), then the rest of each applied transition in order. Statements go to the database in batches, one per
     * run of the same statement, so that a driver that pipelines batches (PostgreSQL's) makes one round
     * trip per run instead of one per row.
     *
     * @param encoded the transitions, with their JSON encoded
     */
    static List<Boolean> apply(StatementCache statements, List<EncodedTransition> encoded)
            throws SQLException {
        List<Boolean> applied = writeExecutions(statements, encoded);
        Batch rest = new Batch();
        for (int i = 0; i < encoded.size(); i++) {
            if (applied.get(i)) {
                writeRest(statements, rest, encoded.get(i));
            }
        }
        rest.flush();
        writeAttempts(statements, encoded, applied);
        writeEvents(statements, encoded, applied);
        List<dev.weft.engine.store.AuditEntry> audits = new java.util.ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            if (applied.get(i)) {
                audits.addAll(encoded.get(i).transition().audits());
            }
        }
        // By tenant: appending locks each tenant's chain head, and batches that take them in one order
        // cannot deadlock one another on PostgreSQL. (A tenant's entries keep their order: the sort is stable.)
        audits.sort(java.util.Comparator.comparing(dev.weft.engine.store.AuditEntry::tenant));
        for (dev.weft.engine.store.AuditEntry audit : audits) {
            JdbcAuditStore.appendIn(statements, audit);
        }
        return applied;
    }

    /**
     * The events of every applied transition in one batch, last, in the order of the transitions: one run
     * of the statement instead of one per transition between its step rows.
     */
    private static void writeEvents(StatementCache statements, List<EncodedTransition> encoded,
            List<Boolean> applied) throws SQLException {
        PreparedStatement insert = null;
        for (int i = 0; i < encoded.size(); i++) {
            if (!applied.get(i)) {
                continue;
            }
            EncodedTransition t = encoded.get(i);
            List<EventRecord> events = t.transition().events();
            for (int k = 0; k < events.size(); k++) {
                if (insert == null) {
                    insert = statements.prepare(JdbcEventStore.INSERT);
                }
                JdbcEventStore.bindInsert(insert, events.get(k), t.events()[k]);
                insert.addBatch();
            }
        }
        if (insert != null) {
            insert.executeBatch();
        }
    }

    /**
     * The attempts of every applied transition in one batch, after the rest: nothing reads them back within
     * the transaction, so one run of the statement (one round trip on PostgreSQL) carries them all.
     */
    private static void writeAttempts(StatementCache statements, List<EncodedTransition> encoded,
            List<Boolean> applied) throws SQLException {
        PreparedStatement insert = null;
        for (int i = 0; i < encoded.size(); i++) {
            Transition t = encoded.get(i).transition();
            if (!applied.get(i) || t.attempts().isEmpty()) {
                continue;
            }
            if (insert == null) {
                insert = statements.prepare(INSERT_ATTEMPT);
            }
            for (StepAttempt a : t.attempts()) {
                bindAttempt(insert, t.execution(), a);
                insert.addBatch();
            }
        }
        if (insert != null) {
            insert.executeBatch();
        }
    }

    private static void bindAttempt(PreparedStatement insert, ExecutionRecord execution, StepAttempt a)
            throws SQLException {
        if (!execution.id().equals(a.executionId())) {
            throw new IllegalArgumentException(
                    "attempt of " + a.path() + " names execution " + a.executionId()
                            + " in a transition of execution " + execution.id());
        }
        insert.setString(1, execution.tenantId());
        insert.setString(2, a.executionId());
        insert.setString(3, a.path());
        insert.setString(4, a.stepId());
        insert.setString(5, a.type());
        insert.setInt(6, a.attempt());
        insert.setString(7, a.outcome().wireName());
        setInstant(insert, 8, a.startedAt());
        setInstant(insert, 9, a.finishedAt());
        insert.setString(10, a.errorCode());
        insert.setString(11, a.errorMessage());
        if (a.retryable() == null) {
            insert.setNull(12, Types.BOOLEAN);
        } else {
            insert.setBoolean(12, a.retryable());
        }
        if (a.targetStatus() == null) {
            insert.setNull(13, Types.INTEGER);
        } else {
            insert.setInt(13, a.targetStatus());
        }
    }

    /**
     * The execution rows: the inserts in one batch, then the updates in one batch, in the order of their
     * keys (id, then tenant), the order in which every write that locks several executions locks them
     * ({@code renewLeases} too). So two writers that update some of the same rows (a batch and a lease
     * renewal, or two batches on a server database) wait for each other instead of deadlocking. Two
     * transitions of one execution keep their order: inserts come first and the sort is stable.
     */
    private static List<Boolean> writeExecutions(StatementCache statements, List<EncodedTransition> encoded)
            throws SQLException {
        Boolean[] applied = new Boolean[encoded.size()];
        List<Integer> creates = new ArrayList<>();
        List<Integer> updates = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            (encoded.get(i).transition().kind() == Transition.Kind.CREATE ? creates : updates).add(i);
        }
        updates.sort(Comparator.comparing((Integer i) -> encoded.get(i).transition().execution().id())
                .thenComparing(i -> encoded.get(i).transition().execution().tenantId()));
        if (!creates.isEmpty()) {
            PreparedStatement insert = statements.prepare(INSERT_EXECUTION);
            for (int i : creates) {
                bindInsert(insert, encoded.get(i));
                insert.addBatch();
            }
            collect(insert.executeBatch(), creates, applied);
        }
        if (!updates.isEmpty()) {
            PreparedStatement update = statements.prepare(UPDATE_EXECUTION);
            for (int i : updates) {
                bindUpdate(update, encoded.get(i));
                update.addBatch();
            }
            collect(update.executeBatch(), updates, applied);
        }
        return Arrays.asList(applied);
    }

    /** A CREATE refused by a duplicate id, or an UPDATE by the fence, counts no row. */
    private static void collect(int[] rowCounts, List<Integer> indexes, Boolean[] applied) {
        for (int k = 0; k < rowCounts.length; k++) {
            applied[indexes.get(k)] = rowCounts[k] == 1;
        }
    }

    /**
     * Rows added to the batch of one statement at a time: adding a row to another statement first sends
     * the pending batch, so that rows reach the database in the order they were added.
     */
    private static final class Batch {
        private PreparedStatement pending;

        void add(PreparedStatement statement) throws SQLException {
            if (pending != statement) {
                flush();
                pending = statement;
            }
            statement.addBatch();
        }

        void flush() throws SQLException {
            if (pending != null) {
                pending.executeBatch();
                pending = null;
            }
        }
    }

    private static void bindInsert(PreparedStatement insert, EncodedTransition encoded) throws SQLException {
        ExecutionRecord e = encoded.transition().execution();
        insert.setString(1, e.tenantId());
        insert.setString(2, e.id());
        insert.setString(3, e.namespace());
        insert.setString(4, e.flowId());
        insert.setInt(5, e.flowVersion());
        insert.setString(6, e.status().wireName());
        insert.setString(7, encoded.input());
        insert.setString(8, encoded.output());
        insert.setString(9, encoded.error());
        setInstant(insert, 10, e.createdAt());
        setInstant(insert, 11, e.updatedAt());
        setInstant(insert, 12, e.finishedAt());
        setInstant(insert, 13, e.dueAt());
        insert.setString(14, e.leaseOwner());
        setInstant(insert, 15, e.leaseUntil());
        insert.setLong(16, e.leaseVersion());
        insert.setString(17, e.parentId());
        insert.setString(18, e.parentStepPath());
        insert.setString(19, encoded.trigger());
        insert.setString(20, ExecutionTrigger.kind(e));
        insert.setString(21, ExecutionTrigger.key(e));
    }

    private static void bindUpdate(PreparedStatement update, EncodedTransition encoded) throws SQLException {
        ExecutionRecord e = encoded.transition().execution();
        update.setString(1, e.status().wireName());
        update.setString(2, encoded.output());
        update.setString(3, encoded.error());
        setInstant(update, 4, e.updatedAt());
        setInstant(update, 5, e.finishedAt());
        setInstant(update, 6, e.dueAt());
        update.setString(7, e.leaseOwner());
        setInstant(update, 8, e.leaseUntil());
        update.setString(9, e.tenantId());
        update.setString(10, e.id());
        update.setLong(11, encoded.transition().expectedLeaseVersion());
    }

    private static void writeRest(StatementCache statements, Batch batch, EncodedTransition encoded)
            throws SQLException {
        Transition transition = encoded.transition();
        String tenantId = transition.execution().tenantId();
        String executionId = transition.execution().id();
        if (!transition.payloads().isEmpty()) {
            PreparedStatement insert = statements.prepare(INSERT_PAYLOAD);
            for (Transition.Payload payload : transition.payloads()) {
                insert.setString(1, tenantId);
                insert.setString(2, payload.hash());
                insert.setString(3, new String(payload.json(), StandardCharsets.UTF_8));
                batch.add(insert);
            }
        }
        if (!transition.removedSteps().isEmpty()) {
            PreparedStatement delete = statements.prepare(DELETE_STEP);
            for (String path : transition.removedSteps()) {
                delete.setString(1, tenantId);
                delete.setString(2, executionId);
                delete.setString(3, path);
                batch.add(delete);
            }
        }
        if (!transition.steps().isEmpty()) {
            PreparedStatement upsert = statements.prepare(UPSERT_STEP);
            List<StepRecord> steps = transition.steps();
            for (int k = 0; k < steps.size(); k++) {
                bindStep(upsert, tenantId, executionId, steps.get(k), encoded.steps(), 3 * k);
                batch.add(upsert);
            }
        }
        if (!transition.consumedSignals().isEmpty()) {
            PreparedStatement delete = statements.prepare(DELETE_SIGNAL);
            for (long seq : transition.consumedSignals()) {
                delete.setString(1, tenantId);
                delete.setString(2, executionId);
                delete.setLong(3, seq);
                batch.add(delete);
            }
        }
    }

    /** Binds a step; its output, error and input are the three texts from {@code json[at]} on. */
    private static void bindStep(PreparedStatement upsert, String tenantId, String executionId,
            StepRecord s, String[] json, int at) throws SQLException {
        if (!executionId.equals(s.executionId())) {
            throw new IllegalArgumentException("step " + s.path() + " names execution " + s.executionId()
                    + " in a transition of execution " + executionId);
        }
        upsert.setString(1, tenantId);
        upsert.setString(2, executionId);
        upsert.setString(3, s.path());
        upsert.setString(4, s.stepId());
        upsert.setString(5, s.type());
        upsert.setString(6, Rows.name(s.status()));
        upsert.setInt(7, s.attempt());
        upsert.setString(8, json[at]);
        upsert.setString(9, s.outputRef());
        upsert.setString(10, json[at + 1]);
        setInstant(upsert, 11, s.startedAt());
        setInstant(upsert, 12, s.finishedAt());
        setInstant(upsert, 13, s.dueAt());
        upsert.setLong(14, s.seq());
        upsert.setString(15, json[at + 2]);
    }
}
