package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client of one PostgreSQL or MariaDB system: its pool ({@link Database}), the operations
 * ({@link Operations}) and the {@code rows} trigger ({@link RowsTrigger}). The configured host is put to
 * the platform's egress rules before the pool connects ({@link dev.weft.connector.Egress#checkHost}).
 * Thread-safe.
 */
final class SqlSystemClient implements SystemClient {
    private static final Pattern VERSION = Pattern.compile("^\\d+(\\.\\d+)*");
    private static final int TEST_TIMEOUT_SECONDS = 10;

    private final Database db;

    SqlSystemClient(Dialect dialect, SystemContext context) throws ConnectorException {
        SqlConfig config = SqlConfig.of(dialect, context.config(), context.credential());
        context.egress().checkHost(dialect.id(), config.host());
        this.db = new Database(config, context.systemId(), context.clock());
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        String prefix = db.dialect().id() + ".";
        if (!call.operation().startsWith(prefix)) {
            throw ConnectorException.permanent(db.dialect().id() + ".operation", "the " + db.dialect().id()
                    + " connector has no operation '" + call.operation() + "'", null, null);
        }
        return Operations.invoke(db, call.operation().substring(prefix.length()), call);
    }

    /**
     * Connects once outside the pool and runs {@code SELECT 1}: "connected to PostgreSQL 15.20 as
     * postgres (database test)", or why not (unreachable, refused credential, no such database).
     */
    @Override
    public ConnectionTest test() {
        SqlConfig config = db.config();
        try (Connection connection = db.connectOnce(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TEST_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
            DatabaseMetaData meta = connection.getMetaData();
            Matcher version = VERSION.matcher(meta.getDatabaseProductVersion());
            return ConnectionTest.ok("connected to " + db.dialect().product() + " "
                    + (version.find() ? version.group() : meta.getDatabaseProductVersion()) + " as "
                    + config.username() + " (database " + config.database() + " at " + config.host() + ":"
                    + config.port() + ")");
        } catch (SQLException e) {
            return ConnectionTest.failed(SqlErrors.of(config, "test", e, null, -1).getMessage());
        }
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        return RowsTrigger.poll(db, request);
    }

    @Override
    public void close() {
        db.close();
    }
}
