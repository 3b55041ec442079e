package dev.weft.sync;

import dev.weft.testkit.services.RequiredService;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of a sync job between a PostgreSQL table ({@code left}, system {@code crm}) and a MariaDB one
 * ({@code right}, system {@code erp}): a {@link SyncFixture} on a fresh store, admin connections to both
 * databases, and table names made afresh per test (the test creates the tables; they are dropped after it).
 */
abstract class SyncDatabaseCase {
    @RegisterExtension
    static final RequiredService PG = SyncFixture.POSTGRES;
    @RegisterExtension
    static final RequiredService MARIA = SyncFixture.MARIADB;

    private final String leftName;
    private final String rightName;

    @TempDir
    Path dir;
    SyncFixture f;
    Connection crm;
    Connection erp;
    String left;
    String right;

    /** The tables' names, each followed by the test's own suffix. */
    SyncDatabaseCase(String leftName, String rightName) {
        this.leftName = leftName;
        this.rightName = rightName;
    }

    @BeforeEach
    final void openDatabases() throws Exception {
        f = new SyncFixture(dir);
        crm = SyncFixture.postgres();
        erp = SyncFixture.mariadb();
        left = leftName + "_" + f.suffix;
        right = rightName + "_" + f.suffix;
    }

    @AfterEach
    final void dropTables() throws Exception {
        try {
            SyncFixture.sql(crm, "DROP TABLE IF EXISTS " + left);
            SyncFixture.sql(erp, "DROP TABLE IF EXISTS " + right);
        } finally {
            crm.close();
            erp.close();
            f.close();
        }
    }
}
