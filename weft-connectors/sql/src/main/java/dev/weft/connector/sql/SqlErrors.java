package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns a driver's {@link SQLException} into the step's error by its SQLState class: connection failures
 * (08), serialization failures and deadlocks (40001, 40P01), lock and statement timeouts and an
 * overloaded or restarting server are retryable; constraint violations (23), SQL errors (42), bad data
 * (22), refused credentials (28) and everything unknown are permanent. The server's message is kept (it
 * never holds the password, which the driver sends apart from all SQL), and a password that appeared
 * anyway would be masked. Stateless.
 */
final class SqlErrors {
    /** MariaDB's codes where its SQLState is the catch-all HY000 or 42000. */
    private static final int MARIADB_LOCK_WAIT_TIMEOUT = 1205;
    private static final int MARIADB_DEADLOCK = 1213;
    private static final int MARIADB_UNKNOWN_DATABASE = 1049;
    private static final int MARIADB_READ_ONLY = 1792;
    private static final int MARIADB_STATEMENT_TIMEOUT = 1969;

    private SqlErrors() {
    }

    /**
     * @param scope the call's scope, to tell a cancellation or a timeout from other failures; null outside calls
     * @param statement the index of the statement in {@code execute}'s list, or -1
     */
    static ConnectorException of(SqlConfig config, String operation, SQLException e, CallScope scope,
            int statement) {
        Dialect d = config.dialect();
        SQLException cause = serverError(e);
        String state = state(cause).isEmpty() ? state(e) : state(cause);
        int vendor = cause.getErrorCode();
        String message = mask(config, String.valueOf(cause.getMessage()).strip());
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("sqlState", state);
        details.put("vendorCode", vendor);
        if (statement >= 0) {
            details.put("statement", statement);
        }
        String op = d.id() + "." + operation + (statement >= 0 ? " statements[" + statement + "]" : "");
        if (scope != null && scope.cancelledByCaller()) {
            return scope.cancelled();
        }
        if (e instanceof SQLTimeoutException || state.equals("57014") || state.equals("70100")
                || vendor == MARIADB_STATEMENT_TIMEOUT) {
            return scope != null
                    ? scope.timedOut(e)
                    : ConnectorException.retryable(d.id() + ".timeout", op + " timed out: " + message,
                            details, e);
        }
        String kind = state.length() >= 2 ? state.substring(0, 2) : "";
        if (kind.equals("08") || e instanceof SQLTransientConnectionException && !kind.equals("28")
                && !kind.equals("3D") && vendor != MARIADB_UNKNOWN_DATABASE) {
            return ConnectorException.retryable(d.id() + ".unreachable", "cannot reach " + config.where()
                    + ": " + message + " (check config.host, config.port and config.ssl, and that the server"
                    + " accepts connections)", details, e);
        }
        if (kind.equals("28")) {
            return ConnectorException.permanent(d.id() + ".auth", "authentication failed for user "
                    + config.username() + " at " + config.where() + ": check the credential's username and"
                    + " password (" + message + ")", details, e);
        }
        if (kind.equals("3D") || vendor == MARIADB_UNKNOWN_DATABASE) {
            return ConnectorException.permanent(d.id() + ".config", config.where() + ": " + message
                    + " (check config.database)", details, e);
        }
        if (state.equals("40P01") || vendor == MARIADB_DEADLOCK) {
            return ConnectorException.retryable(d.id() + ".deadlock", op + " was chosen as a deadlock victim"
                    + " and rolled back; trying again may succeed: " + message, details, e);
        }
        if (state.equals("40001")) {
            return ConnectorException.retryable(d.id() + ".serialization", op + " conflicted with a"
                    + " concurrent transaction and was rolled back; trying again may succeed: " + message,
                    details, e);
        }
        if (state.equals("55P03") || vendor == MARIADB_LOCK_WAIT_TIMEOUT) {
            return ConnectorException.retryable(d.id() + ".lock_timeout", op + " waited too long for a lock: "
                    + message, details, e);
        }
        if (kind.equals("53") || state.startsWith("57P")) {
            return ConnectorException.retryable(d.id() + ".unavailable", config.where()
                    + " cannot take the statement now: " + message, details, e);
        }
        if (kind.equals("23")) {
            return ConnectorException.permanent(d.id() + ".constraint", op + " violates a constraint: "
                    + message, details, e);
        }
        if (state.equals("25006") || vendor == MARIADB_READ_ONLY) {
            return ConnectorException.permanent(d.id() + ".readonly", op + " runs in a read-only transaction:"
                    + " change data with " + d.id() + ".execute, " + d.id() + ".insert or " + d.id()
                    + ".upsert (" + message + ")", details, e);
        }
        if (kind.equals("22")) {
            return ConnectorException.permanent(d.id() + ".data", op + " was given a value the database"
                    + " refuses: " + message, details, e);
        }
        return ConnectorException.permanent(d.id() + ".sql", op + " failed: " + message, details, e);
    }

    /** The server's own error: a batch's first failed entry, or the driver's error under the pool's. */
    private static SQLException serverError(SQLException e) {
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            return e.getNextException();
        }
        if (e instanceof SQLTransientConnectionException && e.getCause() instanceof SQLException cause) {
            return cause;
        }
        return e;
    }

    /** The first SQLState along the causes; empty when none has one. */
    private static String state(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        SQLException next = e.getNextException();
        return next != null && next.getSQLState() != null ? next.getSQLState() : "";
    }

    /**
     * Masks the password should it ever appear. Passwords shorter than four characters are left alone:
     * masking them would garble messages while hiding next to nothing.
     */
    static String mask(SqlConfig config, String message) {
        String password = config.password();
        return password.length() >= 4 ? message.replace(password, "***") : message;
    }
}
