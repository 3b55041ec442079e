package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.all;
import static dev.weft.store.jdbc.Queries.bind;

import dev.weft.engine.store.ExecutionStats;
import dev.weft.engine.store.ExecutionStatus;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Locale;

/**
 * The SQL of {@link dev.weft.engine.store.ExecutionStore#stats}, which SQLite and PostgreSQL both accept. Each
 * query reads only the executions of one tenant created in the window, found by the index
 * {@code executions_by_created (tenant_id, created_at, id)}, and the steps of at most
 * {@link ExecutionStats#SLOW_STEPS_OF} of them by the steps' primary key, so its cost grows with the window's
 * executions, not with the tables. Stateless.
 */
final class ExecutionStatsRows {
    private static final String WINDOW = " WHERE tenant_id = ? AND created_at >= ? AND created_at < ?";
    private static final String BUCKETS = "SELECT (created_at - ?) / ? AS bucket, status, COUNT(*)"
            + " FROM executions" + WINDOW + " GROUP BY bucket, status ORDER BY bucket, status";
    private static final String FAILED = "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)";
    private static final String ENDED = "SUM(CASE WHEN status IN ('succeeded', 'failed', 'cancelled') THEN 1"
            + " ELSE 0 END)";
    private static final String FLOWS = "SELECT namespace, flow_id, COUNT(*),"
            + " SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END), " + FAILED + ","
            + " SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END)"
            + " FROM executions" + WINDOW + " GROUP BY namespace, flow_id HAVING " + FAILED + " > 0"
            + " ORDER BY 1.0 * " + FAILED + " / " + ENDED + " DESC, " + FAILED + " DESC, namespace, flow_id"
            + " LIMIT ?";
    /**
     * Steps that wait rather than work (a timer, a signal) or only hold other steps (their time is their
     * children's) would always be "slowest" and say nothing: they are left out.
     */
    private static final String WORKING = " AND (s.type IS NULL OR s.type NOT IN ('wait', 'await', 'parallel',"
            + " 'foreach'))";
    private static final String TOOK = "(s.finished_at - s.started_at)";

    private ExecutionStatsRows() {
    }

    /** The window's newest executions, newest first by the index, then each one's steps by their key. */
    private static String steps(Dialect dialect) {
        return "SELECT e.namespace, e.flow_id, s.step_id, COUNT(*), AVG(" + TOOK + "), MAX(" + TOOK + ")"
                + " FROM (SELECT tenant_id, id, namespace, flow_id FROM executions" + WINDOW
                + " ORDER BY created_at DESC, id DESC LIMIT ?) e"
                + dialect.joinEach("steps", "s", "s.tenant_id = e.tenant_id AND s.execution_id = e.id")
                + " WHERE s.step_id IS NOT NULL AND s.started_at IS NOT NULL AND s.finished_at IS NOT NULL"
                + WORKING + " GROUP BY e.namespace, e.flow_id, s.step_id"
                + " ORDER BY MAX(" + TOOK + ") DESC, e.namespace, e.flow_id, s.step_id LIMIT ?";
    }

    static ExecutionStats read(Database db, ExecutionStats.Query q) {
        long from = q.from().toEpochMilli();
        long to = q.to().toEpochMilli();
        long width = q.bucket().toMillis();
        return db.read(q.tenantId(), statements -> {
            PreparedStatement buckets = statements.prepare(BUCKETS);
            bind(buckets, from, width, q.tenantId(), from, to);
            List<ExecutionStats.StatusCount> counts = all(buckets,
                    rs -> new ExecutionStats.StatusCount(rs.getLong(1),
                            ExecutionStatus.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                            rs.getLong(3)));
            PreparedStatement flows = statements.prepare(FLOWS);
            bind(flows, q.tenantId(), from, to, q.top());
            List<ExecutionStats.FlowOutcomes> failing = all(flows,
                    rs -> new ExecutionStats.FlowOutcomes(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6)));
            PreparedStatement steps = statements.prepare(steps(db.dialect()));
            bind(steps, q.tenantId(), from, to, ExecutionStats.SLOW_STEPS_OF, q.top());
            List<ExecutionStats.StepDurations> slow = all(steps,
                    rs -> new ExecutionStats.StepDurations(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4), Math.round(rs.getDouble(5)), rs.getLong(6)));
            return new ExecutionStats(counts, failing, slow);
        });
    }
}
