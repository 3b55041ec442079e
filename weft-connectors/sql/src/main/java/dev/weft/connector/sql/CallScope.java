package dev.weft.connector.sql;

import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time and the cancellation of one call, applied to each statement it runs: a statement gets the
 * call's remaining time as its query timeout (whole seconds, JDBC's unit, at least one), and a cancelled
 * call cancels the statement running on the server, which interrupting the thread would not. Thread-safe
 * (the cancellation arrives on another thread).
 */
final class CallScope implements AutoCloseable {
    private final Dialect dialect;
    private final String operation;
    private final Clock clock;
    private final Duration timeout;
    private final Instant deadline;
    private final Cancellation cancellation;
    private Statement running;
    private boolean closed;

    CallScope(Dialect dialect, String operation, Clock clock, Duration timeout, Cancellation cancellation) {
        this.dialect = dialect;
        this.operation = operation;
        this.clock = clock;
        this.timeout = timeout;
        this.deadline = clock.instant().plus(timeout);
        this.cancellation = cancellation;
        cancellation.onCancel(this::cancelRunning);
    }

    /** Before executing {@code statement}: gives it the time left, or fails when none is. */
    void start(Statement statement) throws ConnectorException, SQLException {
        if (cancellation.cancelled()) {
            throw cancelled();
        }
        long millisLeft = Duration.between(clock.instant(), deadline).toMillis();
        if (millisLeft <= 0) {
            throw timedOut(null);
        }
        statement.setQueryTimeout((int) Math.max(1, Math.ceilDiv(millisLeft, 1000)));
        synchronized (this) {
            running = closed ? null : statement;
        }
        if (cancellation.cancelled()) {
            cancelRunning(); // cancelled between the check and now: the callback may have found nothing
        }
    }

    /**
     * After a statement: a call cancelled meanwhile fails (and its transaction rolls back) even when the
     * server finished the statement anyway (MariaDB's SLEEP() returns 1 when its query is killed).
     */
    void finish() throws ConnectorException {
        synchronized (this) {
            running = null;
        }
        if (cancellation.cancelled()) {
            throw cancelled();
        }
    }

    boolean cancelledByCaller() {
        return cancellation.cancelled();
    }

    ConnectorException cancelled() {
        return ConnectorException.permanent(dialect.id() + ".cancelled", dialect.id() + "." + operation
                + " was cancelled (" + cancellation.reason() + ")", null, null);
    }

    ConnectorException timedOut(Throwable cause) {
        return ConnectorException.retryable(dialect.id() + ".timeout", dialect.id() + "." + operation
                + " did not finish within the call's timeout of " + timeout.toMillis() + " ms", null, cause);
    }

    /** Under the lock, so that {@link #close()} waits and the connection is not reused meanwhile. */
    private synchronized void cancelRunning() {
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException alreadyDone) {
                // the statement finished or was closed meanwhile: nothing is left to cancel
            }
        }
    }

    /** After the call: a late cancellation must not reach a statement of the next user of the connection. */
    @Override
    public synchronized void close() {
        closed = true;
        running = null;
    }
}
