package dev.weft.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Prepares a PostgreSQL connection's statements so that each transaction says its tenant, as {@code SET
 * LOCAL weft.tenant} does ({@code set_config('weft.tenant', ..., true)}), before its first statement, without
 * a round trip of its own: the setting travels in front of the statement, as the first of two statements in
 * the same message ({@code SELECT set_config(...); SELECT ...}), and ends with the transaction. Row-level security (V18) then shows and accepts that tenant's
 * rows only. Nothing is set on the session, so a pooled connection keeps no tenant between two pieces of
 * work (and a transaction-pooling proxy such as PgBouncer may hand each transaction to another server
 * connection).
 *
 * <p>In auto-commit (reads) every statement is its own transaction, so every statement carries the
 * setting. In a write transaction the first statement run carries it and the rest run bare. A batch cannot
 * carry a second statement (the driver refuses one), so a transaction that begins with a batch sets the
 * tenant with a statement of its own first. Not thread-safe: one per connection and unit of work.
 */
final class TenantStatements implements StatementCache.Preparer {

    /**
     * What {@code weft.tenant} may hold, written into the SQL as a literal: a tenant id, the vault's own
     * ({@code $vault}), or {@code *}; never a quote, a backslash or a control character.
     */
    private static final Pattern TENANT = Pattern.compile("[^'\\\\\\p{Cntrl}]{1,100}");

    private final String prefix;
    private final String tenant;
    private final boolean transactional;
    /** Whether this transaction has said its tenant (only in a write transaction). */
    private boolean set;

    /**
     * @param transactional whether the statements run in one write transaction; else each in auto-commit
     */
    TenantStatements(String tenant, boolean transactional) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("not a tenant id: " + tenant
                    + " (Database.ALL_TENANTS for work across tenants)");
        }
        this.tenant = tenant;
        // set_config(..., true) is SET LOCAL as a function: SET LOCAL itself warns outside an explicit
        // transaction block, which an auto-commit read is not (a notice and a server log line per read).
        this.prefix = "SELECT set_config('weft.tenant', '" + tenant + "', true); ";
        this.transactional = transactional;
    }

    @Override
    public PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        if (transactional && set) {
            return connection.prepareStatement(sql); // the transaction has said its tenant
        }
        PreparedStatement scoped = connection.prepareStatement(prefix + sql);
        PreparedStatement bare = null;
        if (transactional) {
            try {
                bare = connection.prepareStatement(sql);
            } catch (SQLException | RuntimeException e) {
                scoped.close();
                throw e;
            }
        }
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, new Handler(connection, scoped, bare));
    }

    /** Says the tenant with a statement of its own, for a transaction whose first statement is a batch. */
    private void setAlone(Connection connection) throws SQLException {
        try (PreparedStatement set = connection
                .prepareStatement("SELECT set_config('weft.tenant', ?, true)")) {
            set.setString(1, tenant);
            set.execute();
        }
        this.set = true;
    }

    /**
     * One statement of the store: the scoped form (the setting in front) and, in a write transaction, the
     * bare form. Parameters and batch entries go to both; each execution runs the one that is due.
     */
    private final class Handler implements InvocationHandler {
        private final Connection connection;
        private final PreparedStatement scoped;
        private final PreparedStatement bare;
        /** The form that ran last: results, update counts and warnings are read from it. */
        private PreparedStatement last;

        Handler(Connection connection, PreparedStatement scoped, PreparedStatement bare) {
            this.connection = connection;
            this.scoped = scoped;
            this.bare = bare;
            this.last = scoped;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("execute") && args != null && args.length > 0) {
                throw new SQLException(
                        name + " with SQL text on a prepared statement; prepare the SQL instead");
            }
            try {
                return switch (name) {
                    case "executeQuery" -> executeQuery();
                    case "executeUpdate" -> (int) executeUpdate();
                    case "executeLargeUpdate" -> executeUpdate();
                    case "execute" -> execute();
                    case "executeBatch" -> batch().executeBatch();
                    case "executeLargeBatch" -> batch().executeLargeBatch();
                    case "getResultSet", "getUpdateCount", "getLargeUpdateCount", "getMoreResults",
                            "getGeneratedKeys", "getWarnings", "clearWarnings", "getMetaData",
                            "getParameterMetaData", "getConnection", "isClosed", "unwrap", "isWrapperFor",
                            "getFetchSize", "getMaxRows", "getQueryTimeout" ->
                        method.invoke(last, args);
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "tenant " + tenant + ": " + bareOrScoped();
                    default -> toBoth(method, args); // parameters, batch entries, limits, close
                };
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private Object bareOrScoped() {
            return bare != null ? bare : scoped;
        }

        /** Once the transaction has said its tenant only the bare form runs, and so needs its parameters. */
        private Object toBoth(Method method, Object[] args) throws ReflectiveOperationException {
            if (bare != null && set && !method.getName().equals("close")) {
                return method.invoke(bare, args);
            }
            Object result = method.invoke(scoped, args);
            if (bare != null) {
                method.invoke(bare, args);
            }
            return result;
        }

        /** The scoped form when this statement's transaction has not said its tenant yet, else the bare one. */
        private PreparedStatement due() {
            return bare == null || !set ? scoped : bare;
        }

        private void ran(PreparedStatement form) {
            last = form;
            if (form == scoped && transactional) {
                set = true;
            }
        }

        private ResultSet executeQuery() throws SQLException {
            PreparedStatement form = due();
            if (form == bare) {
                ResultSet rs = bare.executeQuery();
                ran(bare);
                return rs;
            }
            scoped.execute(); // the setting's own result, skipped
            ran(scoped);
            if (!scoped.getMoreResults()) {
                throw new SQLException("No results were returned by the query.");
            }
            return scoped.getResultSet();
        }

        private long executeUpdate() throws SQLException {
            PreparedStatement form = due();
            if (form == bare) {
                long count = bare.executeLargeUpdate();
                ran(bare);
                return count;
            }
            scoped.execute();
            ran(scoped);
            if (scoped.getMoreResults()) {
                throw new SQLException("A result was returned when none was expected.");
            }
            return scoped.getLargeUpdateCount();
        }

        private boolean execute() throws SQLException {
            PreparedStatement form = due();
            if (form == bare) {
                boolean result = bare.execute();
                ran(bare);
                return result;
            }
            scoped.execute();
            ran(scoped);
            return scoped.getMoreResults();
        }

        private PreparedStatement batch() throws SQLException {
            if (bare == null) {
                throw new SQLException(
                        "a batch runs in a write transaction (Database.write), where the tenant"
                                + " it names holds for every entry");
            }
            if (!set) {
                setAlone(connection);
            }
            scoped.clearBatch();
            last = bare;
            return bare;
        }
    }
}
