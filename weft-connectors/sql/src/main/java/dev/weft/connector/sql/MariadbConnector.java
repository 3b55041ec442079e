package dev.weft.connector.sql;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code mariadb} connector: queries with named parameters, batch inserts and upserts, statements in
 * one transaction, and a polling trigger on new or updated rows, over a HikariCP pool per system. Shares
 * its code with {@link PostgresConnector}. Thread-safe; creating it connects to nothing.
 */
@AutoService(Connector.class)
public final class MariadbConnector implements Connector {
    private static final ConnectorSpec SPEC = SqlSpecs.spec(Dialect.MARIADB);

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new SqlSystemClient(Dialect.MARIADB, context);
    }
}
