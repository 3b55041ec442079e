package dev.weft.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Credential;
import dev.weft.engine.CallRouter;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.Storage;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.Gateways;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.store.jdbc.SqliteStorage;
import dev.weft.testkit.blob.TestBlobs;
import dev.weft.testkit.services.RequiredService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * A sync service on an SQLite store whose gateway reaches this machine's PostgreSQL ({@code crm}) and MariaDB
 * ({@code erp}) through the real SQL connectors, and admin connections to both for set-up and checks. Runs
 * are run on the test's thread ({@link SyncService#runDue}), so a test waits for nothing.
 */
final class SyncFixture implements AutoCloseable {
    static final String TENANT = ExecutionStore.DEFAULT_TENANT;
    static final RequiredService POSTGRES = RequiredService.of(
            "PostgreSQL at 127.0.0.1:5432/test (user postgres)",
            "start a PostgreSQL server that trusts local connections: createdb -h 127.0.0.1 -U postgres test",
            () -> postgres().close());
    static final RequiredService MARIADB = RequiredService.of("MariaDB at 127.0.0.1:3306/test (user root)",
            "start a MariaDB server whose root user has no password: mariadb -u root -e 'CREATE DATABASE test'",
            () -> mariadb().close());

    final Storage storage;
    final Gateway gateway;
    final SyncService sync;
    final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    SyncFixture(Path dir) {
        this(dir, Clock.systemUTC());
    }

    /** A fixture whose sync service reads {@code clock}, for tests that move time (leases). */
    SyncFixture(Path dir, Clock clock) {
        this.storage = SqliteStorage.open(dir);
        storage.systems().putSystem(TENANT, "crm", "postgres", config(5432), "crm-login",
                JsonNodeFactory.instance.objectNode(), clock.instant());
        storage.systems().putSystem(TENANT, "erp", "mariadb", config(3306), "erp-login",
                JsonNodeFactory.instance.objectNode(), clock.instant());
        CredentialSource logins = new CredentialSource() {
            @Override
            public Optional<Credential> credential(String tenantId, String name) {
                return switch (name) {
                    case "crm-login" -> Optional.of(new Credential.Basic("postgres", ""));
                    case "erp-login" -> Optional.of(new Credential.Basic("root", ""));
                    default -> Optional.empty();
                };
            }

            @Override
            public boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
                    String token) {
                return false;
            }
        };
        this.gateway = Gateway.of(sqlConnectors(), storage.systems(),
                logins, EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")), clock, TENANT,
                TestBlobs.temporary(), CallObserver.NONE);
        this.sync = SyncService.withoutRunner(storage.sync(), Gateways.only(gateway), storage.systems(),
                clock);
    }

    /**
     * Another node's sync service on the same store and gateway, reading {@code clock}, whose calls go
     * through {@code calls} applied to the gateway's call path (to act between two of its calls).
     */
    SyncService node(Clock clock, UnaryOperator<CallRouter> calls) {
        return SyncService.withoutRunner(storage.sync(), calls.apply(Gateways.only(gateway)),
                storage.systems(), clock);
    }

    /** The postgres and mariadb connectors, found as the server finds connectors. */
    static List<dev.weft.connector.Connector> sqlConnectors() {
        return java.util.ServiceLoader.load(dev.weft.connector.Connector.class).stream()
                .map(java.util.ServiceLoader.Provider::get)
                .filter(c -> List.of("postgres", "mariadb").contains(c.spec().id())).toList();
    }

    private static ObjectNode config(int port) {
        return JsonNodeFactory.instance.objectNode().put("host", "127.0.0.1").put("port", port)
                .put("database", "test").put("maxPoolSize", 4);
    }

    static Connection postgres() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        try (Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
        }
        return c;
    }

    static Connection mariadb() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test", "root", "");
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
        return c;
    }

    static void sql(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Every row of a query, by its first column, each as the other columns' values joined by '|'. */
    static Map<Long, String> rows(Connection c, String sql) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 2; i <= n; i++) {
                    row.append(i > 2 ? "|" : "").append(rs.getString(i));
                }
                rows.put(rs.getLong(1), row.toString());
            }
        }
        return rows;
    }

    /** Deploys a job; fails the test with its problems when it has any. */
    SyncService.Deployed deploy(String yaml) throws SyncInputException {
        return sync.deploy(TENANT, "job.yaml", yaml);
    }

    /** Runs the job now, on this thread, and returns the ended run. */
    SyncRun run(String job) throws SyncInputException {
        sync.runNow(TENANT, job);
        return sync.runDue().orElseThrow(() -> new AssertionError("no run of " + job + " was due"));
    }

    @Override
    public void close() {
        gateway.close();
        storage.close();
    }
}
